using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Coexist.Probes.Dns;

/// <summary>How a query ended.</summary>
public enum DnsQueryOutcome
{
    /// <summary>A well-formed answer to the question arrived (with any RCODE: NXDOMAIN is an answer).</summary>
    Answered,

    /// <summary>No matching answer within the timeouts.</summary>
    TimedOut,

    /// <summary>An answer with the query's ID arrived but could not be read; <see cref="DnsQueryResult.FormatError"/> says why.</summary>
    Malformed,

    /// <summary>The network refused: port unreachable, no route, connection reset or closed early.</summary>
    NetworkError,
}

/// <summary>The transport that carried a message.</summary>
public enum DnsTransport
{
    Udp,
    Tcp,
}

/// <summary>What a query did, with the evidence a probe reports.</summary>
public sealed record DnsQueryResult
{
    public required DnsQueryOutcome Outcome { get; init; }

    public required IPEndPoint Server { get; init; }

    public required DnsQuestion Question { get; init; }

    /// <summary>The transport of the last exchange: TCP after a fallback.</summary>
    public required DnsTransport Transport { get; init; }

    /// <summary>The UDP answer was truncated (TC=1) and the question was asked again over TCP.</summary>
    public bool FellBackToTcp { get; init; }

    /// <summary>The answer, when <see cref="Outcome"/> is <see cref="DnsQueryOutcome.Answered"/>.</summary>
    public DnsMessage? Response { get; init; }

    /// <summary>Octets of the answer's DNS message (without the TCP length prefix).</summary>
    public int ResponseSize { get; init; }

    /// <summary>From sending the last query (datagram or TCP connect) to its answer.</summary>
    public TimeSpan RoundTrip { get; init; }

    /// <summary>From the first send to the end, retries and fallback included.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Queries sent: UDP datagrams plus TCP connections.</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// Messages that arrived but did not answer the question (wrong ID, wrong question, QR=0) and were
    /// ignored (RFC 5452 §9.1). Nonzero on a quiet network means a broken server or spoofing.
    /// </summary>
    public int MismatchedResponses { get; init; }

    /// <summary>Why an answer could not be read, when <see cref="Outcome"/> is <see cref="DnsQueryOutcome.Malformed"/>.</summary>
    public DnsFormatException? FormatError { get; init; }

    /// <summary>What went wrong, in words, for anything but <see cref="DnsQueryOutcome.Answered"/>.</summary>
    public string? Error { get; init; }

    [MemberNotNullWhen(true, nameof(Response))]
    public bool IsAnswered => Outcome == DnsQueryOutcome.Answered && Response is not null;

    public override string ToString() =>
        IsAnswered
            ? $"{Question} @{Server} {Transport}{(FellBackToTcp ? " (after TC)" : "")}: {Response.ResponseCode}, {Response.Answers.Length} answers, {ResponseSize} octets, {RoundTrip.TotalMilliseconds:0.###} ms"
            : $"{Question} @{Server} {Transport}: {Outcome}: {Error}";
}
