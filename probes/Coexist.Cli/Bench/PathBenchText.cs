using System.Globalization;
using System.Text;
using Coexist.Model;
using Coexist.Probes.PathBench;

namespace Coexist.Cli.Bench;

/// <summary>
/// A bench for people, in the seed's layout (CONTEXT.md: translated, then IPv4 only, then IPv6 only; latency and
/// bandwidth), with the spread of repeats and each translated path's cost against its baseline; then the MTU of
/// every path and anything that could not be measured.
/// </summary>
internal static class PathBenchText
{
    public static string Render(PathBenchReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"coexist path-bench {report.Target}");
        if (report.Port is { } port) text.Append(CultureInfo.InvariantCulture, $" port {port}");
        if (report.Method is { } method)
            text.Append(CultureInfo.InvariantCulture, $": {method.Repeats} repeats of {method.LatencySamples} round trips and {F(method.ThroughputSeconds, "0.###")} s of TCP {method.ThroughputDirection ?? "download"} per path");
        text.AppendLine().AppendLine();

        var rows = PathBenchLayout.SeedOrder(report.Paths).ToList();
        var table = new List<string[]> { new[] { "configuration", "path", "address", "latency ms (min-max)", "throughput Mbit/s (min-max)", "cost" } };
        foreach (var path in rows)
        {
            table.Add(
            [
                path.Configuration ?? TranslationOverhead.ConfigurationOf(path.Path),
                WireNames.Of(path.Path),
                path.Address ?? "-",
                path.Outcome == Outcome.Pass ? Cell(path.LatencyMs, "0.000") : WireNames.Of(path.Outcome),
                path.Outcome == Outcome.Pass ? Cell(path.ThroughputMbps, "0.0") : "",
                Cost(path),
            ]);
        }
        var widths = Enumerable.Range(0, table[0].Length).Select(i => table.Max(r => r[i].Length)).ToList();
        foreach (var row in table)
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        text.AppendLine();
        text.AppendLine("latency: median TCP handshake round trip; cost: against the native path of the client's family");

        var mtu = rows.Where(p => p.Mtu is not null).ToList();
        if (mtu.Count > 0)
        {
            text.AppendLine().AppendLine("MTU");
            foreach (var path in mtu)
            {
                var verdict = path.Mtu!.RuleId is { } rule ? $"{WireNames.Of(path.Mtu.Outcome)} {rule}" : WireNames.Of(path.Mtu.Outcome);
                text.AppendLine(CultureInfo.InvariantCulture, $"  {WireNames.Of(path.Path),-6} {verdict}: {path.Mtu.Detail}");
            }
        }

        var notes = rows.Where(p => p.Detail is not null).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine().AppendLine("Notes");
            foreach (var path in notes)
                text.AppendLine(CultureInfo.InvariantCulture, $"  {WireNames.Of(path.Path),-6} {(path.Outcome == Outcome.Pass ? "" : WireNames.Of(path.Outcome) + ": ")}{path.Detail}");
        }
        return text.ToString();
    }

    private static string Cell(Spread? spread, string format) =>
        spread is null ? "-" : $"{F(spread.Median, format)} ({F(spread.Min, format)}-{F(spread.Max, format)})";

    private static string Cost(PathBenchResult path)
    {
        if (path.Baseline is not { } baseline) return "";
        if (baseline == path.Path) return "baseline";
        var latency = path.OverheadMs is { } ms ? $"{(ms >= 0 ? "+" : "")}{F(ms, "0.000")} ms" : "latency -";
        var ratio = path.ThroughputRatio is { } r ? $"{F(r, "0.00")}x throughput" : "throughput -";
        return $"{latency}, {ratio} vs {WireNames.Of(baseline)}";
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
