using Coexist.Model;
using Coexist.Schema.Rules;
using Xunit.Abstractions;

namespace Coexist.Schema.Tests.Ddl;

/// <summary>
/// One realistic dump per dialect, with known IPv4 dependencies: every finding is asserted by rule,
/// line and object, and nothing else may be reported.
/// </summary>
public class DialectFixtureTests(ITestOutputHelper output)
{
    private const string Text = SchemaRuleIds.IPv4StoredAsText;
    private const string Number = SchemaRuleIds.IPv4StoredAsNumber;
    private const string Capable = SchemaRuleIds.IPv6CapableColumn;
    private const string Key = SchemaRuleIds.KeyOnIPv4Column;
    private const string Function = SchemaRuleIds.IPv4FunctionInCode;
    private const string Literal = SchemaRuleIds.IPv4LiteralInCode;

    [Fact]
    public async Task Mysqldump_output_gives_every_expected_finding_and_no_other()
    {
        const string file = "mysql-shop.sql";
        var result = await Fixture.AssessAsync(file);
        result.Show(output);

        Assert.Equal(SqlDialect.MySql, result.Dialect);
        Assert.Empty(result.Skipped);
        int L(string marker) => Fixture.LineOf(file, marker);
        AssertFindings(result,
        [
            (Text, L("`ip` varchar(15) NOT NULL"), "hosts.ip"),
            (Capable, L("`ipv6` varbinary(16)"), "hosts.ipv6"),
            (Key, L("PRIMARY KEY (`ip`)"), "hosts"),
            (Text, L("`client_ip` varchar(15) NOT NULL COMMENT"), "sessions.client_ip"),
            (Number, L("`ip_num` int unsigned"), "sessions.ip_num"),
            (Key, L("KEY `idx_sessions_client_ip`"), "sessions.idx_sessions_client_ip"),
            (Key, L("CONSTRAINT `fk_sessions_host`"), "sessions.fk_sessions_host"),
            (Text, L("`remote_addr` varchar(15)"), "login_audit.remote_addr"),
            (Text, L("`host` varchar(15)"), "login_audit.host"),
            (Literal, L("`host` varchar(15)"), "login_audit.host"),
            (Key, L("UNIQUE KEY `uk_login_audit_remote`"), "login_audit.uk_login_audit_remote"),
            (Number, L("`ip_from` int(10)"), "geo_ip.ip_from"),
            (Number, L("`ip_to` int(10)"), "geo_ip.ip_to"),
            (Key, L("PRIMARY KEY (`ip_from`,`ip_to`)"), "geo_ip"),
            (Function, L("SET NEW.ip_num = INET_ATON"), "trg_sessions_ip_num"),
            (Literal, L("IN p_ip VARCHAR(15)"), "log_login"),
            (Literal, L("IF p_ip = '127.0.0.1'"), "log_login"),
            (Function, L("SELECT INET_NTOA(ip_from)"), "log_login"),
            (Function, L("SELECT INET_NTOA(ip_from)"), "log_login"),
            (Literal, L("VIEW `v_office_sessions` AS select"), "v_office_sessions"),
            (Literal, L("VIEW `v_office_sessions` AS select"), "v_office_sessions"),
        ]);

        var hostsIp = result.Findings.Single(f => f.RuleId == Text && f.Location!.Object == "hosts.ip");
        Assert.Equal("VARBINARY(16)", hostsIp.Evidence!["targetType"]!.GetValue<string>());
        Assert.Contains("INET6_ATON", hostsIp.Evidence["suggestedSql"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("convert-in-place", hostsIp.Evidence["migration"]!.GetValue<string>());
        Assert.Contains(hostsIp.Evidence["reasons"]!.AsArray(), r => r!.GetValue<string>().Contains("dotted-quad", StringComparison.Ordinal));
        Assert.Equal(file, Path.GetFileName(hostsIp.Location!.File));

        var foreignKey = result.Findings.Single(f => f.Location!.Object == "sessions.fk_sessions_host");
        Assert.Equal(["sessions.client_ip", "hosts.ip"], foreignKey.Evidence!["affectedColumns"]!.AsArray().Select(c => c!.GetValue<string>()).Order().Reverse());
        var loopback = result.Findings.Single(f => f.Evidence?["literal"]?.GetValue<string>() == "127.0.0.1");
        Assert.Equal("loopback", loopback.Evidence!["literalKind"]!.GetValue<string>());
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains("192.168.1.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pg_dump_output_gives_every_expected_finding_and_no_other()
    {
        const string file = "postgres-shop.sql";
        var result = await Fixture.AssessAsync(file);
        result.Show(output);

        Assert.Equal(SqlDialect.Postgres, result.Dialect);
        Assert.Empty(result.Skipped);
        int L(string marker) => Fixture.LineOf(file, marker);
        AssertFindings(result,
        [
            (Literal, L("v_client_ip varchar(15);"), "shop.audit_login"),
            (Literal, L("inet '10.0.0.0/8'"), "shop.audit_login"),
            (Function, L("SELECT split_part(p_ip, '.', 1)"), "shop.ip_to_int"),
            (Function, L("+ split_part(p_ip, '.', 2)"), "shop.ip_to_int"),
            (Function, L("+ split_part(p_ip, '.', 3)"), "shop.ip_to_int"),
            (Function, L("+ split_part(p_ip, '.', 4)"), "shop.ip_to_int"),
            (Capable, L("client_addr inet NOT NULL"), "shop.logins.client_addr"),
            (Text, L("gateway shop.ipv4_text"), "shop.logins.gateway"),
            (Key, L("CREATE INDEX logins_gateway_idx"), "shop.logins.logins_gateway_idx"),
            (Text, L("client_ip character varying(15) NOT NULL"), "shop.sessions.client_ip"),
            (Number, L("ip_number bigint"), "shop.sessions.ip_number"),
            (Text, L("proxy_addr character varying(20)"), "shop.sessions.proxy_addr"),
            (Literal, L("proxy_addr character varying(20)"), "shop.sessions.proxy_addr"),
            (Literal, L("WHERE ((s.client_ip)::text ~~ '%.%.%.%'"), "shop.v_internal_sessions"),
            (Literal, L("WHERE ((s.client_ip)::text ~~ '%.%.%.%'"), "shop.v_internal_sessions"),
            (Key, L("ADD CONSTRAINT sessions_client_ip_key"), "shop.sessions.sessions_client_ip_key"),
            (Key, L("CREATE INDEX sessions_ip_number_idx"), "shop.sessions.sessions_ip_number_idx"),
        ]);

        var clientIp = result.Findings.Single(f => f.RuleId == Text && f.Location!.Object == "shop.sessions.client_ip");
        Assert.Equal("inet", clientIp.Evidence!["targetType"]!.GetValue<string>());
        Assert.Equal("Client IPv4 address, dotted quad", clientIp.Evidence["comment"]!.GetValue<string>());
        Assert.Contains("USING client_ip::inet", clientIp.Evidence["suggestedSql"]!.GetValue<string>(), StringComparison.Ordinal);
        var gateway = result.Findings.Single(f => f.RuleId == Text && f.Location!.Object == "shop.logins.gateway");
        Assert.Contains("domain over", gateway.Evidence!["declaredType"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains("203.0.113.9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sql_server_script_gives_every_expected_finding_and_no_other()
    {
        const string file = "tsql-shop.sql";
        var result = await Fixture.AssessAsync(file);
        result.Show(output);

        Assert.Equal(SqlDialect.TSql, result.Dialect);
        Assert.Empty(result.Skipped);
        int L(string marker) => Fixture.LineOf(file, marker);
        AssertFindings(result,
        [
            (Text, L("[Ip] [varchar](15) NOT NULL"), "dbo.Hosts.Ip"),
            (Capable, L("[IpV6] [varbinary](16)"), "dbo.Hosts.IpV6"),
            (Key, L("CONSTRAINT [PK_Hosts]"), "dbo.Hosts.PK_Hosts"),
            (Text, L("[ClientIP] [varchar](15)"), "dbo.Sessions.ClientIP"),
            (Number, L("[IpNumber] [bigint]"), "dbo.Sessions.IpNumber"),
            (Text, L("[SourceAddress] [char](15)"), "dbo.AccessRules.SourceAddress"),
            (Number, L("[SourceIpBin] [binary](4)"), "dbo.AccessRules.SourceIpBin"),
            (Key, L("CREATE NONCLUSTERED INDEX [IX_Sessions_ClientIP]"), "dbo.Sessions.IX_Sessions_ClientIP"),
            (Literal, L("DEFAULT ('0.0.0.0') FOR [ClientIP]"), "dbo.Sessions.ClientIP"),
            (Key, L("CONSTRAINT [FK_Sessions_Hosts] FOREIGN KEY"), "dbo.Sessions.FK_Sessions_Hosts"),
            (Literal, L("@ClientIp varchar(15)"), "dbo.GetOctets"),
            (Function, L("CAST(PARSENAME(@ClientIp, 4)"), "dbo.GetOctets"),
            (Literal, L("IF @ClientIp = N'127.0.0.1'"), "dbo.GetOctets"),
            (Literal, L("ClientIP <> '10.20.0.1'"), "dbo.OfficeSessions"),
        ]);

        var source = result.Findings.Single(f => f.RuleId == Text && f.Location!.Object == "dbo.AccessRules.SourceAddress");
        Assert.Equal("Address of the remote host", source.Evidence!["comment"]!.GetValue<string>());
        Assert.Equal("varbinary(16)", source.Evidence["targetType"]!.GetValue<string>());
        Assert.Equal("varchar(45) where the text form is needed", source.Evidence["alternativeType"]!.GetValue<string>());
        Assert.Contains(source.Evidence["reasons"]!.AsArray(), r => r!.GetValue<string>().Contains("'%_.%_.%_.%_'", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Findings, f => f.Message.Contains("Shop.dbo.Sessions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_schema_gives_every_expected_finding_and_no_other()
    {
        const string file = "sqlite-shop.sql";
        var result = await Fixture.AssessAsync(file);
        result.Show(output);

        Assert.Equal(SqlDialect.Sqlite, result.Dialect);
        Assert.Empty(result.Skipped);
        int L(string marker) => Fixture.LineOf(file, marker);
        AssertFindings(result,
        [
            (Text, L("ip VARCHAR(15) PRIMARY KEY"), "hosts.ip"),
            (Key, L("ip VARCHAR(15) PRIMARY KEY"), "hosts"),
            (Text, L("client_ip TEXT NOT NULL CHECK"), "sessions.client_ip"),
            (Key, L("client_ip TEXT NOT NULL CHECK"), "sessions"),
            (Number, L("ip_num INTEGER,"), "sessions.ip_num"),
            (Capable, L("peer_address TEXT"), "sessions.peer_address"),
            (Text, L("remote_host VARCHAR(15)"), "login_log.remote_host"),
            (Literal, L("remote_host VARCHAR(15)"), "login_log.remote_host"),
            (Key, L("CREATE INDEX idx_sessions_client_ip"), "sessions.idx_sessions_client_ip"),
            (Key, L("CREATE UNIQUE INDEX idx_sessions_ip_num"), "sessions.idx_sessions_ip_num"),
            (Literal, L("WHEN NEW.client_ip = '127.0.0.1'"), "trg_sessions_local"),
            (Literal, L("CREATE VIEW v_local_sessions"), "v_local_sessions"),
        ]);

        var hostsIp = result.Findings.Single(f => f.RuleId == Text && f.Location!.Object == "hosts.ip");
        Assert.Equal("TEXT", hostsIp.Evidence!["targetType"]!.GetValue<string>());
        Assert.Contains("does not enforce", hostsIp.Evidence["migrationNote"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static void AssertFindings(SchemaAssessment result, (string Rule, int Line, string Object)[] expected)
    {
        var actual = result.Findings.Select(f => (f.RuleId, f.Location?.Line ?? 0, f.Location?.Object ?? "")).Order().ToList();
        Assert.Equal(expected.Order().Select(e => $"{e.Rule} {e.Line} {e.Object}"), actual.Select(a => $"{a.RuleId} {a.Item2} {a.Item3}"));
        Assert.All(result.Findings, f =>
        {
            Assert.NotNull(f.Evidence?["dialect"]);
            Assert.NotNull(f.Evidence?["helpUri"]);
            Assert.Contains(f.Evidence!["migration"]!.GetValue<string>(), new[] { "convert-in-place", "add-ipv6-records" });
            Assert.False(string.IsNullOrWhiteSpace(f.Evidence["migrationNote"]!.GetValue<string>()));
        });
    }
}
