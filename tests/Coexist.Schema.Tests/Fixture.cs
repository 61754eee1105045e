using Coexist.Model;

namespace Coexist.Schema.Tests;

/// <summary>The DDL fixtures under Fixtures/, and ways to point at their lines.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    /// <summary>The line (from 1) of the only line of <paramref name="name"/> that contains <paramref name="marker"/>.</summary>
    public static int LineOf(string name, string marker)
    {
        var lines = File.ReadAllLines(PathOf(name));
        var found = lines.Select((line, index) => (line, index)).Where(l => l.line.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 1, $"'{marker}' is on {found.Count} lines of {name}, expected exactly one");
        return found[0].index + 1;
    }

    public static async Task<SchemaAssessment> AssessAsync(string name, SqlDialect? dialect = null) =>
        await SchemaAssessor.AssessDdlFileAsync(PathOf(name), new SchemaOptions { Dialect = dialect });

    public static async Task<SchemaAssessment> AssessTextAsync(string ddl, SqlDialect? dialect = null, SchemaOptions? options = null) =>
        await SchemaAssessor.AssessDdlAsync(new StringReader(ddl), "test.sql", (options ?? new SchemaOptions()) with { Dialect = dialect });

    /// <summary>A compact form for assertions and failure messages: "COEX2001 12 shop.sessions.client_ip".</summary>
    public static string Describe(Finding f) => $"{f.RuleId} {f.Location?.Line} {f.Location?.Object}";

    /// <summary>Writes what an assessment found to the test's output, for reading a failure.</summary>
    public static SchemaAssessment Show(this SchemaAssessment result, Xunit.Abstractions.ITestOutputHelper output)
    {
        output.WriteLine($"{result.Dialect} ({result.DialectReason}), {result.Statistics.Statements} statements, {result.Statistics.RowsRead} rows read");
        foreach (var skipped in result.Skipped) output.WriteLine(skipped.ToString());
        foreach (var finding in result.Findings) output.WriteLine($"{Describe(finding)}  {finding.Message}");
        return result;
    }
}
