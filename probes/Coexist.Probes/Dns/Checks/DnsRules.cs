using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>The COEX3xxx rules (docs/rules/COEX3nnn.md), one check each.</summary>
public static class DnsRules
{
    public static readonly ProbeRule Aaaa = new("COEX3001", "dns-aaaa", "Service name has no AAAA record", Severity.Error,
        "Every name of a service needs an AAAA record (an IPv4-mapped ::ffff:a.b.c.d does not count) for IPv6 clients to reach it natively.");

    public static readonly ProbeRule SpecialPurpose = new("COEX3002", "dns-special-purpose", "Special-purpose address in a public answer", Severity.Error,
        "A, AAAA and synthesized answers must not hold special-purpose addresses (RFC 6890 registries: private, loopback, link-local, ULA, documentation, the NAT64 well-known prefix ...).");

    public static readonly ProbeRule NameServersIPv6 = new("COEX3003", "dns-ns-ipv6", "Fewer than two name servers with IPv6", Severity.Error,
        "At least two of a zone's name servers need IPv6 addresses, so that IPv6-only resolvers can still resolve it when one is down.");

    public static readonly ProbeRule NameServerAnswers = new("COEX3004", "dns-ns-reachable", "Name server does not answer authoritatively over UDP and TCP", Severity.Error,
        "Each name server address on the path must answer SOA and NS over UDP and over TCP, with AA set, within 5 s.");

    public static readonly ProbeRule Glue = new("COEX3005", "dns-glue", "Glue differs from the authoritative addresses", Severity.Error,
        "The A/AAAA glue the parent zone hands out must equal the name servers' authoritative A/AAAA records, and in-zone name servers need glue for each family they have.");

    public static readonly ProbeRule Prefixes = new("COEX3006", "dns-ns-prefixes", "Name server addresses all in one prefix", Severity.Warning,
        "A zone's name server addresses should sit in more than one prefix (/48 for IPv6, /24 for IPv4), so that one routing failure does not take every server away.");

    public static readonly ProbeRule Ptr = new("COEX3007", "dns-ptr", "No forward-confirmed PTR for a mail or SIP server address", Severity.Warning,
        "Each address of a mail or SIP server needs a PTR record whose name resolves back to that address (forward-confirmed reverse DNS).");

    public static readonly ProbeRule Dns64Synthesis = new("COEX3008", "dns64-synthesis", "DNS64 resolver does not synthesize AAAA for an IPv4-only name", Severity.Error,
        "A DNS64 resolver must answer AAAA queries for names with only A records with AAAA synthesized from them under the NAT64 prefix (RFC 6147 §5.1.6).");

    public static readonly ProbeRule Dns64Prefix = new("COEX3009", "dns64-prefix", "NAT64 prefix cannot be discovered at the DNS64 resolver", Severity.Warning,
        "AAAA queries for ipv4only.arpa at the DNS64 resolver must reveal the NAT64 prefix (RFC 7050), which 464XLAT clients and applications with IPv4 literals need.");

    public static readonly ProbeRule Dns64RealAaaa = new("COEX3010", "dns64-real-aaaa", "DNS64 resolver changes real AAAA records", Severity.Error,
        "A DNS64 resolver must return a name's real AAAA records as they are and synthesize nothing when they exist (RFC 6147 §5.1.1).");

    public static readonly ProbeRule Dns64Dnssec = new("COEX3011", "dns64-dnssec", "DNSSEC-signed IPv4-only name behind DNS64", Severity.Warning,
        "A signed name with only A records gets synthesized AAAA that no signature covers; validating IPv6-only clients reject them (RFC 6147 §3, §5.5).");

    public static readonly ProbeRule LargeAnswer = new("COEX3012", "dns-large-answer", "Large answer does not work through TCP fallback", Severity.Error,
        "An answer over 1,232 octets must come back truncated over UDP and whole over TCP, rather than as a fragmented datagram or not at all (DNS Flag Day 2020, RFC 7766).");

    public static IReadOnlyList<ProbeRule> All { get; } =
        [Aaaa, SpecialPurpose, NameServersIPv6, NameServerAnswers, Glue, Prefixes, Ptr, Dns64Synthesis, Dns64Prefix, Dns64RealAaaa, Dns64Dnssec, LargeAnswer];

    public static IReadOnlyList<RuleInfo> Infos { get; } = [.. All.Select(rule => rule.ToRuleInfo())];
}
