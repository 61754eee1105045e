using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Probes.Sip.Probe;

/// <summary>What a SIP host is to the telephony service: one of its SIP servers, or one of its media gateways.</summary>
public enum SipRole
{
    SipServer,
    MediaGateway,
}

/// <summary>
/// One place a client sends SIP to: a host (a name, or an address literal), a port and a transport, found through
/// NAPTR/SRV (RFC 3263) or listed in the inventory. <see cref="Domain"/> is the SIP domain it serves when it came
/// from discovery: the Request-URI, and the name a TLS certificate may carry (RFC 5922 §4).
/// </summary>
public sealed record SipTarget(string Host, int Port, SipTransport Transport, SipRole Role, string Source, string? Domain = null)
{
    /// <summary>The Request-URI and To of requests to this target: the SIP domain, else the host and port.</summary>
    public SipUri RequestUri()
    {
        var host = SipHost.Parse(Domain ?? Host);
        return SipUri.ForHost(host, Domain is null ? Port : null, null, Transport);
    }

    /// <summary>The names a TLS certificate of this target may carry: the SIP domain, and the host (RFC 5922 §4.1, §7.3).</summary>
    public IReadOnlyList<string> TlsNames => Domain is null || string.Equals(Domain, Host, StringComparison.OrdinalIgnoreCase) ? [Host] : [Domain, Host];

    public JsonObject ToJson() => new()
    {
        ["host"] = Host,
        ["port"] = Port,
        ["transport"] = Transport.WireName().ToLowerInvariant(),
        ["role"] = RoleName(Role),
        ["source"] = Source,
    };

    public static string RoleName(SipRole role) => role == SipRole.MediaGateway ? "media-gateway" : "sip-server";

    public override string ToString() => $"{Transport.WireName()} {Host}:{Port}";
}

/// <summary>Between the inventory's transports (Coexist.Model) and the codec's.</summary>
public static class SipTransports
{
    /// <summary>Every transport, in the order the probe prefers them for a call: UDP (what adapters use), TCP, TLS.</summary>
    public static IReadOnlyList<SipTransport> All { get; } = [SipTransport.Udp, SipTransport.Tcp, SipTransport.Tls];

    public static SipTransport ToCodec(Model.SipTransport transport) => transport switch
    {
        Model.SipTransport.Udp => SipTransport.Udp,
        Model.SipTransport.Tcp => SipTransport.Tcp,
        Model.SipTransport.Tls => SipTransport.Tls,
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };

    /// <summary>The default port of a transport (RFC 3261 §19.1.2).</summary>
    public static int DefaultPort(SipTransport transport) => transport == SipTransport.Tls ? SipLimits.DefaultTlsPort : SipLimits.DefaultPort;

    /// <summary>The transports the inventory lists for the service, or null when it lists none.</summary>
    public static IReadOnlyList<SipTransport>? Listed(ServiceSpec service) =>
        service.Transports.Count == 0 ? null : [.. All.Where(t => service.Transports.Select(ToCodec).Contains(t))];

    public static string Name(SipTransport transport) => transport.WireName().ToLowerInvariant();
}
