using BenchmarkDotNet.Attributes;
using Coexist.Schema.Tests.Generated;

namespace Coexist.Benchmarks;

/// <summary>
/// The 5,000-table DDL target (docs/performance.md): a mysqldump-shaped file assessed from memory
/// and from disk, dialect detection, reading, rules and all.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class DdlBenchmarks
{
    private string _ddl = "";
    private string _path = "";

    [Params(5000)]
    public int Tables { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ddl = LargeSchema.MySqlDump(Tables);
        _path = Path.Combine(Path.GetTempPath(), $"coexist-bench-{Tables}.sql");
        File.WriteAllText(_path, _ddl);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true)]
    public async Task<int> FromMemory() =>
        (await Schema.SchemaAssessor.AssessDdlAsync(new StringReader(_ddl), "bench.sql")).Findings.Count;

    [Benchmark]
    public async Task<int> FromFile() =>
        (await Schema.SchemaAssessor.AssessDdlFileAsync(_path)).Findings.Count;
}
