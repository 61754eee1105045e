using System.Diagnostics;
using System.Globalization;
using Coexist.Scan;

namespace Coexist.Benchmarks.AnalyzerOverhead;

/// <summary>
/// `coexist scan` throughput: lines analyzed per second on a generated codebase, measured as the
/// scanner itself reports (analysis after loading), best and median of several runs.
/// </summary>
public static class ScanThroughput
{
    public static async Task<int> RunAsync(string directory, int repeats, bool noMSBuild)
    {
        var runs = new List<ScanStatistics>();
        for (var i = 0; i < repeats; i++)
        {
            var total = Stopwatch.StartNew();
            var result = await CodeScanner.ScanAsync(directory, new ScanOptions { NoMSBuild = noMSBuild });
            total.Stop();
            var s = result.Statistics;
            runs.Add(s);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i + 1}: {s.Files} files ({s.BoundFiles} bound in full), {s.Lines:N0} lines, {result.Findings.Count} findings; load {s.LoadTime.TotalSeconds:0.00} s, analysis {s.AnalysisTime.TotalSeconds:0.00} s = {s.LinesPerSecond:N0} lines/s; whole run {total.Elapsed.TotalSeconds:0.00} s"));
        }
        var ordered = runs.Select(r => r.LinesPerSecond).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lines/s: median {ordered[ordered.Count / 2]:N0}, best {ordered[^1]:N0} over {repeats} runs on {Environment.ProcessorCount} cores"));
        return 0;
    }
}
