using System.Text;
using Coexist.Schema.Rules;

namespace Coexist.Schema.Tests.Ddl;

/// <summary>Runs alone: it measures the whole process's live heap, which other tests running beside it would inflate.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "memory measurement";
}

[Collection(MemoryMeasurementCollection.Name)]
public class StreamingMemoryTests
{
    private const string GoodTable = "CREATE TABLE after_it (client_ip varchar(15));";

    /// <summary>
    /// 50 MB of dump: data rows, a runaway unterminated body and a table at the very end. Live
    /// memory, measured after full collections while the file is read, stays far below the file's
    /// size as a string (100 MB): the file is streamed.
    /// </summary>
    [Fact]
    public async Task A_50_MB_file_is_streamed_in_bounded_memory_and_its_last_statement_is_assessed()
    {
        const long targetBytes = 50L * 1024 * 1024;
        const long allowedGrowth = 48L * 1024 * 1024;
        var path = Path.GetTempFileName();
        try
        {
            var lines = 0;
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
            {
                await writer.WriteLineAsync("CREATE TABLE events (id bigint, payload text);"); lines++;
                await writer.WriteLineAsync("CREATE FUNCTION f() RETURNS int AS $body$ a body that never closes;"); lines++;
                var row = "INSERT INTO events VALUES (1, 'user agent Mozilla/5.0 (X11; Linux x86_64) with some text to make the row longer');";
                while (writer.BaseStream.Length < targetBytes)
                {
                    for (var i = 0; i < 1000; i++) await writer.WriteLineAsync(row);
                    lines += 1000;
                    await writer.FlushAsync();
                }
                await writer.WriteLineAsync(GoodTable); lines++;
            }
            Assert.True(new FileInfo(path).Length >= targetBytes);

            GC.Collect();
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            var peak = new PeakMemory(baseline);
            var result = await SchemaAssessor.AssessDdlFileAsync(path, new SchemaOptions { Dialect = SqlDialect.Postgres, Progress = peak });

            Assert.True(peak.Samples >= 10, $"only {peak.Samples} memory samples");
            Assert.True(peak.Growth < allowedGrowth, $"live memory grew by {peak.Growth / (1024 * 1024)} MB while reading");
            var finding = Assert.Single(result.Findings, f => f.Location?.Object == "public.after_it.client_ip");
            Assert.Equal(SchemaRuleIds.IPv4StoredAsText, finding.RuleId);
            Assert.Equal(lines, finding.Location!.Line);
            var skipped = Assert.Single(result.Skipped);
            Assert.Equal(2, skipped.Line);
            Assert.Contains("longer than", skipped.Reason, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Collects fully every few progress reports and keeps the highest live heap seen.</summary>
    private sealed class PeakMemory(long baseline) : IProgress<SchemaProgress>
    {
        private int _reports;

        public int Samples { get; private set; }
        public long Growth { get; private set; }

        public void Report(SchemaProgress value)
        {
            if (++_reports % 20 != 0) return;
            Samples++;
            Growth = Math.Max(Growth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
    }
}
