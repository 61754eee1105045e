using Coexist.Model;

namespace Coexist.Probes.Sip.Checks;

/// <summary>A SIP rule: its ID, the stable check name results carry, its title and default severity.</summary>
public sealed record SipRule(string Id, string Check, string Title, Severity Severity, string Description)
{
    public RuleInfo ToRuleInfo() => new(Id, Title, Severity, Description);
}

/// <summary>The COEX6xxx rules (docs/rules/COEX6nnn.md), one check each.</summary>
public static class SipRules
{
    public static readonly SipRule Discovery = new("COEX6001", "sip-discovery", "SIP service cannot be found on the path", Severity.Error,
        "The NAPTR and SRV records of a SIP domain (RFC 3263) must lead to targets with addresses on every path: AAAA records for IPv6 clients, A records for IPv4 clients and NAT64.");

    public static readonly SipRule Options = new("COEX6002", "sip-options", "SIP server does not answer OPTIONS", Severity.Error,
        "Every SIP server and media gateway address must answer OPTIONS (RFC 3261 §11) over each transport it offers (UDP, TCP, TLS) on each path, within the RFC 3261 timers.");

    public static readonly SipRule Syntax = new("COEX6003", "sip-ipv6-syntax", "IPv6 address written without brackets in SIP", Severity.Error,
        "IPv6 addresses in SIP URIs (Contact, Record-Route, maddr) must be bracketed IPv6 references (RFC 3261 §25.1, RFC 5118 §4.1), and never bracketed in SDP (RFC 8866 §9).");

    public static readonly SipRule Family = new("COEX6004", "sip-address-family", "SIP reply names an address of the other family", Severity.Error,
        "Contact and Record-Route must name addresses a client of the signalling's family can reach, and Via received/rport must show the request as it arrived (RFC 3261 §18.2.1, RFC 3581): an IPv4 literal handed to an IPv6 client, natively or through NAT64, leaves it unable to continue the dialog.");

    public static readonly SipRule Media = new("COEX6005", "sip-media-family", "SDP media address not in the signalling family", Severity.Error,
        "The c= (and a=rtcp) addresses of an SDP answer must be of the family the client signals in; with the other family, RTP cannot flow directly between the endpoints (RFC 6157 §3).");

    public static readonly SipRule Ice = new("COEX6006", "sip-ice-families", "ICE candidates of one address family only", Severity.Warning,
        "An ICE answer should offer candidates of both families (RFC 8445 §5.1.1.1), so that IPv4 and IPv6 endpoints can find a working pair.");

    public static readonly SipRule Anat = new("COEX6007", "sip-anat", "SDP uses the obsolete ANAT grouping", Severity.Warning,
        "ANAT (a=group:ANAT, RFC 4091) is deprecated (RFC 5245 Appendix B.2); offer both families with ICE instead.");

    public static readonly SipRule UdpSize = new("COEX6008", "sip-udp-size", "SIP over UDP larger than 1,300 bytes, or without TCP", Severity.Warning,
        "SIP messages over UDP must stay within 1,300 bytes, larger requests go over TCP (RFC 3261 §18.1.1); fragments are often lost on IPv6 and NAT64 paths, so a server must keep its UDP messages small and answer over TCP as well.");

    public static IReadOnlyList<SipRule> All { get; } = [Discovery, Options, Syntax, Family, Media, Ice, Anat, UdpSize];

    public static IReadOnlyList<RuleInfo> Infos { get; } = [.. All.Select(rule => rule.ToRuleInfo())];
}
