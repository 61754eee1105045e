namespace Coexist.Probes.Sip;

/// <summary>The transports a SIP probe speaks (RFC 3261 §18).</summary>
public enum SipTransport
{
    Udp,
    Tcp,
    Tls,
}

public static class SipTransportNames
{
    /// <summary>The name in a Via sent-protocol: UDP, TCP, TLS.</summary>
    public static string WireName(this SipTransport transport) => transport switch
    {
        SipTransport.Udp => "UDP",
        SipTransport.Tcp => "TCP",
        SipTransport.Tls => "TLS",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };

    /// <summary>Whether the transport is a byte stream, which needs Content-Length framing (RFC 3261 §18.3).</summary>
    public static bool IsStream(this SipTransport transport) => transport != SipTransport.Udp;
}
