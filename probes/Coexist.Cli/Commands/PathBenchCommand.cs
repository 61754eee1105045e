using System.CommandLine;
using System.Globalization;
using Coexist.Cli.Bench;
using Coexist.Cli.Probe;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Mtu;
using Coexist.Probes.PathBench;
using Coexist.Probes.Paths;

namespace Coexist.Cli.Commands;

/// <summary>
/// <c>coexist path-bench TARGET [--port P] [--paths v4,v6,nat64,siit] [--repeat N]</c>: latency, TCP throughput and
/// path MTU to a <c>coexist echo-server</c> on each path, with what translation costs against the native path
/// (CONTEXT.md's map646 table, for the user's own paths). Writes text or <c>coexist.pathbench/v1</c> JSON.
/// </summary>
internal static class PathBenchCommand
{
    /// <summary>Paths a bench can measure: single paths. dual mixes families, so no baseline exists for it.</summary>
    private static readonly ProbePath[] BenchPaths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit];

    public static Command Create()
    {
        var target = new Argument<string>("TARGET") { Description = "Host name or address that runs coexist echo-server" };
        var port = new Option<int>("--port") { Description = "The echo server's TCP and UDP port", DefaultValueFactory = _ => EchoProtocol.DefaultPort, HelpName = "P" };
        var paths = new Option<string?>("--paths")
        {
            Description = "Paths to measure, comma-separated: v4, v6, nat64, dns64, siit (default v4,v6, plus nat64 with --nat64-prefix or --dns64, plus siit with --siit)",
            HelpName = "PATH,...",
        };
        var repeat = new Option<int>("--repeat") { Description = "Repeats per path; figures are their median, with min and max", DefaultValueFactory = _ => PathBenchOptions.DefaultRepeat, HelpName = "N" };
        var samples = new Option<int>("--samples") { Description = "Round trips per repeat for latency", DefaultValueFactory = _ => PathBenchOptions.DefaultLatencySamples, HelpName = "N" };
        var duration = new Option<double>("--duration") { Description = "Seconds of TCP transfer per repeat for throughput", DefaultValueFactory = _ => 1.0, HelpName = "SECONDS" };
        var noMtu = new Option<bool>("--no-mtu") { Description = "Skip the path MTU check (COEX7001, COEX7002)" };
        var upload = new Option<bool>("--upload") { Description = "Measure throughput client to server (iperf3's default) instead of server to client" };
        var resolver = new Option<string?>("--resolver") { Description = "Recursive resolver (default: the system's)", HelpName = "ADDR[:PORT]" };
        var dns64 = new Option<string?>("--dns64") { Description = "DNS64 resolver for the dns64 path, and for NAT64 prefix discovery", HelpName = "ADDR[:PORT]" };
        var prefix = new Option<string?>("--nat64-prefix") { Description = "NAT64 prefix (RFC 6052), else discovered through ipv4only.arpa (RFC 7050)", HelpName = "PREFIX" };
        var siit = new Option<string[]>("--siit") { Description = "A stateless 1:1 mapping (RFC 7757) for the siit path, IPv4 front = IPv6 server; repeatable", HelpName = "V4=V6" };
        var timeout = new Option<double>("--timeout") { Description = "Longest wait for any one answer, in seconds", DefaultValueFactory = _ => 3.0, HelpName = "SECONDS" };
        var common = new CommonOptions("text", "json");
        common.Format.Description = "Output format: text (the seed's table) or json (coexist.pathbench/v1)";
        var command = new Command("path-bench", "Measure latency, throughput and MTU to a coexist echo-server on v4, v6, nat64 and siit paths (rules COEX7xxx)")
        {
            target, port, paths, repeat, samples, duration, noMtu, upload, resolver, dns64, prefix, siit, timeout,
        };
        common.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var targetText = Target(parse.GetValue(target)!);
            var mappings = Siit(parse.GetValue(siit) ?? []);
            var nat64Prefix = ProbeOptions.Prefix(parse.GetValue(prefix));
            var dns64Server = ProbeOptions.EndPoint(parse.GetValue(dns64), "--dns64");
            var wanted = Paths(parse.GetValue(paths), nat64Prefix is not null || dns64Server is not null, dns64Server is not null, mappings.Count > 0);
            var options = Options(parse.GetValue(port), parse.GetValue(repeat), parse.GetValue(samples), parse.GetValue(duration), parse.GetValue(timeout), !parse.GetValue(noMtu)) with
            {
                Direction = parse.GetValue(upload) ? ThroughputDirection.Upload : ThroughputDirection.Download,
            };
            var settings = new ProbeSettings
            {
                Resolvers = ResolvConf.ServersFor(ProbeOptions.EndPoint(parse.GetValue(resolver), "--resolver")),
                Dns64 = dns64Server?.WithDefaultPort(DnsLimits.Port),
                Nat64Prefix = nat64Prefix,
                Siit = mappings,
            };
            var format = common.FormatOf(parse);
            var report = await TerminalProgress.RunAsync("measuring", progress => RunAsync(targetText, wanted, settings, options,
                progress is null ? null : new Progress<BenchProgress>(p => progress.Report((p.Step, p.Done, p.Total))), cancellationToken));
            var content = format == OutputFormat.Json ? PathBenchJson.Serialize(report) : PathBenchText.Render(report);
            await OutputTarget.WriteAsync(parse.GetValue(common.Output), parse.InvocationConfiguration.Output, content, cancellationToken);
            return CommonOptions.ExitCodeFor(SeveritiesOf(report), common.FailOnOf(parse));
        });
        return command;
    }

    internal static async Task<PathBenchReport> RunAsync(string target, IReadOnlyList<ProbePath> paths, ProbeSettings settings, PathBenchOptions options,
        IProgress<BenchProgress>? progress, CancellationToken cancellationToken)
    {
        var targets = await PathBenchTargets.ResolveAsync(target, paths, settings with { Network = options.Network }, cancellationToken);
        var results = await PathBenchRunner.RunAsync(targets, options, progress, cancellationToken);
        return new PathBenchReport
        {
            Target = target,
            Port = options.Port,
            Method = new PathBenchMethod(options.Repeat, options.LatencySamples, options.ThroughputDuration.TotalSeconds,
                options.Direction == ThroughputDirection.Upload ? "upload" : "download"),
            Paths = results,
        };
    }

    /// <summary>What <c>--fail-on</c> weighs: an MTU rule at its severity; a path the target did not answer on as an error.</summary>
    internal static IEnumerable<Severity> SeveritiesOf(PathBenchReport report) =>
        report.Paths.Where(p => p.Outcome == Outcome.Fail).Select(_ => Severity.Error)
            .Concat(report.Paths.Select(p => p.Mtu).OfType<PathMtu>().Where(m => m.Outcome == Outcome.Fail)
                .Select(m => MtuRules.All.FirstOrDefault(r => r.Id == m.RuleId)?.Severity ?? Severity.Error));

    private static string Target(string text)
    {
        if (IPText.TryParse(text, out _)) return text.Trim();
        if (!DnsName.TryParse(text, out var name, out var why) || name.IsRoot)
            throw new UsageException($"'{text}' is neither a host name nor an address{(why is null ? "" : $" ({why})")}");
        return name.ToString();
    }

    internal static IReadOnlyList<ProbePath> Paths(string? text, bool nat64Configured, bool dns64Configured, bool siitConfigured)
    {
        var paths = ProbeOptions.ParsePaths(text) ?? [
            ProbePath.V4, ProbePath.V6,
            .. nat64Configured ? [ProbePath.Nat64] : Array.Empty<ProbePath>(),
            .. siitConfigured ? [ProbePath.Siit] : Array.Empty<ProbePath>(),
        ];
        var others = paths.Where(p => !BenchPaths.Contains(p)).ToList();
        if (others.Count > 0)
            throw new UsageException($"--paths: path-bench measures single paths ({string.Join(", ", BenchPaths.Select(p => WireNames.Of(p)))}), not {WireNames.Of(others[0])}");
        if (paths.Contains(ProbePath.Dns64) && !dns64Configured)
            throw new UsageException("--paths: the dns64 path needs --dns64");
        return paths;
    }

    internal static IReadOnlyList<SiitMapping> Siit(IReadOnlyList<string> texts)
    {
        var mappings = new List<SiitMapping>();
        foreach (var text in texts)
        {
            var parts = text.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !IPText.TryParse(parts[0], out var v4) || !IPText.TryParse(parts[1], out var v6)
                || v4.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                throw new UsageException($"--siit '{text}' is not V4=V6 (an IPv4 address, '=', an IPv6 address)");
            mappings.Add(new SiitMapping(v4, v6));
        }
        try
        {
            _ = new SiitMap(mappings);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--siit: {e.Message}");
        }
        return mappings;
    }

    internal static PathBenchOptions Options(int port, int repeat, int samples, double durationSeconds, double timeoutSeconds, bool mtu)
    {
        if (port is < 1 or > 65535) throw new UsageException($"--port must be 1 to 65535, not {port}");
        if (repeat is < 1 or > PathBenchOptions.MaxRepeat) throw new UsageException($"--repeat must be 1 to {PathBenchOptions.MaxRepeat}, not {repeat}");
        if (samples is < 1 or > PathBenchOptions.MaxLatencySamples) throw new UsageException($"--samples must be 1 to {PathBenchOptions.MaxLatencySamples}, not {samples}");
        if (!double.IsFinite(durationSeconds) || durationSeconds <= 0 || durationSeconds > PathBenchOptions.MaxThroughputDuration.TotalSeconds)
            throw new UsageException($"--duration must be above 0 and at most {PathBenchOptions.MaxThroughputDuration.TotalSeconds:0} seconds, not {durationSeconds.ToString(CultureInfo.InvariantCulture)}");
        if (!double.IsFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 600)
            throw new UsageException($"--timeout must be above 0 and at most 600 seconds, not {timeoutSeconds.ToString(CultureInfo.InvariantCulture)}");
        return new PathBenchOptions
        {
            Port = port,
            Repeat = repeat,
            LatencySamples = samples,
            ThroughputDuration = TimeSpan.FromSeconds(durationSeconds),
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            CheckMtu = mtu,
        };
    }
}
