using System.Globalization;
using BenchmarkDotNet.Running;
using Coexist.Benchmarks;

// dotnet run -c Release --project tests/Coexist.Benchmarks -- ddl            the 5,000-table DDL benchmark (BenchmarkDotNet)
// dotnet run -c Release --project tests/Coexist.Benchmarks -- scan [N...]    the data scan, server vs client, on a private cluster
// dotnet run -c Release --project tests/Coexist.Benchmarks -- stream [MB]     a large DDL file streamed: time and live heap
// dotnet run -c Release --project tests/Coexist.Benchmarks -- probe-engine [targets [T:C...]]   silent targets x 3 paths vs T x ceil(N/C)
// dotnet run -c Release --project tests/Coexist.Benchmarks -- generate-codebase DIR LINES [SHARE]   a C# library for the analyzer benchmarks
// dotnet run -c Release --project tests/Coexist.Benchmarks -- code-scan DIR [REPEATS] [--no-msbuild]   `coexist scan` lines/s
// dotnet run -c Release --project tests/Coexist.Benchmarks -- reports [SERVICES] [FINDINGS-PER-SERVICE]   plan and render a large estate's report
// sudo dotnet run -c Release --project tests/Coexist.Benchmarks -- web-probe [targets [C...]]     lab web sites x 3 paths vs 2 x slowest x ceil(N/C), < 300 MB
// sudo dotnet run -c Release --project tests/Coexist.Benchmarks -- path-bench-lab     the seed's translation table in the lab, beside ping and iperf3
return args.FirstOrDefault() switch
{
    "reports" => Coexist.Benchmarks.Reports.ReportBenchmark.Run(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50,
        repeats: 5),
    "generate-codebase" => Generate(args),
    "code-scan" => await Coexist.Benchmarks.AnalyzerOverhead.ScanThroughput.RunAsync(
        args[1], args.Length > 2 && int.TryParse(args[2], out var repeats) ? repeats : 5, args.Contains("--no-msbuild")),
    "ddl" => Run(() => BenchmarkRunner.Run<DdlBenchmarks>(args: args[1..])),
    "scan" => await DataScanBenchmark.RunAsync(
        args.Length > 1 ? args[1..].Select(a => long.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [100_000, 1_000_000],
        repeats: 5),
    "stream" => await StreamBenchmark.RunAsync(args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 50, repeats: 3),
    "probe-engine" => await Coexist.Benchmarks.ProbeEngine.ProbeEngineBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? [.. args[2..].Select(ProbeEngineRun)] : [(TimeSpan.FromSeconds(1), 100), (TimeSpan.FromSeconds(1), 250), (TimeSpan.FromSeconds(2), 500)]),
    "web-probe" => await Coexist.Benchmarks.WebProbe.WebProbeBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500,
        args.Length > 2 ? [.. args[2..].Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [32]),
    "path-bench-lab" => await Coexist.Benchmarks.PathBench.PathBenchLabBenchmark.RunAsync(),
    _ => Usage(),
};

static int Generate(string[] args)
{
    var (files, lines) = Coexist.Benchmarks.AnalyzerOverhead.CodebaseGenerator.Generate(
        args[1], long.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 0.1);
    Console.WriteLine($"{files} files, {lines:N0} lines in {args[1]}");
    return 0;
}

static int Run(Action benchmark)
{
    benchmark();
    return 0;
}

// "T:C": a check timeout in seconds and a concurrency, as "1:100".
static (TimeSpan, int) ProbeEngineRun(string text) =>
    (TimeSpan.FromSeconds(double.Parse(text.Split(':')[0], CultureInfo.InvariantCulture)), int.Parse(text.Split(':')[1], CultureInfo.InvariantCulture));

static int Usage()
{
    Console.Error.WriteLine("usage: Coexist.Benchmarks ddl [BenchmarkDotNet options] | scan [rows...] | stream [megabytes] | probe-engine [targets [T:C...]] | web-probe [targets [C...]] | generate-codebase DIR LINES [SHARE] | code-scan DIR [REPEATS] [--no-msbuild] | reports [services] [findings-per-service] | path-bench-lab");
    return 2;
}
