using System.Diagnostics;
using Coexist.Model;
using Coexist.Schema.Live;
using Coexist.Schema.Rules;
using Npgsql;
using Xunit.Abstractions;

namespace Coexist.Schema.Tests.Live;

/// <summary>A real PostgreSQL cluster with the shop schema and data: catalog, code, stored data, and the safety promises.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresLiveTests(PostgresFixture fixture, ITestOutputHelper output)
{
    private string Reader => fixture.Cluster.ConnectionString(PostgresFixture.Shop, PostgresCluster.ReaderUser);

    private async Task<SchemaAssessment> AssessAsync(SchemaOptions? options = null, string? connectionString = null)
    {
        var result = await SchemaAssessor.AssessLiveAsync(connectionString ?? Reader, options ?? new SchemaOptions());
        return result.Show(output);
    }

    private static Finding Single(SchemaAssessment result, string rule, string databaseObject) =>
        Assert.Single(result.Findings, f => f.RuleId == rule && f.Location?.Object == databaseObject);

    private static long Number(Finding finding, string field) => finding.Evidence![field]!.GetValue<long>();

    [RequiresPostgresFact]
    public async Task The_catalog_code_and_data_give_every_expected_finding_and_no_other()
    {
        var result = await AssessAsync();

        Assert.Equal(SqlDialect.Postgres, result.Dialect);
        Assert.Empty(result.Skipped);
        Assert.Equal(
            new[]
            {
                "COEX2001 shop.hosts.ip", "COEX2001 shop.logins.gateway", "COEX2001 shop.sessions.client_ip",
                "COEX2002 shop.sessions.ip_number", "COEX2003 shop.logins.client_addr",
                "COEX2004 shop.hosts.hosts_pkey", "COEX2004 shop.sessions.sessions_client_ip_fkey", "COEX2004 shop.sessions.sessions_ip_number_idx",
                "COEX2006 shop.audit_session", "COEX2006 shop.office_notes.office_only", "COEX2006 shop.v_internal", "COEX2006 shop.v_internal",
                "COEX2007 shop.settings.details", "COEX2007 shop.settings.value",
            },
            result.Findings.Select(f => $"{f.RuleId} {f.Location!.Object}").Order(StringComparer.Ordinal));
        Assert.All(result.Findings, f =>
        {
            Assert.Null(f.Location!.File);
            Assert.Null(f.Location.Line);
            Assert.NotNull(f.Evidence!["migration"]);
            Assert.NotNull(f.Evidence["migrationNote"]);
        });

        var hosts = Single(result, SchemaRuleIds.IPv4StoredAsText, "shop.hosts.ip");
        Assert.Equal(3, Number(hosts, "rowsRead"));
        Assert.Equal(3, Number(hosts, "rowsWithIPv4"));
        Assert.Equal("inet", hosts.Evidence!["targetType"]!.GetValue<string>());

        var clientIp = Single(result, SchemaRuleIds.IPv4StoredAsText, "shop.sessions.client_ip");
        Assert.Equal(1000, Number(clientIp, "rowsWithIPv4"));
        Assert.Equal("Client IPv4 address", clientIp.Evidence!["comment"]!.GetValue<string>());

        Assert.Equal(750, Number(Single(result, SchemaRuleIds.IPv4StoredAsNumber, "shop.sessions.ip_number"), "rowsWithValue"));

        var inet = Single(result, SchemaRuleIds.IPv6CapableColumn, "shop.logins.client_addr");
        Assert.Equal(10, Number(inet, "rowsRead"));
        Assert.Equal(8, Number(inet, "rowsWithIPv4"));
        Assert.Equal("add-ipv6-records", inet.Evidence!["migration"]!.GetValue<string>());

        var gateway = Single(result, SchemaRuleIds.IPv4StoredAsText, "shop.logins.gateway");
        Assert.Contains("domain over character varying(15)", gateway.Evidence!["declaredType"]!.GetValue<string>(), StringComparison.Ordinal);

        var foreignKey = Single(result, SchemaRuleIds.KeyOnIPv4Column, "shop.sessions.sessions_client_ip_fkey");
        Assert.Equal("shop.hosts", foreignKey.Evidence!["references"]!.GetValue<string>());

        var settings = Single(result, SchemaRuleIds.IPv4InStoredData, "shop.settings.value");
        Assert.Equal(7, Number(settings, "rowsRead"));
        Assert.Equal(3, Number(settings, "rowsWithIPv4"));
        Assert.Equal(["cidr", "list", "url"], settings.Evidence!["shapes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["10.0.0.0", "10.1.2.3", "198.51.100.20"], settings.Evidence["examples"]!.AsArray().Select(s => s!.GetValue<string>()).Order());
        Assert.Equal("add-ipv6-records", settings.Evidence["migration"]!.GetValue<string>());
        Assert.Equal(1, Number(Single(result, SchemaRuleIds.IPv4InStoredData, "shop.settings.details"), "rowsWithIPv4"));

        var policy = Single(result, SchemaRuleIds.IPv4LiteralInCode, "shop.office_notes.office_only");
        Assert.Equal("10.0.0.0/8", policy.Evidence!["literal"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", Single(result, SchemaRuleIds.IPv4LiteralInCode, "shop.audit_session").Evidence!["literal"]!.GetValue<string>());

        Assert.Equal(8, result.Statistics.TablesScanned);
        Assert.Equal(3 + 1000 + 10 + 7 + 1 + 0 + 0, result.Statistics.RowsRead);
    }

    [RequiresPostgresFact]
    public async Task Matching_in_the_client_counts_the_same_rows_as_matching_in_the_server()
    {
        // Every row (no LIMIT, so the server may match in parallel workers) and a sample (LIMIT) alike.
        foreach (var rows in new long?[] { null, 500 })
        {
            var server = await AssessAsync(new SchemaOptions { DataMatching = DataMatching.Server, SampleRows = rows });
            var client = await AssessAsync(new SchemaOptions { DataMatching = DataMatching.Client, SampleRows = rows });
            Assert.Equal(Counts(server), Counts(client));
        }
        static IEnumerable<string> Counts(SchemaAssessment result) => result.Findings
            .Select(f => $"{f.RuleId} {f.Location!.Object} {f.Evidence?["rowsRead"]} {f.Evidence?["rowsWithIPv4"]} {f.Evidence?["rowsWithValue"]} {string.Join(',', f.Evidence?["shapes"]?.AsArray().Select(s => s!.GetValue<string>()) ?? [])}")
            .Order(StringComparer.Ordinal);
    }

    /// <summary>The server's filters and regular expression and the client's scanner agree on what is an IPv4 address.</summary>
    [RequiresPostgresFact]
    public async Task The_server_pattern_matches_what_the_client_scanner_matches()
    {
        string[] values =
        [
            "10.0.0.1", "x 10.0.0.1 y", "http://198.51.100.20:8080/", "10.0.0.0/8", "10.1.2.3,10.1.2.4", "1.2.3.4.5", "v1.2.3.4",
            "::ffff:192.0.2.1", "64:ff9b::192.0.2.1", "2001:db8::1", "999.1.1.1", "256.1.1.1", "10.0.0.1.", "10.0.0.1:80", "host10.0.0.1",
            "1.2.3", "", "{\"ip\":\"10.9.8.7\"}", "01.02.03.04", "255.255.255.255", "0.0.0.0", "a_1.2.3.4", "1.2.3.4a", "(10.0.0.1)",
            "server=10.0.0.1;port=5432", "Mozilla/5.0 (X11; Linux x86_64)", "3.14159", "1.2.3.4/33",
        ];
        await using var session = await PostgresSession.OpenAsync(ConnectionTarget.Parse(Reader, null), new SchemaOptions(), CancellationToken.None);
        await using var command = session.Command($"SELECT v, {PostgresDataScan.Matches("v", "$3")} FROM unnest($2::text[]) AS t(v)");
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresDataScan.AddressPattern });
        command.Parameters.Add(new NpgsqlParameter { Value = values });
        command.Parameters.Add(new NpgsqlParameter { Value = PostgresDataScan.CandidatePattern });
        await using var reader = await command.ExecuteReaderAsync();
        var disagreements = new List<string>();
        while (await reader.ReadAsync())
        {
            var value = reader.GetString(0);
            var server = reader.GetBoolean(1);
            var client = Coexist.Analyzers.IPv4TextScanner.Find(value) is not null;
            if (server != client) disagreements.Add($"'{value}': server {server}, client {client}");
        }
        Assert.Empty(disagreements);
    }

    [RequiresPostgresFact]
    public async Task Sample_rows_bound_the_rows_read_per_table()
    {
        var result = await AssessAsync(new SchemaOptions { SampleRows = 2 });
        var clientIp = Single(result, SchemaRuleIds.IPv4StoredAsText, "shop.sessions.client_ip");
        Assert.Equal(2, Number(clientIp, "rowsRead"));
        Assert.True(clientIp.Evidence!["sampled"]!.GetValue<bool>());
        Assert.True(result.Statistics.RowsRead <= 2 * result.Statistics.TablesScanned);
    }

    [RequiresPostgresFact]
    public async Task Without_the_data_scan_only_the_catalog_and_code_are_assessed()
    {
        var result = await AssessAsync(new SchemaOptions { ScanData = false });
        Assert.DoesNotContain(result.Findings, f => f.RuleId == SchemaRuleIds.IPv4InStoredData);
        Assert.Equal(0, result.Statistics.RowsRead);
        Assert.Null(Single(result, SchemaRuleIds.IPv4StoredAsText, "shop.hosts.ip").Evidence!["rowsRead"]);
    }

    [RequiresPostgresFact]
    public async Task The_session_is_read_only_with_a_statement_timeout_and_nothing_is_written()
    {
        var auditBefore = await fixture.Cluster.ScalarAsync<long>(PostgresFixture.Shop, "SELECT count(*) FROM shop.audit");
        var result = await AssessAsync(new SchemaOptions { StatementTimeout = TimeSpan.FromSeconds(7) });

        Assert.Equal(new SessionSafety(ReadOnly: true, StatementTimeout: "7s"), result.Statistics.Session);
        // The trigger and the function that write to shop.audit never ran.
        Assert.Equal(auditBefore, await fixture.Cluster.ScalarAsync<long>(PostgresFixture.Shop, "SELECT count(*) FROM shop.audit"));
        Assert.Equal(0, auditBefore);
    }

    [RequiresPostgresFact]
    public async Task The_assessment_session_refuses_every_write_even_through_a_function()
    {
        await using var session = await PostgresSession.OpenAsync(ConnectionTarget.Parse(fixture.Cluster.ConnectionString(PostgresFixture.Shop), null), new SchemaOptions(), CancellationToken.None);
        foreach (var write in new[] { "CREATE TABLE shop.x (a int)", "SELECT shop.touch()", "UPDATE shop.settings SET value = 'x'" })
        {
            await using var savepoint = session.Command("SAVEPOINT attempt");
            await savepoint.ExecuteNonQueryAsync();
            await using var command = session.Command(write);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, error.SqlState);
            await using var rollback = session.Command("ROLLBACK TO SAVEPOINT attempt");
            await rollback.ExecuteNonQueryAsync();
        }
    }

    [RequiresPostgresFact]
    public async Task A_statement_running_past_the_timeout_is_stopped_by_the_server()
    {
        var options = new SchemaOptions { StatementTimeout = TimeSpan.FromMilliseconds(300) };
        await using var session = await PostgresSession.OpenAsync(ConnectionTarget.Parse(Reader, null), options, CancellationToken.None);
        await using var command = session.Command("SELECT pg_sleep(10)");
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.QueryCanceled, error.SqlState);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    /// <summary>
    /// An ALTER TABLE holding its lock would make a plain SELECT wait for ever: the lock and statement
    /// timeouts bound the wait, the table is reported as not read, and the others are assessed.
    /// (A lock on a table with defaults blocks the catalog read itself, which then fails with a reason.)
    /// </summary>
    [RequiresPostgresFact]
    public async Task A_locked_table_is_skipped_after_the_timeout_and_the_rest_is_assessed()
    {
        await using var locker = new NpgsqlConnection(fixture.Cluster.ConnectionString(PostgresFixture.Shop));
        await locker.OpenAsync();
        await using var transaction = await locker.BeginTransactionAsync();
        await using (var lockCommand = new NpgsqlCommand("LOCK TABLE shop.imports IN ACCESS EXCLUSIVE MODE", locker, transaction))
            await lockCommand.ExecuteNonQueryAsync();

        var clock = Stopwatch.StartNew();
        var result = await AssessAsync(new SchemaOptions { StatementTimeout = TimeSpan.FromSeconds(3) });
        await transaction.RollbackAsync();

        var skipped = Assert.Single(result.Skipped);
        Assert.Equal("shop.imports", skipped.Object);
        Assert.True(skipped.Reason is "data not read: the table is locked" or "data not read: the statement timeout (3 s) ran out; raise it or lower --sample-rows", skipped.Reason);
        Assert.Contains(result.Findings, f => f.RuleId == SchemaRuleIds.IPv4InStoredData && f.Location!.Object == "shop.settings.value");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [RequiresPostgresFact]
    public async Task A_password_user_is_assessed_and_the_password_appears_nowhere_in_the_result()
    {
        var connectionString = fixture.Cluster.ConnectionString(PostgresFixture.Shop, PostgresCluster.PasswordUser, PostgresCluster.Password);
        var result = await AssessAsync(connectionString: connectionString);

        Assert.NotEmpty(result.Findings);
        Assert.Equal($"postgres://{PostgresCluster.PasswordUser}@127.0.0.1:{fixture.Cluster.Port}/{PostgresFixture.Shop}", result.Source);
        var everything = AssessmentJson.Serialize(result.ToAssessment()) + result.Source + string.Join('\n', result.Skipped) + result;
        Assert.DoesNotContain(PostgresCluster.Password, everything, StringComparison.Ordinal);
    }

    [RequiresPostgresFact]
    public async Task A_postgres_uri_works_and_its_password_is_not_shown()
    {
        var uri = $"postgresql://{PostgresCluster.PasswordUser}:{Uri.EscapeDataString(PostgresCluster.Password)}@127.0.0.1:{fixture.Cluster.Port}/{PostgresFixture.Shop}?sslmode=disable";
        var result = await AssessAsync(new SchemaOptions { ScanData = false }, uri);
        Assert.DoesNotContain(PostgresCluster.Password, result.Source, StringComparison.Ordinal);
        Assert.NotEmpty(result.Findings);
    }

    [RequiresPostgresFact]
    public async Task A_wrong_password_is_a_one_line_connection_error_without_the_password()
    {
        const string wrong = "Wr0ng-Pa55word-x9";
        var connectionString = fixture.Cluster.ConnectionString(PostgresFixture.Shop, PostgresCluster.PasswordUser, wrong);
        var error = await Assert.ThrowsAsync<SchemaConnectionException>(() => SchemaAssessor.AssessLiveAsync(connectionString));
        output.WriteLine(error.Message);
        Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"cannot connect to postgres://{PostgresCluster.PasswordUser}@127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        // Not in the driver's exception inside it either, for whoever logs the whole chain.
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [RequiresPostgresFact]
    public async Task A_missing_database_is_a_one_line_connection_error()
    {
        var connectionString = fixture.Cluster.ConnectionString("no_such_db", PostgresCluster.PasswordUser, PostgresCluster.Password);
        var error = await Assert.ThrowsAsync<SchemaConnectionException>(() => SchemaAssessor.AssessLiveAsync(connectionString));
        output.WriteLine(error.Message);
        Assert.Contains("no_such_db", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresCluster.Password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
