using Coexist.Schema.Rules;
using Coexist.Schema.Tests.Generated;

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
            var lines = await LargeSchema.WriteDataDumpAsync(path, targetBytes, GoodTable);
            Assert.True(new FileInfo(path).Length >= targetBytes);

            var peak = new LiveHeapPeak();
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
}
