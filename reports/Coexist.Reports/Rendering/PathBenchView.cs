using System.Globalization;
using Coexist.Model;

namespace Coexist.Reports.Rendering;

/// <summary>
/// The assessment's path benches (<c>coexist path-bench</c>) as the templates read them: one table per bench in the
/// seed's layout (translated, IPv4 only, IPv6 only; latency and bandwidth, CONTEXT.md), with each translated path's
/// cost against the native path of its client's family and the path MTU verdict.
/// </summary>
internal static class PathBenchView
{
    public static List<object> Build(Assessment assessment) => [.. (assessment.PathBench ?? []).Select(Bench)];

    /// <summary>The MTU rules the benches name, for the report's list of rules.</summary>
    public static IEnumerable<string> RuleIds(Assessment assessment) =>
        (assessment.PathBench ?? []).SelectMany(b => b.Paths).Select(p => p.Mtu?.RuleId).OfType<string>();

    private static object Bench(PathBenchReport bench)
    {
        var rows = PathBenchLayout.SeedOrder(bench.Paths).ToList();
        var notes = rows.Where(p => p.Detail is not null).Select(p => $"{WireNames.Of(p.Path)}: {p.Detail}")
            .Concat(rows.Where(p => p.Mtu is not null).Select(p => $"{WireNames.Of(p.Path)} MTU: {p.Mtu!.Detail}"))
            .ToList();
        return new
        {
            bench.Target,
            Vantage = bench.Vantage ?? "",
            Method = Method(bench),
            Rows = rows.Select(Row).ToList(),
            HasNotes = notes.Count > 0,
            Notes = notes,
        };
    }

    private static string Method(PathBenchReport bench)
    {
        var port = bench.Port is { } p ? string.Create(CultureInfo.InvariantCulture, $" port {p}") : "";
        if (bench.Method is not { } m) return $"Measured against coexist echo-server{port}.";
        return string.Create(CultureInfo.InvariantCulture,
            $"Measured against coexist echo-server{port}: {m.Repeats} repeats per path, each of {m.LatencySamples} TCP handshakes and {F(m.ThroughputSeconds, "0.###")} s of TCP {m.ThroughputDirection ?? "download"}; figures are medians of the repeats with their min–max.");
    }

    private static object Row(PathBenchResult path) => new
    {
        Configuration = path.Configuration ?? PathBenchLayout.ConfigurationOf(path.Path),
        Path = WireNames.Of(path.Path),
        Address = path.Address ?? "",
        Latency = path.Outcome == Outcome.Pass ? Cell(path.LatencyMs, "0.000") : WireNames.Of(path.Outcome),
        Throughput = path.Outcome == Outcome.Pass ? Cell(path.ThroughputMbps, "0.0") : "",
        Cost = Cost(path),
        Css = "out-" + WireNames.Of(path.Outcome),
        Mtu = path.Mtu is { } mtu ? $"{WireNames.Of(mtu.Outcome)}{(mtu.LargestPacket is { } largest ? string.Create(CultureInfo.InvariantCulture, $", {largest:N0} bytes") : "")}{(mtu.PacketTooBig is { } ptb ? $", Packet Too Big {ptb}" : "")}" : "",
        MtuCss = path.Mtu is { } m ? "out-" + WireNames.Of(m.Outcome) : "",
        MtuRule = path.Mtu?.RuleId ?? "",
    };

    private static string Cell(Spread? spread, string format) =>
        spread is null ? "—" : $"{F(spread.Median, format)} ({F(spread.Min, format)}–{F(spread.Max, format)})";

    private static string Cost(PathBenchResult path)
    {
        if (path.Baseline is not { } baseline) return "";
        if (baseline == path.Path) return "baseline";
        var latency = path.OverheadMs is { } ms ? $"{(ms >= 0 ? "+" : "−")}{F(Math.Abs(ms), "0.000")} ms" : "latency not compared";
        var ratio = path.ThroughputRatio is { } r ? $"{F(r, "0.00")}× throughput" : "throughput not compared";
        return $"{latency}, {ratio} vs {WireNames.Of(baseline)}";
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
