using System.Collections.Immutable;

namespace Coexist.Probes.Dns;

/// <summary>
/// The EDNS(0) OPT pseudo-record (RFC 6891 §6.1), kept out of the additional section because it describes
/// the message, not data. The extended RCODE bits live in <see cref="DnsHeader.ResponseCode"/>.
/// </summary>
public sealed record DnsEdns
{
    /// <summary>The largest UDP payload the sender can take (RFC 6891 §6.2.3); travels in the CLASS field.</summary>
    public ushort UdpPayloadSize { get; init; } = DnsLimits.DefaultEdnsUdpPayloadSize;

    /// <summary>EDNS version; 0 is the only one defined.</summary>
    public byte Version { get; init; }

    /// <summary>DO: the sender wants DNSSEC records (RFC 3225).</summary>
    public bool DnssecOk { get; init; }

    /// <summary>The Z flag bits other than DO, which must be zero (RFC 6891 §6.1.4); kept to show senders that set them.</summary>
    public ushort OtherFlags { get; init; }

    /// <summary>Options, kept raw, in the order received.</summary>
    public ImmutableArray<EdnsOption> Options { get; init => field = value.IsDefault ? [] : value; } = [];

    public bool Equals(DnsEdns? other) =>
        other is not null
        && UdpPayloadSize == other.UdpPayloadSize
        && Version == other.Version
        && DnssecOk == other.DnssecOk
        && OtherFlags == other.OtherFlags
        && Options.SequenceEqual(other.Options);

    public override int GetHashCode() => HashCode.Combine(UdpPayloadSize, Version, DnssecOk, OtherFlags, Options.Length);
}

/// <summary>One EDNS option (RFC 6891 §6.1.2): a code and its raw data.</summary>
public sealed record EdnsOption(ushort Code, DnsBytes Data);
