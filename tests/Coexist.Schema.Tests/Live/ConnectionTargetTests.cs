using System.Net;
using System.Net.Sockets;
using Coexist.Schema.Live;

namespace Coexist.Schema.Tests.Live;

/// <summary>Connection strings: which database they name, what may be shown of them, and errors without passwords.</summary>
public class ConnectionTargetTests
{
    private const string Secret = "Hunter2-Secret!";

    [Theory]
    [InlineData("Host=db.shop.internal;Database=shop;Username=reader;Password=" + Secret, SqlDialect.Postgres, "postgres://reader@db.shop.internal:5432/shop")]
    [InlineData("postgresql://reader:" + Secret + "@db.shop.internal:6543/shop?sslmode=require", SqlDialect.Postgres, "postgres://reader@db.shop.internal:6543/shop")]
    [InlineData("Server=10.0.0.5;Port=5433;Database=shop;User Id=reader", SqlDialect.Postgres, "postgres://reader@10.0.0.5:5433/shop")]
    public void PostgreSQL_targets_are_shown_without_the_password(string connectionString, SqlDialect dialect, string display)
    {
        var target = ConnectionTarget.Parse(connectionString, null);
        Assert.Equal(dialect, target.Dialect);
        Assert.Equal(display, target.Display);
        Assert.DoesNotContain(Secret, target.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sqlite_file_is_opened_read_only_whatever_the_string_asks()
    {
        var path = Path.GetTempFileName();
        try
        {
            var target = ConnectionTarget.Parse($"Data Source={path};Mode=ReadWriteCreate", null);
            Assert.Equal(SqlDialect.Sqlite, target.Dialect);
            Assert.Contains("Mode=ReadOnly", target.ConnectionString, StringComparison.Ordinal);
            Assert.Equal(path, target.Display);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("Server=sql1;Initial Catalog=Shop;Integrated Security=true", "SQL Server databases are not read live")]
    [InlineData("something odd", "cannot tell the database from the connection string")]
    [InlineData("", "the connection string is empty")]
    public void Strings_that_name_no_readable_database_are_input_errors(string connectionString, string message)
    {
        var error = Assert.Throws<SchemaInputException>(() => ConnectionTarget.Parse(connectionString, null));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SqlDialect.MySql)]
    [InlineData(SqlDialect.TSql)]
    public void Live_MySQL_and_SQL_Server_point_to_a_dump(SqlDialect dialect)
    {
        var error = Assert.Throws<SchemaInputException>(() => ConnectionTarget.Parse("Host=x;Database=y", dialect));
        Assert.Contains("assess a schema dump instead", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_string_is_an_input_error_without_the_password()
    {
        var error = Assert.Throws<SchemaInputException>(() => ConnectionTarget.Parse($"Host=x;Password={Secret};Frobnicate=yes", SqlDialect.Postgres));
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Redaction_removes_the_password_and_any_password_pair()
    {
        Assert.Equal("failed for *** at Password=***", ConnectionTarget.Redact($"failed for {Secret} at Password={Secret}", Secret));
        Assert.Equal("pwd=***;Host=x", ConnectionTarget.Redact("pwd=abc;Host=x", null));
    }

    [Fact]
    public async Task A_refused_connection_is_a_one_line_error_without_the_password()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var error = await Assert.ThrowsAsync<SchemaConnectionException>(() =>
            SchemaAssessor.AssessLiveAsync($"Host=127.0.0.1;Port={port};Database=shop;Username=reader;Password={Secret}", new SchemaOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }));
        Assert.StartsWith($"cannot connect to postgres://reader@127.0.0.1:{port}/shop: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("all", null)]
    [InlineData("ALL", null)]
    [InlineData("500", 500L)]
    public void Sample_rows_parse(string text, long? rows) => Assert.Equal(rows, SchemaOptions.ParseSampleRows(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("many")]
    public void Bad_sample_rows_are_input_errors(string text) =>
        Assert.Throws<SchemaInputException>(() => SchemaOptions.ParseSampleRows(text));

    [Theory]
    [InlineData("postgres", SqlDialect.Postgres)]
    [InlineData("PostgreSQL", SqlDialect.Postgres)]
    [InlineData("mysql", SqlDialect.MySql)]
    [InlineData("mariadb", SqlDialect.MySql)]
    [InlineData("sqlite", SqlDialect.Sqlite)]
    [InlineData("tsql", SqlDialect.TSql)]
    [InlineData("sqlserver", SqlDialect.TSql)]
    public void Dialects_parse(string text, SqlDialect dialect) => Assert.Equal(dialect, SchemaOptions.ParseDialect(text));

    [Fact]
    public void An_unknown_dialect_lists_the_known_ones() =>
        Assert.Equal("--dialect 'oracle' is not one of postgres, mysql, sqlite, tsql", Assert.Throws<SchemaInputException>(() => SchemaOptions.ParseDialect("oracle")).Message);
}
