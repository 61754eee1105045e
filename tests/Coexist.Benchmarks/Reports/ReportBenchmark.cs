using System.Diagnostics;
using System.Globalization;
using Coexist.Model;
using Coexist.Reports.Planning;
using Coexist.Reports.Rendering;

namespace Coexist.Benchmarks.Reports;

/// <summary>
/// Plans and renders a report of a large estate in every format, timing each step: the first run (templates compiled,
/// code jitted) and the median of the following runs. The issue's budget: 1,000 services with 50 findings each in at
/// most 2 s. Measured with a stopwatch rather than BenchmarkDotNet: one run takes a second, not nanoseconds, and the
/// figure that matters is the wall-clock time a user waits, cold and warm.
/// </summary>
public static class ReportBenchmark
{
    public const double BudgetSeconds = 2.0;

    private static double Median(List<double> runs) => runs.Skip(1).Order().ElementAt((runs.Count - 1) / 2);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static int Run(int services, int findingsPerService, int repeats)
    {
        var assessment = LargeEstate.Build(services, findingsPerService);
        var context = PlanningContext.Default with
        {
            Schemas = [.. Enumerable.Range(0, 50).Select(i => new SchemaRef($"db-{i}", null, Live: false))],
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"estate: {assessment.Services.Count:N0} services, {assessment.Findings.Count:N0} findings, {assessment.Probes.Count:N0} probe results; {Environment.ProcessorCount} cores, .NET {Environment.Version}"));

        var steps = new (string Name, Func<EstatePlan?, (EstatePlan? Plan, long Bytes)> Run)[]
        {
            ("plan", _ => (Planner.Plan(assessment, context), 0)),
            ("html", plan => (plan, ReportRenderer.Render(plan!, ReportFormat.Html).Length)),
            ("md", plan => (plan, ReportRenderer.Render(plan!, ReportFormat.Markdown).Length)),
            ("json", plan => (plan, ReportRenderer.Render(plan!, ReportFormat.Json).Length)),
            ("sarif", plan => (plan, ReportRenderer.Render(plan!, ReportFormat.Sarif).Length)),
        };
        var times = steps.ToDictionary(s => s.Name, _ => new List<double>());
        var cpu = steps.ToDictionary(s => s.Name, _ => new List<double>());
        var process = Process.GetCurrentProcess();
        var sizes = new Dictionary<string, long>();
        for (var run = 0; run <= repeats; run++)
        {
            EstatePlan? plan = null;
            foreach (var (name, step) in steps)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                (plan, var bytes) = step(plan);
                times[name].Add(watch.Elapsed.TotalSeconds);
                process.Refresh();
                cpu[name].Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
                sizes[name] = bytes;
            }
        }

        // CPU time is printed beside wall-clock time because a shared build machine's load inflates the latter.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average: {LoadAverage()}"));
        Console.WriteLine("step     first wall (s)  cpu (s)   median wall (s)  cpu (s)   output");
        foreach (var (name, list) in times)
        {
            var median = Median(list);
            var medianCpu = Median(cpu[name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-8} {list[0],14:0.000} {cpu[name][0],8:0.000}   {median,15:0.000} {medianCpu,8:0.000}   {(sizes[name] > 0 ? $"{sizes[name] / 1024.0 / 1024.0:0.0} MB" : "")}"));
        }
        double Total(string format, int run) => times["plan"][run] + times[format][run];
        double TotalCpu(string format, int run) => cpu["plan"][run] + cpu[format][run];
        var worstWarm = new[] { "html", "md", "json" }.Max(f => Enumerable.Range(1, repeats).Select(r => Total(f, r)).Order().ElementAt(repeats / 2));
        var worstCold = new[] { "html", "md", "json" }.Max(f => Total(f, 0));
        var worstWarmCpu = new[] { "html", "md", "json" }.Max(f => Enumerable.Range(1, repeats).Select(r => TotalCpu(f, r)).Order().ElementAt(repeats / 2));
        var worstColdCpu = new[] { "html", "md", "json" }.Max(f => TotalCpu(f, 0));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"plan + render, slowest format: {worstCold:0.000} s cold ({worstColdCpu:0.000} s cpu), {worstWarm:0.000} s warm ({worstWarmCpu:0.000} s cpu); budget {BudgetSeconds:0.0} s"));
        return worstCold <= BudgetSeconds ? 0 : 1;
    }
}
