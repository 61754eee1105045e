using System.Diagnostics;
using System.Globalization;
using Coexist.Schema;
using Coexist.Schema.Tests.Generated;

namespace Coexist.Benchmarks;

/// <summary>
/// A large DDL file streamed (docs/performance.md): the dump the streaming test reads, timed, with the
/// live heap measured after full collections while it is read. A plain timed run: one warm-up, then
/// the median of several.
/// </summary>
internal static class StreamBenchmark
{
    public static async Task<int> RunAsync(long megabytes, int repeats)
    {
        var path = Path.Combine(Path.GetTempPath(), $"coexist-stream-{megabytes}.sql");
        try
        {
            await LargeSchema.WriteDataDumpAsync(path, megabytes * 1024 * 1024, "CREATE TABLE after_it (client_ip varchar(15));");
            var size = new FileInfo(path).Length;
            var options = new SchemaOptions { Dialect = SqlDialect.Postgres };
            await SchemaAssessor.AssessDdlFileAsync(path, options);
            var times = new List<TimeSpan>();
            for (var i = 0; i < repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                await SchemaAssessor.AssessDdlFileAsync(path, options);
                times.Add(clock.Elapsed);
            }
            var peak = new LiveHeapPeak();
            var result = await SchemaAssessor.AssessDdlFileAsync(path, options with { Progress = peak });
            var median = times.Order().ElementAt(times.Count / 2);
            Console.WriteLine("| file | statements | median time | throughput | peak live heap while reading |");
            Console.WriteLine("|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size / 1e6:0.0} MB | {result.Statistics.Statements:N0} | {median.TotalMilliseconds:0} ms | {size / 1e6 / median.TotalSeconds:0.0} MB/s | {peak.Growth / 1e6:0.0} MB |"));
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
