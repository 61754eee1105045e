using Coexist.Model;
using Coexist.Schema.Rules;

namespace Coexist.Schema.Tests.Rules;

/// <summary>Which declared columns are address columns, by type, length, name, comment and check, per dialect.</summary>
public class AddressColumnsTests
{
    private static async Task<string?> RuleFor(string column, SqlDialect dialect = SqlDialect.Postgres, string extra = "")
    {
        var result = await Fixture.AssessTextAsync($"CREATE TABLE t ({column}{extra});", dialect);
        var finding = result.Findings.SingleOrDefault(f => f.RuleId is SchemaRuleIds.IPv4StoredAsText or SchemaRuleIds.IPv4StoredAsNumber or SchemaRuleIds.IPv6CapableColumn);
        return finding?.RuleId;
    }

    [Theory]
    [InlineData("client_ip varchar(15)", SchemaRuleIds.IPv4StoredAsText)]
    [InlineData("client_ip char(15)", SchemaRuleIds.IPv4StoredAsText)]
    [InlineData("client_ip nvarchar(15)", SchemaRuleIds.IPv4StoredAsText)]
    [InlineData("host varchar(15)", SchemaRuleIds.IPv4StoredAsText)]
    [InlineData("address varchar(7)", SchemaRuleIds.IPv4StoredAsText)]
    [InlineData("ip_address varchar(39)", SchemaRuleIds.IPv4StoredAsText)]
    [InlineData("ip_address varchar(45)", SchemaRuleIds.IPv6CapableColumn)]
    [InlineData("ip_address text", SchemaRuleIds.IPv6CapableColumn)]
    [InlineData("anything inet", SchemaRuleIds.IPv6CapableColumn)]
    [InlineData("network cidr", SchemaRuleIds.IPv6CapableColumn)]
    [InlineData("ip_num integer", SchemaRuleIds.IPv4StoredAsNumber)]
    [InlineData("ip_num bigint", SchemaRuleIds.IPv4StoredAsNumber)]
    [InlineData("ip_num numeric(10,0)", SchemaRuleIds.IPv4StoredAsNumber)]
    [InlineData("ip_num numeric(10,2)", null)]
    [InlineData("ip_num smallint", null)]
    [InlineData("address varchar(100)", null)]
    [InlineData("host varchar(255)", null)]
    [InlineData("hostname text", null)]
    [InlineData("code varchar(15)", null)]
    [InlineData("address varchar(6)", null)]
    [InlineData("ip_list text[]", null)]
    public async Task PostgreSQL_columns(string column, string? rule) => Assert.Equal(rule, await RuleFor(column));

    [Theory]
    [InlineData("`ip` int unsigned", SchemaRuleIds.IPv4StoredAsNumber)]
    [InlineData("`ip` binary(4)", SchemaRuleIds.IPv4StoredAsNumber)]
    [InlineData("`ip` varbinary(16)", SchemaRuleIds.IPv6CapableColumn)]
    [InlineData("`uuid` binary(16)", null)]
    [InlineData("`ip` tinytext", SchemaRuleIds.IPv6CapableColumn)]
    [InlineData("`ip` varchar(15) CHARACTER SET ascii", SchemaRuleIds.IPv4StoredAsText)]
    public async Task MySQL_columns(string column, string? rule) => Assert.Equal(rule, await RuleFor(column, SqlDialect.MySql));

    [Theory]
    [InlineData("[ClientIp] [varchar](max)", SchemaRuleIds.IPv6CapableColumn)]
    [InlineData("[ClientIp] varchar", null)]
    [InlineData("[ClientIp] varchar(15)", SchemaRuleIds.IPv4StoredAsText)]
    public async Task SQL_Server_columns(string column, string? rule) => Assert.Equal(rule, await RuleFor(column, SqlDialect.TSql));

    [Fact]
    public async Task A_dotted_quad_check_makes_any_text_column_an_IPv4_column_whatever_its_name()
    {
        Assert.Equal(SchemaRuleIds.IPv4StoredAsText, await RuleFor("gw text", extra: ", CHECK (gw ~ '^\\d+\\.\\d+\\.\\d+\\.\\d+$')"));
        Assert.Equal(SchemaRuleIds.IPv4StoredAsText, await RuleFor("gw text CHECK (gw LIKE '%.%.%.%')"));
        Assert.Null(await RuleFor("gw text CHECK (gw LIKE '%.example.com')"));
    }

    [Fact]
    public async Task A_comment_makes_a_sized_column_an_address_column()
    {
        var result = await Fixture.AssessTextAsync("CREATE TABLE t (peer varchar(15));\nCOMMENT ON COLUMN t.peer IS 'IP address of the peer';", SqlDialect.Postgres);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(SchemaRuleIds.IPv4StoredAsText, finding.RuleId);
        Assert.Contains("comment", finding.Evidence!["reasons"]!.AsArray()[1]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Later_ALTER_TABLE_statements_change_what_the_rules_see()
    {
        var result = await Fixture.AssessTextAsync("""
            CREATE TABLE t (id int, peer_ip varchar(15), old_ip varchar(15), ip int);
            ALTER TABLE t ALTER COLUMN peer_ip TYPE inet;
            ALTER TABLE t DROP COLUMN old_ip;
            ALTER TABLE t RENAME COLUMN ip TO row_count;
            ALTER TABLE t ADD COLUMN gateway_ip varchar(15);
            """, SqlDialect.Postgres);
        Assert.Equal(
            ["COEX2001 public.t.gateway_ip", "COEX2003 public.t.peer_ip"],
            result.Findings.Select(f => $"{f.RuleId} {f.Location!.Object}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Severity_overrides_change_or_turn_off_rules()
    {
        var options = new SchemaOptions
        {
            SeverityOverrides = new Dictionary<string, Severity?> { [SchemaRuleIds.IPv4StoredAsText] = Severity.Error, [SchemaRuleIds.KeyOnIPv4Column] = null },
        };
        var result = await Fixture.AssessTextAsync("CREATE TABLE t (client_ip varchar(15) PRIMARY KEY);", SqlDialect.Postgres, options);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Error, finding.Severity);
    }

    [Fact]
    public async Task Findings_carry_the_service_and_serialize_into_the_assessment_contract()
    {
        var result = await Fixture.AssessTextAsync("CREATE TABLE t (client_ip varchar(15));", SqlDialect.MySql, new SchemaOptions { Service = "shop-web" });
        var json = AssessmentJson.Serialize(result.ToAssessment());
        var back = AssessmentJson.Deserialize(json);
        var finding = Assert.Single(back.Findings);
        Assert.Equal("shop-web", finding.Service);
        Assert.Equal("COEX2001", finding.RuleId);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Equal("test.sql", finding.Location!.File);
        Assert.Equal(1, finding.Location.Line);
        Assert.Equal("t.client_ip", finding.Location.Object);
        Assert.Equal("VARBINARY(16)", finding.Evidence!["targetType"]!.GetValue<string>());
        Assert.Contains("\"ruleId\": \"COEX2001\"", json, StringComparison.Ordinal);
    }
}
