using System.Diagnostics;
using System.Globalization;
using System.Text;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;
using Coexist.Model;
using Coexist.Probes.PathBench;
using Coexist.Probes.Paths;

namespace Coexist.Benchmarks.PathBench;

/// <summary>
/// The seed's measurement (CONTEXT.md: map646 against routed IPv4, routed IPv6 and kernel NAT64) repeated in the lab
/// with <c>coexist path-bench</c>: routed IPv4, routed IPv6, NAT64 and SIIT through tayga, between the same root
/// namespace and the bench servers, beside ping and iperf3 on the same paths. Prints the table of
/// docs/performance.md ("Translated paths"). Needs root and the lab: it holds the lab as the tests do.
/// </summary>
public static class PathBenchLabBenchmark
{
    private static readonly string[] Paths = ["siit", "nat64", "v4", "v6"];
    private const int Rounds = PathBenchOptions.DefaultRepeat;
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromMinutes(15);

    public static async Task<int> RunAsync()
    {
        var labDirectory = FindLab();
        var holder = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var up = await LabProcess.RunAsync(Path.Combine(labDirectory, "up.sh"), ["--hold", holder], TimeSpan.FromMinutes(3));
        if (up.ExitCode != 0)
        {
            Console.Error.WriteLine(up.Describe("path-bench-lab: up.sh (root and the lab's packages are needed)"));
            return 2;
        }
        try
        {
            // Where up.sh keeps the running lab's state (lib/common.sh), as the lab tests read it.
            var runDirectory = Environment.GetEnvironmentVariable("COEXIST_LAB_RUN_DIR") is { Length: > 0 } configured ? configured : "/run/coexist-lab";
            return await MeasureAsync(LabDescription.Load(Path.Combine(runDirectory, "lab.json")));
        }
        finally
        {
            await LabProcess.RunAsync(Path.Combine(labDirectory, "down.sh"), ["--release", holder], TimeSpan.FromMinutes(1));
        }
    }

