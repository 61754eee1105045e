using System.Text.Json.Nodes;

namespace Coexist.Cli.Tests;

public class ReportCommandTests
{
    // Two probe runs of the same service: one from an IPv4-only office, one from an IPv6-only lab.
    private const string FromV4 = """
        {"schema": "coexist.assessment/v1",
         "services": [{"name": "shop-web", "kind": "web", "hosting": "dedicated", "addressing": "private-v4-behind-lb", "backends": ["shop-db"]}],
         "probes": [
           {"service": "shop-web", "kind": "web", "check": "http", "path": "v4", "target": "www.shop.example", "outcome": "pass"},
           {"service": "shop-web", "kind": "web", "check": "http", "path": "v6", "target": "www.shop.example", "outcome": "error", "detail": "no IPv6 on the probing host"}]}
        """;

    private const string FromV6 = """
        {"schema": "coexist.assessment/v1",
         "probes": [
           {"service": "shop-web", "kind": "web", "check": "http", "path": "v6", "target": "www.shop.example", "outcome": "fail", "ruleId": "COEX4001", "detail": "connection refused"},
           {"service": "shop-web", "kind": "web", "check": "http", "path": "nat64", "target": "www.shop.example", "outcome": "skipped", "detail": "lab not running: needs root"}]}
        """;

    private const string Code = """
        {"schema": "coexist.assessment/v1",
         "findings": [
           {"ruleId": "COEX1003", "severity": "warning", "message": "binds 0.0.0.0 <script>x</script>", "location": {"file": "src/Shop.Web/Program.cs", "line": 12}},
           {"ruleId": "COEX2001", "severity": "warning", "message": "orders.client_ip stores IPv4 as text", "location": {"file": "db/schema.sql", "line": 40}, "evidence": {"table": "shop.orders", "rowsWithIPv4": 2000000}}]}
        """;

    private const string Inventory = """
        organization: Example Shop
        schemas:
          - {name: shop-db, file: db/schema.sql}
        effort:
          per-server: 5
        services:
          - name: shop-web
            kind: web
            code: [src/Shop.Web/]
            backends: [shop-db]
          - name: shop-dns
            kind: dns
            zone: shop.example
        """;

    [Fact]
    public async Task Merges_two_vantage_points_and_writes_one_html_file_into_the_folder()
    {
        using var temp = new TempFolder();
        var v4 = temp.Write("v4-office.json", FromV4);
        var v6 = temp.Write("v6-lab.json", FromV6);
        var code = temp.Write("scan.json", Code);
        var output = Path.Combine(temp.Root, "out");

        var (exitCode, stdout, stderr) = await Cli.RunAsync("report", v4, v6, code, "--output", output, "--fail-on", "none");

        Assert.Equal(0, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("2 probe result(s) could not run", stderr);
        var html = await File.ReadAllTextAsync(Path.Combine(output, "report.html"));
        Assert.Contains("<table id=\"readiness\">", html);
        Assert.Contains("v4-office, v6-lab", html);                 // both vantage points, kept apart
        Assert.Contains("lab not running: needs root", html);       // not tested, with the reason
        Assert.Contains("&lt;script&gt;x&lt;/script&gt;", html);
        Assert.Contains("Listener binds IPv4 only", html);          // rule titles from the analyzers
    }

    [Fact]
    public async Task Json_with_the_inventory_plans_every_service_and_applies_its_costs()
    {
        using var temp = new TempFolder();
        var inventory = temp.Write("coexist.yaml", Inventory);
        var v4 = temp.Write("v4.json", FromV4);
        var code = temp.Write("scan.json", Code);

        var (exitCode, stdout, _) = await Cli.RunAsync("report", v4, code, "--format", "json", "--inventory", inventory, "--fail-on", "none");

        Assert.Equal(0, exitCode);
        var report = JsonNode.Parse(stdout)!;
        Assert.Equal("coexist.report/v1", (string?)report["schema"]);
        Assert.Equal("Example Shop", (string?)report["organization"]);
        var plans = report["plans"]!.AsArray();
        Assert.Equal(["shop-web", "shop-dns"], plans.Select(p => (string)p!["service"]!["name"]!));
        var web = plans[0]!;
        Assert.Equal([0, 1], web["findings"]!.AsArray().Select(i => (int)i!));   // code: and backends: claimed both
        var servers = web["effort"]!["lines"]!.AsArray().Single(l => ((string)l!["item"]!).StartsWith("Servers", StringComparison.Ordinal))!;
        Assert.Equal("inventory effort.per-server", (string?)servers["basis"]);
        Assert.Equal(10, (double)servers["days"]!);
        Assert.Empty(report["estateFindings"]!.AsArray());
    }

    [Fact]
    public async Task Markdown_goes_to_standard_output_without_output()
    {
        using var temp = new TempFolder();
        var (exitCode, stdout, _) = await Cli.RunAsync("report", temp.Write("a.json", FromV4), "--format", "md");
        Assert.Equal(0, exitCode);
        Assert.StartsWith("# IPv6 coexistence report", stdout);
        Assert.Contains("| [shop-web](#s0) | web |", stdout);
    }

    [Fact]
    public async Task Sarif_carries_the_code_and_schema_findings()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Root, "sarif");
        var (exitCode, _, _) = await Cli.RunAsync("report", temp.Write("scan.json", Code), temp.Write("v6.json", FromV6), "--format", "sarif", "-o", output, "--fail-on", "none");
        Assert.Equal(0, exitCode);
        var sarif = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "report.sarif")))!;
        Assert.Equal(["COEX1003", "COEX2001"], sarif["runs"]![0]!["results"]!.AsArray().Select(r => (string)r!["ruleId"]!));
    }

    [Theory]
    [InlineData("warning", 1)]
    [InlineData("error", 1)]
    [InlineData("none", 0)]
    public async Task Fail_on_counts_findings_and_failed_probes(string failOn, int expected)
    {
        using var temp = new TempFolder();
        var (exitCode, _, _) = await Cli.RunAsync("report", temp.Write("v6.json", FromV6), "--format", "json", "--fail-on", failOn);
        Assert.Equal(expected, exitCode);
    }

    [Fact]
    public async Task Bad_input_is_one_line_and_exit_2()
    {
        using var temp = new TempFolder();
        var notJson = temp.Write("bad.json", "{ not json");
        var otherSchema = temp.Write("other.json", """{"schema": "coexist.pathbench/v1"}""");
        var file = temp.Write("file.txt", "x");
        foreach (var args in new[]
        {
            new[] { "report", Path.Combine(temp.Root, "missing.json") },
            new[] { "report", notJson },
            new[] { "report", otherSchema },
            new[] { "report", temp.Write("ok.json", FromV4), "--format", "pdf" },
            new[] { "report", temp.Write("ok2.json", FromV4), "--output", file },
            new[] { "report", temp.Write("ok3.json", FromV4), "--inventory", Path.Combine(temp.Root, "nope.yaml") },
            new[] { "report" },
        })
        {
            var (exitCode, stdout, stderr) = await Cli.RunAsync(args);
            Assert.Equal(2, exitCode);
            Assert.Equal("", stdout);
            var line = Assert.Single(stderr.TrimEnd().Split('\n'));
            Assert.StartsWith("coexist: ", line);
        }
    }
}
