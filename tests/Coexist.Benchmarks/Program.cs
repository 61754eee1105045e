using System.Globalization;
using Coexist.Benchmarks.Reports;

// dotnet run -c Release --project tests/Coexist.Benchmarks -- reports [SERVICES] [FINDINGS-PER-SERVICE]
//     plan and render a report of a large estate (default 1,000 services with 50 findings each)
return args.FirstOrDefault() switch
{
    "reports" => ReportBenchmark.Run(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50,
        repeats: 5),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Coexist.Benchmarks reports [services] [findings-per-service]");
    return 2;
}
