using System.Diagnostics;
using System.Globalization;
using Coexist.Schema;
using Coexist.Schema.Tests.Live;

namespace Coexist.Benchmarks;

/// <summary>
/// The data-scan target (docs/performance.md): a PostgreSQL table of N rows assessed with matching
/// in the server and with the client-side pull it replaces. BenchmarkDotNet's process-per-run model
/// does not suit a live cluster, so this is a plain timed run: a private cluster on 127.0.0.1, one
/// warm-up, then the median of several full assessments per mode, with the managed heap sampled
/// while each runs.
/// </summary>
internal static class DataScanBenchmark
{
    private const string Database = "bench";

    public static async Task<int> RunAsync(long[] sizes, int repeats)
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await cluster.ExecuteAsync("postgres", $"CREATE DATABASE {Database}");
        Console.WriteLine($"PostgreSQL cluster on 127.0.0.1:{cluster.Port}; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| rows | matching | median time | rows/s | text pulled to the client | peak managed heap |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");
        foreach (var rows in sizes)
        {
            await LoadAsync(cluster, rows);
            var textBytes = await cluster.ScalarAsync<long>(Database, "SELECT sum(octet_length(message) + octet_length(origin) + octet_length(referrer))::bigint FROM bench.events");
            foreach (var matching in new[] { DataMatching.Server, DataMatching.Client })
            {
                var options = new SchemaOptions { SampleRows = null, DataMatching = matching, StatementTimeout = TimeSpan.FromMinutes(5) };
                var connection = cluster.ConnectionString(Database);
                await AssessOnceAsync(connection, options, rows); // warm-up: plans, caches, JIT
                var times = new List<TimeSpan>();
                long peak = 0;
                for (var i = 0; i < repeats; i++)
                {
                    var (elapsed, heap) = await AssessOnceAsync(connection, options, rows);
                    times.Add(elapsed);
                    peak = Math.Max(peak, heap);
                }
                var median = times.Order().ElementAt(times.Count / 2);
                var pulled = matching == DataMatching.Client ? $"{textBytes / 1e6:0.0} MB" : "counts only";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {rows:N0} | {Name(matching)} | {median.TotalMilliseconds:0} ms | {rows / median.TotalSeconds:N0} | {pulled} | {peak / 1e6:0.0} MB |"));
            }
        }
        return 0;
    }

    private static string Name(DataMatching matching) => matching == DataMatching.Server ? "server (regex in PostgreSQL)" : "client (rows streamed, matched in .NET)";

    private static async Task<(TimeSpan Elapsed, long PeakHeap)> AssessOnceAsync(string connection, SchemaOptions options, long rows)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var sampler = new HeapSampler();
        var clock = Stopwatch.StartNew();
        var result = await SchemaAssessor.AssessLiveAsync(connection, options);
        clock.Stop();
        if (result.Statistics.RowsRead != rows) throw new InvalidOperationException($"read {result.Statistics.RowsRead} rows, expected {rows}");
        var data = result.Findings.Single(f => f.Location?.Object == "bench.events.origin");
        if (data.Evidence!["rowsWithIPv4"]!.GetValue<long>() != rows / 10) throw new InvalidOperationException("unexpected match count: " + data.Evidence);
        return (clock.Elapsed, sampler.Peak);
    }

    /// <summary>
    /// Three text columns of a web shop's event log: message (numbers, one dot), origin (1 row in 10 holds
    /// an IPv4 address) and referrer (a URL whose host name has four dots in every row, the worst case for the
    /// LIKE filter).
    /// </summary>
    private static async Task LoadAsync(PostgresCluster cluster, long rows)
    {
        await cluster.ExecuteAsync(Database, "DROP SCHEMA IF EXISTS bench CASCADE");
        await cluster.ExecuteAsync(Database, "CREATE SCHEMA bench");
        await cluster.ExecuteAsync(Database, "CREATE TABLE bench.events (id bigint PRIMARY KEY, message text NOT NULL, origin text, referrer text, created_at timestamptz NOT NULL DEFAULT now())");
        await cluster.ExecuteAsync(Database, $"""
            INSERT INTO bench.events (id, message, origin, referrer)
            SELECT i,
                   'order ' || i || ' shipped to customer ' || (i % 9973) || ' via carrier v2.' || (i % 7),
                   CASE WHEN i % 10 = 0 THEN 'proxy 10.' || (i % 250) || '.' || (i % 200) || '.' || (i % 100) ELSE 'web frontend eu-' || (i % 3) END,
                   'https://www' || (i % 10) || '.eu-' || (i % 3) || '.shop.example.com/p/' || i || '?v=2.1'
            FROM generate_series(1, {rows.ToString(CultureInfo.InvariantCulture)}) AS i
            """);
        await cluster.ExecuteAsync(Database, "VACUUM ANALYZE bench.events");
    }

    /// <summary>Samples the managed heap every few milliseconds; the highest value shows whether memory grows with the rows.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public HeapSampler() => _timer = new Timer(_ => Sample(), null, 0, 5);

        public long Peak
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak);
            }
        }

        private void Sample()
        {
            var heap = GC.GetTotalMemory(false);
            long seen;
            while (heap > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, heap, seen) != seen) { }
        }

        public void Dispose() => _timer.Dispose();
    }
}
