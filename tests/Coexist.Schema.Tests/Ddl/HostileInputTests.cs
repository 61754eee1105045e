using System.Text;
using Coexist.Schema.Rules;

namespace Coexist.Schema.Tests.Ddl;

/// <summary>Broken, strange and huge input: each bad statement is skipped with its line, and the rest is still assessed.</summary>
public class HostileInputTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string GoodTable = "CREATE TABLE after_it (client_ip varchar(15));";

    private static void AssertStillAssessed(SchemaAssessment result, int line)
    {
        var finding = Assert.Single(result.Findings, f => f.Location?.Object == "after_it.client_ip" || f.Location?.Object == "public.after_it.client_ip");
        Assert.Equal(SchemaRuleIds.IPv4StoredAsText, finding.RuleId);
        Assert.Equal(line, finding.Location!.Line);
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES ('never closed);\nmore text\n", "unterminated string literal starting at line 2")]
    [InlineData("SELECT 1 /* never closed\nmore text;\n", "unterminated comment starting at line 2")]
    [InlineData("CREATE FUNCTION f() RETURNS int AS $$\nBEGIN RETURN 1;\n", "unterminated $$ body starting at line 2")]
    [InlineData("CREATE TABLE \"never_closed (a int);\nmore text;\n", "unterminated quoted name starting at line 2")]
    public async Task An_unterminated_construct_skips_its_statement_and_the_statements_after_it_are_assessed(string broken, string reason)
    {
        var ddl = "CREATE TABLE before_it (id int);\n" + broken + GoodTable + "\n";
        var result = await Fixture.AssessTextAsync(ddl, SqlDialect.Postgres);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(2, skipped.Line);
        Assert.Equal($"skipped statement at line 2 ({reason})", skipped.ToString());
        AssertStillAssessed(result, 4);
    }

    [Fact]
    public async Task Unknown_statements_are_skipped_with_their_line()
    {
        var ddl = "FROBNICATE the widgets;\nCREATE WIDGET w;\n" + GoodTable;
        var result = await Fixture.AssessTextAsync(ddl, SqlDialect.MySql);
        Assert.Equal(
            ["skipped statement at line 1 (unknown statement 'FROBNICATE')", "skipped statement at line 2 (unknown statement 'CREATE WIDGET')"],
            result.Skipped.Select(s => s.ToString()));
        AssertStillAssessed(result, 3);
    }

    [Fact]
    public async Task A_statement_the_readers_cannot_follow_is_skipped_with_the_reason()
    {
        var ddl = "CREATE TABLE broken (ip varchar(15)\n;\nCREATE INDEX ON;\n" + GoodTable;
        var result = await Fixture.AssessTextAsync(ddl, SqlDialect.Postgres);
        Assert.Equal(
            ["skipped statement at line 1 (parenthesis opened at line 1 is not closed)", "skipped statement at line 3 (expected a table name at line 3, found the end of the statement)"],
            result.Skipped.Select(s => s.ToString()));
        AssertStillAssessed(result, 4);
    }

    [Fact]
    public async Task Binary_garbage_is_skipped_and_the_SQL_around_it_is_assessed()
    {
        var garbage = new byte[4096];
        new Random(2011).NextBytes(garbage);
        var path = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(path))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes("CREATE TABLE first_one (id int);\n"));
                await file.WriteAsync(garbage);
                // Garbage may hold quotes that swallow a line: a few clean lines separate it from the SQL after it.
                await file.WriteAsync(Encoding.UTF8.GetBytes("\n;\n'\n;\n\"\n;\n*/\n;\n" + GoodTable + "\n"));
            }
            // Lines are counted at \n, as grep -n does; the garbage holds stray \r too.
            var bytes = await File.ReadAllBytesAsync(path);
            var goodAt = bytes.AsSpan().IndexOf("CREATE TABLE after_it"u8);
            var goodLine = bytes.AsSpan(0, goodAt).Count((byte)'\n') + 1;
            var result = await SchemaAssessor.AssessDdlFileAsync(path, new SchemaOptions { Dialect = SqlDialect.Postgres });
            foreach (var s in result.Skipped) output.WriteLine(s.ToString());
            Assert.NotEmpty(result.Skipped);
            Assert.All(result.Skipped, s => Assert.InRange(s.Line!.Value, 2, goodLine - 1));
            Assert.Contains(result.Skipped, s => s.Reason == "binary data, not SQL");
            Assert.Single(result.Findings, f => f.Location!.Object == "public.after_it.client_ip" && f.Location.Line == goodLine);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_SQLite_database_given_as_DDL_is_refused_with_a_reason()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, [.. Encoding.ASCII.GetBytes("SQLite format 3\0"), .. new byte[100]]);
            var error = await Assert.ThrowsAsync<SchemaInputException>(() => SchemaAssessor.AssessDdlFileAsync(path));
            Assert.Contains("is a SQLite database, not a DDL file", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_missing_file_is_a_one_line_input_error()
    {
        var error = await Assert.ThrowsAsync<SchemaInputException>(() => SchemaAssessor.AssessDdlFileAsync("/nonexistent/schema.sql"));
        Assert.Equal("/nonexistent/schema.sql: no such file", error.Message);
    }

    [Fact]
    public async Task Skipped_statements_are_listed_up_to_a_limit_and_all_counted()
    {
        var ddl = new StringBuilder();
        for (var i = 0; i < 1500; i++) ddl.Append("FROBNICATE;\n");
        var result = await Fixture.AssessTextAsync(ddl.ToString(), SqlDialect.Postgres);
        Assert.Equal(1000, result.Skipped.Count);
        Assert.Equal(1500, result.Statistics.SkippedStatements);
    }
}
