using Coexist.Model;

namespace Coexist.Probes.PathBench;

/// <summary>
/// What translation costs (DESIGN.md, path-bench): each path against the native path of the client's family.
/// NAT64 and DNS64 clients are IPv6 hosts, so their baseline is v6; a SIIT client is an IPv4 host (map646's
/// front, CONTEXT.md), so its baseline is v4. Native paths are their own baseline: overhead 0, ratio 1.
/// </summary>
public static class TranslationOverhead
{
    /// <summary>Decimals kept: microseconds for time, hundredths for the ratio.</summary>
    public const int MillisecondDecimals = 3;
    public const int RatioDecimals = 3;

    /// <summary>The native path a path's client would use instead; null for dual (it mixes families).</summary>
    public static ProbePath? BaselineOf(ProbePath path) => path switch
    {
        ProbePath.V4 or ProbePath.Siit => ProbePath.V4,
        ProbePath.V6 or ProbePath.Nat64 or ProbePath.Dns64 => ProbePath.V6,
        _ => null,
    };

    public static bool IsTranslated(ProbePath path) => PathBenchLayout.IsTranslated(path);

    /// <summary>The seed table's name for a path's row (CONTEXT.md: translated / IPv4 only / IPv6 only).</summary>
    public static string ConfigurationOf(ProbePath path) => PathBenchLayout.ConfigurationOf(path);

    /// <summary>
    /// <paramref name="results"/> with <c>baseline</c>, <c>overheadMs</c> and <c>throughputRatio</c> filled in where
    /// both the path and its baseline were measured. Latency is compared like for like: the TCP handshake, else
    /// UDP echo.
    /// </summary>
    public static IReadOnlyList<PathBenchResult> Apply(IReadOnlyList<PathBenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.Select(result =>
        {
            if (result.Outcome != Outcome.Pass || BaselineOf(result.Path) is not { } baselinePath) return result;
            var baseline = results.FirstOrDefault(r => r.Path == baselinePath && r.Outcome == Outcome.Pass);
            if (baseline is null) return result;
            return result with
            {
                Baseline = baselinePath,
                OverheadMs = LatencyOverhead(result, baseline),
                ThroughputRatio = Ratio(result.ThroughputMbps, baseline.ThroughputMbps),
            };
        })];
    }

    /// <summary>Median latency minus the baseline's, like for like; null when they share no measurement.</summary>
    public static double? LatencyOverhead(PathBenchResult path, PathBenchResult baseline)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(baseline);
        var (mine, theirs) = path.TcpConnectMs is not null && baseline.TcpConnectMs is not null
            ? (path.TcpConnectMs, baseline.TcpConnectMs)
            : (path.UdpEchoMs, baseline.UdpEchoMs);
        return mine is null || theirs is null ? null : Math.Round(mine.Median - theirs.Median, MillisecondDecimals);
    }

    public static double? Ratio(Spread? path, Spread? baseline) =>
        path is null || baseline is null || baseline.Median <= 0 ? null : Math.Round(path.Median / baseline.Median, RatioDecimals);
}
