using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Web;

namespace Coexist.Benchmarks.WebProbe;

/// <summary>
/// N web targets × 3 paths (v4, v6, nat64) against the lab's real nginx, tayga and resolvers, through the whole
/// probe session and the web probe. The targets cycle over the lab's four web sites (names repeat; each target is
/// a service of its own, so nothing is shared between targets). Wall time is held against
/// 2 × the slowest single check × ⌈checks / concurrency⌉, and the process's peak memory against 300 MB.
/// Needs root and the lab: it holds the lab as the tests do (up.sh --hold, down.sh --release).
/// </summary>
public static class WebProbeBenchmark
{
    private static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64];

    /// <summary>The issue's memory limit for the run.</summary>
    private const long MemoryLimitBytes = 300L * 1024 * 1024;

    public static async Task<int> RunAsync(int targets, IReadOnlyList<int> concurrencies)
    {
        var lab = FindLab();
        var holder = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (await ShellAsync(Path.Combine(lab, "up.sh"), "--hold", holder) != 0)
        {
            Console.Error.WriteLine("web-probe: the lab did not come up (root and the lab's packages are needed)");
            return 2;
        }
        try
        {
            return await MeasureAsync(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(lab, "run", "lab.json")))!, targets, concurrencies);
        }
        finally
        {
            await ShellAsync(Path.Combine(lab, "down.sh"), "--release", holder);
        }
    }

    private static async Task<int> MeasureAsync(JsonNode lab, int targets, IReadOnlyList<int> concurrencies)
    {
        var sites = lab["cases"]!.AsArray().Where(c => c!["kind"]!.GetValue<string>() == "web").ToList();
        var services = Enumerable.Range(0, targets).Select(i =>
        {
            var site = sites[i % sites.Count]!;
            return new ServiceSpec
            {
                Name = $"target-{i:000}-{site["id"]!.GetValue<string>()}",
                Kind = ServiceKind.Web,
                Hosts = [site["name"]!.GetValue<string>()],
                Ports = [.. site["ports"]!.AsArray().Select(p => p!.GetValue<int>())],
            };
        }).ToList();
        var authorities = CertificateAuthorities.Load([lab["caCertificate"]!.GetValue<string>()]);

        Console.WriteLine($"{targets} targets (the lab's {sites.Count} web sites in turn) x {Paths.Count} paths; {Environment.ProcessorCount} cores, load {LoadAverage()}");
        Console.WriteLine("| concurrency C | checks N (run) | slowest check S | 2 × S × ceil(N/C) | wall time | wall / bound | peak working set | peak managed heap | outcomes |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var exit = 0;
        foreach (var concurrency in concurrencies)
        {
            var settings = new ProbeSettings
            {
                Resolvers = [new IPEndPoint(IPAddress.Parse(lab["resolvers"]!["plain"]!["ipv4"]!.GetValue<string>()), 53)],
                Dns64 = new IPEndPoint(IPAddress.Parse(lab["resolvers"]!["dns64"]!["ipv6"]!.GetValue<string>()), 53),
                CertificateAuthorities = authorities,
                // The per-target spacing is politeness toward real estates; 500 targets over 4 names would measure it, not the probe.
                Engine = new EngineOptions { Concurrency = concurrency, PerTargetInterval = TimeSpan.Zero },
            };
            GC.Collect();
            using var heap = new HeapSampler();
            var session = await ProbeSession.StartAsync(settings, Paths.ToHashSet());
            var checks = session.Plan(services.Select(s => (s, Paths)), [new Probes.Web.WebProbe()]);
            var run = checks.Count(c => c.SkipReason is null);
            var outcomes = new Dictionary<Outcome, int>();
            var slowest = 0.0;
            var clock = Stopwatch.StartNew();
            await foreach (var result in session.RunAsync(checks))
            {
                outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
                if (result.Outcome != Outcome.Skipped) slowest = Math.Max(slowest, result.DurationMs);
            }
            clock.Stop();

            var bound = TimeSpan.FromMilliseconds(2 * slowest * Math.Ceiling((double)run / concurrency));
            var ratio = clock.Elapsed / bound;
            using var self = Process.GetCurrentProcess();
            var peak = self.PeakWorkingSet64;
            if (ratio > 1 || peak > MemoryLimitBytes || outcomes.GetValueOrDefault(Outcome.Error) > 0) exit = 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {concurrency} | {run} | {slowest:0} ms | {bound.TotalSeconds:0.0} s | {clock.Elapsed.TotalSeconds:0.00} s | {ratio:0.00} | {peak / 1048576.0:0} MB | {heap.Peak / 1048576.0:0} MB | {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {WireNames.Of(o.Key)}"))} |"));
        }
        return exit;
    }

    private static string FindLab()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "lab");
            if (File.Exists(Path.Combine(candidate, "up.sh"))) return candidate;
        }
        throw new DirectoryNotFoundException($"no samples/lab/up.sh above {AppContext.BaseDirectory}");
    }

    private static async Task<int> ShellAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo(script) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) Console.Error.Write(await error);
        return process.ExitCode;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Samples the managed heap every 20 ms while a run goes, keeping the largest.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public HeapSampler() => _timer = new Timer(_ => Sample(), null, 0, 20);

        public long Peak => Interlocked.Read(ref _peak);

        private void Sample()
        {
            var now = GC.GetTotalMemory(forceFullCollection: false);
            long seen;
            do
            {
                seen = Interlocked.Read(ref _peak);
                if (now <= seen) return;
            }
            while (Interlocked.CompareExchange(ref _peak, now, seen) != seen);
        }

        public void Dispose()
        {
            Sample();
            _timer.Dispose();
        }
    }
}