    private static async Task<int> MeasureAsync(LabDescription lab)
    {
        await using var bench = await EchoServerProcess.StartAsync(lab.Bench.Namespace, EchoProtocol.DefaultPort, ServerLifetime);
        await using var v6only = await EchoServerProcess.StartAsync(lab.Bench.Path("siit").Namespace!, EchoProtocol.DefaultPort, ServerLifetime);
        var paths = Paths.Select(lab.Bench.Path).ToList();
        var targets = paths.Select(p => PathBenchRunner.Target(WireNames.Parse<ProbePath>(p.Path, "path"), p.Address,
            p.ServerAddress.Equals(p.Address) ? null : p.ServerAddress)).ToList();
        Console.WriteLine($"{Environment.ProcessorCount} cores, load {LoadAverage()} at the start");

        // Rounds go round every path, and on each path path-bench and its reference tool run back to back (ping, then
        // path-bench's handshakes; iperf3 -R, then path-bench's download; iperf3, then its upload), so that a burst of
        // load on the shared machine falls on both alike.
        var started = Stopwatch.GetTimestamp();
        var latency = targets.ToDictionary(t => t.Path, _ => new List<PathBenchResult>());
        var downloads = targets.ToDictionary(t => t.Path, _ => new List<PathBenchResult>());
        var uploads = targets.ToDictionary(t => t.Path, _ => new List<PathBenchResult>());
        var pings = paths.ToDictionary(p => p.Path, _ => new List<double>());
        var forward = paths.ToDictionary(p => p.Path, _ => new List<double>());
        var reverse = paths.ToDictionary(p => p.Path, _ => new List<double>());
        var handshakes = new PathBenchOptions { Repeat = 1, CheckMtu = false, MeasureThroughput = false };
        var transfer = new PathBenchOptions { Repeat = 1, CheckMtu = false, LatencySamples = 1 };
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (path, target) in paths.Zip(targets))
            {
                pings[path.Path].Add(BenchStatistics.Median(await Ping.RoundTripsAsync(path.Echo, PathBenchOptions.DefaultLatencySamples, LatencyMeter.DefaultInterval)));
                latency[target.Path].Add((await PathBenchRunner.RunAsync([target], handshakes))[0]);
                reverse[path.Path].Add((await Iperf3.RunAsync(path.Address, lab.Bench.Port, reverse: true)).ReceivedBitsPerSecond / 1e6);
                downloads[target.Path].Add((await PathBenchRunner.RunAsync([target], transfer))[0]);
                forward[path.Path].Add((await Iperf3.RunAsync(path.Address, lab.Bench.Port)).ReceivedBitsPerSecond / 1e6);
                uploads[target.Path].Add((await PathBenchRunner.RunAsync([target], transfer with { Direction = ThroughputDirection.Upload }))[0]);
            }
        }
        var download = Combine(targets, latency, downloads);
        var upload = Combine(targets, latency, uploads);
        var reference = paths.ToDictionary(p => p.Path, p => (BenchStatistics.Median(pings[p.Path]), BenchStatistics.Median(forward[p.Path]), BenchStatistics.Median(reverse[p.Path])));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"measured in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s, load {LoadAverage()} at the end"));
        Console.WriteLine();
        Console.WriteLine(Table(download, upload, reference));
        Console.WriteLine(PathBenchJson.Serialize(new PathBenchReport
        {
            Target = "lab bench paths",
            Port = EchoProtocol.DefaultPort,
            Method = new PathBenchMethod(PathBenchOptions.DefaultRepeat, PathBenchOptions.DefaultLatencySamples, 1, "download"),
            Paths = download,
        }));
        return download.All(r => r.Outcome == Outcome.Pass) ? 0 : 1;
    }

    /// <summary>Rounds of one repeat each, summed up as path-bench sums up its repeats, with the cost computed again.</summary>
    private static IReadOnlyList<PathBenchResult> Combine(IReadOnlyList<PathTarget> targets, Dictionary<ProbePath, List<PathBenchResult>> latency,
        Dictionary<ProbePath, List<PathBenchResult>> throughput) => TranslationOverhead.Apply([.. targets.Select(target =>
    {
        var first = latency[target.Path][0];
        Spread? Of(IEnumerable<PathBenchResult> rounds, Func<PathBenchResult, Spread?> pick, int decimals) =>
            rounds.Where(r => r.Outcome == Outcome.Pass).Select(pick).OfType<Spread>().Select(s => s.Median).ToList() is { Count: > 0 } medians
                ? BenchStatistics.Summarize(medians, decimals) : null;
        var tcp = Of(latency[target.Path], r => r.TcpConnectMs, PathBenchRunner.LatencyDecimals);
        return first with
        {
            LatencyMs = tcp,
            TcpConnectMs = tcp,
            UdpEchoMs = Of(latency[target.Path], r => r.UdpEchoMs, PathBenchRunner.LatencyDecimals),
            ThroughputMbps = Of(throughput[target.Path], r => r.ThroughputMbps, PathBenchRunner.ThroughputDecimals),
        };
    })]);

    private static string Table(IReadOnlyList<PathBenchResult> download, IReadOnlyList<PathBenchResult> upload,
        Dictionary<string, (double Ping, double Iperf, double IperfReverse)> reference)
    {
        var text = new StringBuilder();
        text.AppendLine("| configuration | latency (path-bench) | ping | bandwidth down (path-bench) | iperf3 -R | bandwidth up (path-bench) | iperf3 | cost (latency, bandwidth down) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var result in PathBenchLayout.SeedOrder(download))
        {
            var path = WireNames.Of(result.Path);
            var up = upload.Single(u => u.Path == result.Path);
            var (ping, iperf, iperfReverse) = reference[path];
            var cost = result.Baseline == result.Path ? "baseline"
                : string.Create(CultureInfo.InvariantCulture, $"{result.OverheadMs:+0.000;-0.000} ms, {result.ThroughputRatio:0.00}× vs {WireNames.Of(result.Baseline!.Value)}");
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Configuration} | {Ms(result.LatencyMs)} | {ping:0.000} ms | {Mbps(result.ThroughputMbps)} | {iperfReverse:0} Mbps | {Mbps(up.ThroughputMbps)} | {iperf:0} Mbps | {cost} |"));
        }
        return text.ToString();
    }

    private static string Ms(Spread? s) => s is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{s.Median:0.000} ms ({s.Min:0.000}–{s.Max:0.000})");

    private static string Mbps(Spread? s) => s is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{s.Median:0} Mbps ({s.Min:0}–{s.Max:0})");

    private static string FindLab()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "lab");
            if (File.Exists(Path.Combine(candidate, "up.sh"))) return candidate;
        }
        throw new DirectoryNotFoundException($"no samples/lab/up.sh above {AppContext.BaseDirectory}");
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
}
