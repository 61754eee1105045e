using Coexist.Probes.Tests;

namespace Coexist.Cli.Tests;

public class SchemaCommandTests
{
    private const string MySqlDump = """
        -- MySQL dump 10.13
        CREATE TABLE `logins` (
          `id` int NOT NULL AUTO_INCREMENT,
          `client_ip` varchar(15) NOT NULL,
          PRIMARY KEY (`id`)
        ) ENGINE=InnoDB;
        """;

    [Fact]
    public async Task Assesses_a_ddl_file_with_findings_at_their_lines()
    {
        using var folder = new TempFolder();
        var ddl = folder.Write("db/schema.sql", MySqlDump);
        var (exitCode, output, _) = await Cli.RunAsync("schema", ddl, "--fail-on", "warning");
        Assert.Equal(1, exitCode);
        Assert.Contains("schema.sql(4): warning COEX2001: logins.client_ip (varchar(15))", output);
        Assert.Contains("(mysql, detected from", output);
    }

    [Fact]
    public async Task Editorconfig_sets_schema_rule_severities_too()
    {
        using var folder = new TempFolder();
        folder.Write(".editorconfig", "root = true\n[*.sql]\ndotnet_diagnostic.COEX2001.severity = error\n");
        var ddl = folder.Write("schema.sql", MySqlDump);
        var (exitCode, output, _) = await Cli.RunAsync("schema", ddl);
        Assert.Equal(1, exitCode);
        Assert.Contains("error COEX2001", output);
    }

    [Fact]
    public async Task Json_output_carries_schema_findings_for_the_report()
    {
        using var folder = new TempFolder();
        var ddl = folder.Write("schema.sql", MySqlDump);
        var (_, output, _) = await Cli.RunAsync("schema", ddl, "--format", "json", "--service", "shop-web");
        var finding = Assert.Single(Model.AssessmentJson.Deserialize(output).Findings);
        Assert.Equal("COEX2001", finding.RuleId);
        Assert.Equal("shop-web", finding.Service);
        Assert.Equal(4, finding.Location!.Line);
    }

    [Fact]
    public async Task Reads_a_live_sqlite_database_without_changing_it()
    {
        using var folder = new TempFolder();
        var database = Path.Combine(folder.Root, "shop.sqlite");
        File.Copy(Path.Combine(Repository.Root, "samples", "legacy-shop", "db", "shop.sqlite"), database);
        var before = File.ReadAllBytes(database);

        var (exitCode, output, _) = await Cli.RunAsync("schema", "--connection", $"Data Source={database}");

        Assert.Equal(0, exitCode);
        Assert.Contains("settings.value: warning COEX2007", output);
        Assert.Equal(before, File.ReadAllBytes(database));
    }

    [Fact]
    public async Task A_connection_failure_is_one_line_without_the_password()
    {
        var (exitCode, output, error) = await Cli.RunAsync(
            "schema", "--connection", "Host=127.0.0.1;Port=1;Username=shop;Password=hunter2-secret;Timeout=2", "--format", "json");
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("coexist: ", line);
        Assert.DoesNotContain("hunter2-secret", error);
    }

    [Fact]
    public async Task The_connection_can_come_from_the_environment()
    {
        Environment.SetEnvironmentVariable("COEXIST_TEST_UNSET_DB", null);
        var (exitCode, _, error) = await Cli.RunAsync("schema", "--connection", "env:COEXIST_TEST_UNSET_DB");
        Assert.Equal(2, exitCode);
        Assert.Contains("COEXIST_TEST_UNSET_DB", error);
    }

    [Theory]
    [InlineData("schema")]
    [InlineData("schema", "a.sql", "--connection", "Data Source=x")]
    [InlineData("schema", "a.sql", "--sample-rows", "many")]
    [InlineData("schema", "a.sql", "--dialect", "oracle")]
    public async Task Bad_usage_exits_2(params string[] args)
    {
        var (exitCode, _, error) = await Cli.RunAsync(args);
        Assert.Equal(2, exitCode);
        Assert.StartsWith("coexist: ", error);
    }
}
