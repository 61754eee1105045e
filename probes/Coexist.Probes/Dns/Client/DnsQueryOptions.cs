namespace Coexist.Probes.Dns;

/// <summary>Which transports a query may use.</summary>
public enum DnsTransportMode
{
    /// <summary>UDP, then TCP when the UDP answer is truncated (RFC 1035 §4.2.2, RFC 7766 §5).</summary>
    UdpWithTcpFallback,

    /// <summary>UDP only: a truncated answer is returned as it is (a probe may want to see TC=1).</summary>
    UdpOnly,

    /// <summary>TCP only (RFC 7766 requires servers to answer over TCP).</summary>
    TcpOnly,
}

/// <summary>How one query is sent. The defaults suit a recursive resolver on a good network.</summary>
public sealed record DnsQueryOptions
{
    /// <summary>Default wait for the first UDP answer; each retry waits twice as long (RFC 1035 §4.2.1 asks for backoff).</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Default wait for a TCP exchange, connection included.</summary>
    public static readonly TimeSpan DefaultTcpTimeout = TimeSpan.FromSeconds(4);

    /// <summary>Default datagrams sent before giving up: 1 s + 2 s + 4 s, 7 s in all, under a typical probe budget.</summary>
    public const int DefaultUdpAttempts = 3;

    /// <summary>The factor each UDP retry multiplies its wait by.</summary>
    public const int BackoffFactor = 2;

    public static DnsQueryOptions Default { get; } = new();

    public DnsTransportMode Transport { get; init; } = DnsTransportMode.UdpWithTcpFallback;

    /// <summary>How long the first UDP datagram waits for its answer. Retries wait <see cref="BackoffFactor"/> times longer each.</summary>
    public TimeSpan AttemptTimeout { get; init; } = DefaultAttemptTimeout;

    /// <summary>Datagrams to send, the first included; the same query (same ID) each time, so a late answer still counts.</summary>
    public int UdpAttempts { get; init; } = DefaultUdpAttempts;

    /// <summary>How long a TCP exchange may take, from connecting to the last octet of the answer.</summary>
    public TimeSpan TcpTimeout { get; init; } = DefaultTcpTimeout;

    /// <summary>RD: ask for recursion (set for resolvers, clear for authoritative servers).</summary>
    public bool RecursionDesired { get; init; } = true;

    /// <summary>CD: ask a validating resolver not to validate (RFC 4035 §3.2.2).</summary>
    public bool CheckingDisabled { get; init; }

    /// <summary>The EDNS UDP payload size to advertise, or null to send no OPT record (a plain RFC 1035 query).</summary>
    public ushort? EdnsUdpPayloadSize { get; init; } = DnsLimits.DefaultEdnsUdpPayloadSize;

    /// <summary>DO: ask for DNSSEC records (RFC 3225); needs EDNS.</summary>
    public bool DnssecOk { get; init; }

    internal void Validate()
    {
        if (AttemptTimeout <= TimeSpan.Zero) throw new ArgumentException($"AttemptTimeout must be positive, not {AttemptTimeout}");
        if (TcpTimeout <= TimeSpan.Zero) throw new ArgumentException($"TcpTimeout must be positive, not {TcpTimeout}");
        var longest = TimeSpan.FromMilliseconds(int.MaxValue);
        if (AttemptTimeout > longest || TcpTimeout > longest) throw new ArgumentException($"timeouts must be at most {longest}");
        if (UdpAttempts < 1) throw new ArgumentException($"UdpAttempts must be at least 1, not {UdpAttempts}");
        if (DnssecOk && EdnsUdpPayloadSize is null) throw new ArgumentException("DnssecOk needs EDNS: the DO bit travels in the OPT record (RFC 3225)");
        if (!Enum.IsDefined(Transport)) throw new ArgumentException($"unknown transport mode {Transport}");
    }
}
