using System.Net;
using Coexist.Model;

namespace Coexist.Probes.Mtu;

/// <summary>Sizes and waits of the MTU check.</summary>
public sealed record MtuCheckOptions
{
    public static MtuCheckOptions Default { get; } = new();

    /// <summary>Fits in one packet of any path (IPv4's 68-byte minimum MTU, RFC 791, less headers, still holds it).</summary>
    public int SmallBytes { get; init; } = 32;

    /// <summary>Dozens of full-size segments, as a web page, a certificate chain or a zone transfer would be (the lab's large.bin).</summary>
    public int LargeBytes { get; init; } = 64 * 1024;

    /// <summary>Long enough for a few retransmissions of a lost full-size segment (the first RTO is 1 s, RFC 6298 §2).</summary>
    public TimeSpan StallWindow { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a UDP size probe waits for its echo: hundreds of round trips on any path worth measuring.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The largest packet to try; null for this host's link MTU towards the target.</summary>
    public int? Ceiling { get; init; }
}

/// <summary>
/// The MTU check of one path against <c>coexist echo-server</c>: a small TCP response (does the path work at all?),
/// a large one (do full-size segments get through, or does Packet Too Big let the server shrink them?) and the UDP
/// size search (how large a packet crosses?), judged by <see cref="MtuJudgement"/>. In every step only the server
/// sends large packets, so this host never learns the path MTU from its own traffic and keeps advertising a full
/// MSS, as a client that sends small requests does.
/// </summary>
public static class PathMtuCheck
{
    public static async Task<PathMtu> RunAsync(ProbePath path, IPEndPoint endpoint, MtuCheckOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= MtuCheckOptions.Default;
        var small = await TcpResponseExchange.RunAsync(endpoint, options.SmallBytes, options.ConnectTimeout, options.StallWindow, cancellationToken).ConfigureAwait(false);
        var observation = new MtuObservation { Path = path, Family = endpoint.AddressFamily, Small = small };
        if (small.End != ExchangeEnd.Completes) return MtuJudgement.Judge(observation);

        var large = await TcpResponseExchange.RunAsync(endpoint, options.LargeBytes, options.ConnectTimeout, options.StallWindow, cancellationToken).ConfigureAwait(false);
        var search = await UdpSizeSearch.RunAsync(endpoint, options.ProbeTimeout, options.Ceiling, cancellationToken).ConfigureAwait(false);
        return MtuJudgement.Judge(observation with { Search = search, Large = large });
    }
}
