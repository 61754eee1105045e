namespace Coexist.Probes.Sip;

/// <summary>Protocol constants the codec and the probe use, with where each comes from.</summary>
public static class SipLimits
{
    /// <summary>RFC 3261 §19.1.2: the default port for sip: over UDP and TCP.</summary>
    public const int DefaultPort = 5060;

    /// <summary>RFC 3261 §19.1.2: the default port for sips: (TLS).</summary>
    public const int DefaultTlsPort = 5061;

    /// <summary>RFC 3261 §8.1.1.7: every branch this codec builds starts with the magic cookie.</summary>
    public const string BranchMagicCookie = "z9hG4bK";

    /// <summary>RFC 3261 §8.1.1.6: the Max-Forwards a user agent starts with.</summary>
    public const int InitialMaxForwards = 70;

    /// <summary>RFC 3261 §20.22: Max-Forwards is an integer from 0 to 255.</summary>
    public const int MaxMaxForwards = 255;

    /// <summary>
    /// RFC 3261 §18.1.1: without a known path MTU, a request within 200 octets of 1500 (so over 1300) must go over
    /// a congestion-controlled transport such as TCP. A check flags larger UDP requests.
    /// </summary>
    public const int MaxUdpRequestBytes = 1300;

    /// <summary>RFC 3261 §8.1.1.5: a CSeq number a client chooses is below 2**31.</summary>
    public const uint MaxInitialCSeq = int.MaxValue;

    /// <summary>RFC 768: the largest UDP payload over IPv4 (65535 - 8 - 20); larger datagrams need IPv6 jumbograms.</summary>
    public const int MaxUdpPayload = 65507;
}

/// <summary>
/// Limits on what the reader accepts from a peer, so that hostile input costs bounded memory and time.
/// RFC 3261 sets none; these fit every real message with a wide margin.
/// </summary>
public sealed record SipReadLimits
{
    public static SipReadLimits Default { get; } = new();

    /// <summary>Start line, header fields and the empty line. Real messages use 1–4 KiB; 64 KiB leaves room for long Record-Route sets.</summary>
    public int MaxHeaderSectionBytes { get; init; } = 64 * 1024;

    /// <summary>Header fields (a folded field counts once). A call-setup message has about 20.</summary>
    public int MaxHeaders { get; init; } = 256;

    /// <summary>The largest Content-Length accepted. SDP bodies are a few KiB; a UDP datagram holds at most 64 KiB.</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// How long a message may take to arrive on a stream once its first octet came: Timer B/F, 64*T1 = 32 s
    /// (RFC 3261 §17.1.1.2), the longest a client waits for a transaction anyway. Stops a peer that dribbles.
    /// </summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(32);
}
