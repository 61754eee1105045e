using System.Collections.Immutable;

namespace Coexist.Probes.Dns;

/// <summary>What a lookup found, in the terms a probe's verdict needs.</summary>
public enum DnsLookupStatus
{
    /// <summary>Records of the type exist at the name (after following CNAMEs).</summary>
    Found,

    /// <summary>The name exists but has no records of the type (NOERROR, empty answer: RFC 2308 §2.2).</summary>
    NoData,

    /// <summary>The name does not exist (NXDOMAIN, RFC 2308 §2.1).</summary>
    NameError,

    /// <summary>The server answered with another RCODE (SERVFAIL, REFUSED, ...): see <see cref="DnsLookupResult{T}.ResponseCode"/>.</summary>
    ServerFailure,

    /// <summary>The CNAME chain in the answer loops.</summary>
    CnameLoop,

    /// <summary>The CNAME chain in the answer is longer than <see cref="DnsLookup.MaxCnameChainLength"/>.</summary>
    CnameChainTooLong,

    /// <summary>No server answered in time.</summary>
    TimedOut,

    /// <summary>An answer came but could not be read.</summary>
    Malformed,

    /// <summary>The network refused (unreachable, port closed, connection reset).</summary>
    NetworkError,
}

/// <summary>
/// The outcome of one lookup: typed values, the records they came from, the CNAME chain followed, and every
/// exchange made (one per server tried), as evidence.
/// </summary>
public sealed record DnsLookupResult<T>
{
    public required DnsName Name { get; init; }

    public required DnsRecordType Type { get; init; }

    public required DnsLookupStatus Status { get; init; }

    /// <summary>The RCODE of the answer used, when there was one.</summary>
    public DnsResponseCode? ResponseCode { get; init; }

    /// <summary>The typed values (addresses, MX data, ...), in the order received.</summary>
    public ImmutableArray<T> Values { get; init => field = value.IsDefault ? [] : value; } = [];

    /// <summary>The records the values came from, with owner and TTL.</summary>
    public ImmutableArray<DnsRecord> Records { get; init => field = value.IsDefault ? [] : value; } = [];

    /// <summary>The CNAME records followed from <see cref="Name"/> to <see cref="CanonicalName"/>, in order.</summary>
    public ImmutableArray<DnsRecord> CnameChain { get; init => field = value.IsDefault ? [] : value; } = [];

    /// <summary>The name at the end of the CNAME chain (<see cref="Name"/> when there is none).</summary>
    public required DnsName CanonicalName { get; init; }

    /// <summary>The answer holds an RRSIG covering the type at the canonical name (only with DO set).</summary>
    public bool IsSigned { get; init; }

    /// <summary>Every query made, one per server tried, in order; the last one decided the status.</summary>
    public ImmutableArray<DnsQueryResult> Exchanges { get; init => field = value.IsDefault ? [] : value; } = [];

    public DnsQueryResult? LastExchange => Exchanges.IsEmpty ? null : Exchanges[^1];

    public bool IsFound => Status == DnsLookupStatus.Found;

    /// <summary>Why the lookup found nothing, in words; null when found.</summary>
    public string? Error { get; init; }

    public override string ToString() =>
        $"{Name} {Type}: {Status}{(Values.IsEmpty ? "" : " " + string.Join(", ", Values))}{(Error is null ? "" : $" ({Error})")}";
}
