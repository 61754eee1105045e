using Coexist.Schema.Ddl;

namespace Coexist.Schema.Tests.Ddl;

public class DialectDetectorTests
{
    [Theory]
    [InlineData("mysql-shop.sql", SqlDialect.MySql)]
    [InlineData("postgres-shop.sql", SqlDialect.Postgres)]
    [InlineData("tsql-shop.sql", SqlDialect.TSql)]
    [InlineData("sqlite-shop.sql", SqlDialect.Sqlite)]
    public void Each_fixture_is_recognised(string file, SqlDialect dialect)
    {
        var (detected, reason) = DialectDetector.Detect(Fixture.Text(file));
        Assert.Equal(dialect, detected);
        Assert.StartsWith("detected from ", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE TABLE `t` (`ip` varchar(15)) ENGINE=InnoDB;", SqlDialect.MySql)]
    [InlineData("CREATE TABLE [dbo].[t] ([ip] varchar(15))\nGO", SqlDialect.TSql)]
    [InlineData("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, ip TEXT);", SqlDialect.Sqlite)]
    [InlineData("CREATE TABLE t (ip inet, c cidr);", SqlDialect.Postgres)]
    public void Short_snippets_are_recognised_by_what_only_their_dialect_writes(string sql, SqlDialect dialect) =>
        Assert.Equal(dialect, DialectDetector.Detect(sql).Dialect);

    [Fact]
    public void Plain_standard_SQL_is_read_as_postgres_and_says_so()
    {
        var (dialect, reason) = DialectDetector.Detect("CREATE TABLE t (ip varchar(15));");
        Assert.Equal(SqlDialect.Postgres, dialect);
        Assert.Contains("no dialect-specific syntax", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_dialect_wins_over_detection()
    {
        var result = await Fixture.AssessTextAsync("CREATE TABLE `t` (`ip` varchar(15));", SqlDialect.Sqlite);
        Assert.Equal(SqlDialect.Sqlite, result.Dialect);
        Assert.Equal("given", result.DialectReason);
    }
}
