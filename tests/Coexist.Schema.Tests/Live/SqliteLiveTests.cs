using System.Security.Cryptography;
using Coexist.Schema.Live;
using Coexist.Schema.Rules;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Coexist.Schema.Tests.Live;

/// <summary>A seeded SQLite database file: schema from sqlite_master, data streamed, and the file left untouched.</summary>
public sealed class SqliteLiveTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"coexist-{Guid.NewGuid():N}.db");
    private readonly ITestOutputHelper _output;

    public SqliteLiveTests(ITestOutputHelper output)
    {
        _output = output;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Fixture.Text("sqlite-shop.sql") + """
            INSERT INTO hosts VALUES ('10.0.0.1', 'web1'), ('10.0.0.2', 'web2');
            INSERT INTO sessions (client_ip, ip_num, peer_address, user_agent) VALUES
                ('10.0.0.1', 167772161, '2001:db8::7', 'curl/8.5.0'),
                ('10.0.0.2', 167772162, '10.0.0.9', 'Mozilla/5.0'),
                ('10.0.0.1', NULL, NULL, 'Mozilla/5.0');
            INSERT INTO settings VALUES
                ('allowed_hosts', '10.1.2.3,10.1.2.4', NULL),
                ('api_url', 'http://198.51.100.20/v1', NULL),
                ('motd', 'hello', 'set by 10.9.9.9'),
                ('resolver', '2001:db8::53', NULL);
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private async Task<SchemaAssessment> AssessAsync(string? connectionString = null, SchemaOptions? options = null)
    {
        var result = await SchemaAssessor.AssessLiveAsync(connectionString ?? $"Data Source={_path}", options);
        return result.Show(_output);
    }

    [Fact]
    public async Task The_schema_and_data_of_a_database_file_give_every_expected_finding()
    {
        var result = await AssessAsync();

        Assert.Equal(SqlDialect.Sqlite, result.Dialect);
        Assert.Empty(result.Skipped);
        Assert.Equal(
            new[]
            {
                "COEX2001 hosts.ip", "COEX2001 login_log.remote_host", "COEX2001 sessions.client_ip", "COEX2002 sessions.ip_num",
                "COEX2003 sessions.peer_address", "COEX2004 hosts", "COEX2004 sessions", "COEX2004 sessions.idx_sessions_client_ip",
                "COEX2004 sessions.idx_sessions_ip_num", "COEX2006 login_log.remote_host", "COEX2006 trg_sessions_local", "COEX2006 v_local_sessions",
                "COEX2007 settings.comment", "COEX2007 settings.value",
            },
            result.Findings.Select(f => $"{f.RuleId} {f.Location!.Object}").Order(StringComparer.Ordinal));

        var clientIp = result.Findings.Single(f => f.RuleId == SchemaRuleIds.IPv4StoredAsText && f.Location!.Object == "sessions.client_ip");
        Assert.Equal(3, clientIp.Evidence!["rowsWithIPv4"]!.GetValue<long>());
        var peer = result.Findings.Single(f => f.RuleId == SchemaRuleIds.IPv6CapableColumn);
        Assert.Equal(1, peer.Evidence!["rowsWithIPv4"]!.GetValue<long>());
        var settings = result.Findings.Single(f => f.Location!.Object == "settings.value");
        Assert.Equal(4, settings.Evidence!["rowsRead"]!.GetValue<long>());
        Assert.Equal(2, settings.Evidence["rowsWithIPv4"]!.GetValue<long>());
        Assert.Equal(["list", "url"], settings.Evidence["shapes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(new SessionSafety(true, "30s"), result.Statistics.Session);
    }

    [Fact]
    public async Task A_plain_path_works_as_the_connection_and_the_file_is_not_changed()
    {
        var before = SHA256.HashData(await File.ReadAllBytesAsync(_path));
        var modified = File.GetLastWriteTimeUtc(_path);
        var result = await AssessAsync(_path);
        Assert.NotEmpty(result.Findings);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(_path)));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(_path));
        Assert.False(File.Exists(_path + "-wal"));
        Assert.False(File.Exists(_path + "-journal"));
    }

    [Fact]
    public void The_connection_the_assessment_opens_refuses_writes()
    {
        var target = ConnectionTarget.Parse($"Data Source={_path};Mode=ReadWriteCreate", null);
        using var connection = new SqliteConnection(target.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO settings VALUES ('x', 'y', NULL)";
        var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        Assert.Equal(8, error.SqliteErrorCode); // SQLITE_READONLY
    }

    [Fact]
    public async Task Sample_rows_bound_the_rows_read()
    {
        var result = await AssessAsync(options: new SchemaOptions { SampleRows = 1 });
        var clientIp = result.Findings.Single(f => f.RuleId == SchemaRuleIds.IPv4StoredAsText && f.Location!.Object == "sessions.client_ip");
        Assert.Equal(1, clientIp.Evidence!["rowsRead"]!.GetValue<long>());
        Assert.True(clientIp.Evidence["sampled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_missing_database_file_is_an_input_error_and_is_not_created()
    {
        var missing = _path + ".missing";
        var error = await Assert.ThrowsAsync<SchemaInputException>(() => SchemaAssessor.AssessLiveAsync($"Data Source={missing}"));
        Assert.Equal($"{missing}: no such SQLite database file", error.Message);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_a_one_line_connection_error()
    {
        var notDb = _path + ".txt";
        await File.WriteAllTextAsync(notDb, "CREATE TABLE t (a int);\n" + new string('x', 4096));
        try
        {
            var error = await Assert.ThrowsAsync<SchemaConnectionException>(() => SchemaAssessor.AssessLiveAsync($"Data Source={notDb}"));
            Assert.Contains("not a database", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            File.Delete(notDb);
        }
    }
}
