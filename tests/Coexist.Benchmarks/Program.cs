using System.Globalization;
using BenchmarkDotNet.Running;
using Coexist.Benchmarks;

// dotnet run -c Release --project tests/Coexist.Benchmarks -- ddl            the 5,000-table DDL benchmark (BenchmarkDotNet)
// dotnet run -c Release --project tests/Coexist.Benchmarks -- scan [N...]    the data scan, server vs client, on a private cluster
// dotnet run -c Release --project tests/Coexist.Benchmarks -- stream [MB]     a large DDL file streamed: time and live heap
return args.FirstOrDefault() switch
{
    "ddl" => Run(() => BenchmarkRunner.Run<DdlBenchmarks>(args: args[1..])),
    "scan" => await DataScanBenchmark.RunAsync(
        args.Length > 1 ? args[1..].Select(a => long.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [100_000, 1_000_000],
        repeats: 5),
    "stream" => await StreamBenchmark.RunAsync(args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 50, repeats: 3),
    _ => Usage(),
};

static int Run(Action benchmark)
{
    benchmark();
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Coexist.Benchmarks ddl [BenchmarkDotNet options] | scan [rows...] | stream [megabytes]");
    return 2;
}
