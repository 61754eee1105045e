using System.Text.Json.Nodes;

namespace Coexist.Cli.Tests;

public class AssessCommandTests
{
    private static TempFolder Estate(string services)
    {
        var folder = new TempFolder();
        folder.Write("src/Api/Api.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        folder.Write("src/Api/Listener.cs", """
            using System.Net;
            using System.Net.Sockets;
            class Listener { TcpListener l = new TcpListener(IPAddress.Any, 8080); }
            """);
        folder.Write("db/schema.sql", "CREATE TABLE logins (id int PRIMARY KEY, client_ip varchar(15) NOT NULL);\n");
        folder.Write("coexist.yaml", $"""
            organization: Test Estate
            schemas:
              - name: main-db
                file: db/schema.sql
                dialect: postgres
            # A resolver nobody answers on: the probes cannot run, and the report must say so.
            resolver: 127.0.0.1:9
            paths: [v4, v6]
            services:
            {services}
            """);
        return folder;
    }

    private const string WebService = """
          - name: api
            kind: web
            hosts: [api.example.test]
            hosting: vps
            addressing: global-v4
            backends: [main-db]
            code: [src/Api]
        """;

    [Fact]
    public async Task Writes_the_report_in_every_format_with_code_and_schema_findings()
    {
        using var estate = Estate(WebService);
        var output = Path.Combine(estate.Root, "out");

        var (exitCode, stdout, _) = await Cli.RunAsync("assess", estate.Root, "--output", output, "--no-probe");

        Assert.Equal(0, exitCode);
        Assert.Contains($"report written to {Path.Combine(output, "report.html")}", stdout);
        foreach (var file in new[] { "report.html", "report.md", "report.json", "report.sarif" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "report.json")))!;
        var findings = report["assessment"]!["findings"]!.AsArray();
        // Paths are relative to the inventory, so the planner can give each finding to its service.
        Assert.Contains(findings, f => (string?)f!["ruleId"] == "COEX1003" && (string?)f["location"]!["file"] == "src/Api/Listener.cs");
        Assert.Contains(findings, f => (string?)f!["ruleId"] == "COEX2001" && (string?)f["location"]!["file"] == "db/schema.sql"
                                       && (string?)f["evidence"]!["schema"] == "main-db");
        Assert.Contains("api", File.ReadAllText(Path.Combine(output, "report.md")));
    }

    [Fact]
    public async Task Services_that_cannot_be_probed_are_not_tested_and_the_report_is_still_written()
    {
        using var estate = Estate(WebService);
        var output = Path.Combine(estate.Root, "out");

        var (exitCode, stdout, stderr) = await Cli.RunAsync("assess", estate.Root, "--output", output, "--timeout", "2");

        Assert.Equal(0, exitCode);
        Assert.Contains("report written to", stdout);
        Assert.Contains("resolver", stderr);
        var probes = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "report.json")))!["assessment"]!["probes"]!.AsArray();
        Assert.NotEmpty(probes);
        Assert.All(probes, p => Assert.Contains((string?)p!["outcome"], new[] { "error", "skipped" }));
    }

    [Fact]
    public async Task Fail_on_gates_on_findings()
    {
        using var estate = Estate(WebService);
        var (exitCode, _, _) = await Cli.RunAsync("assess", estate.Root, "--output", Path.Combine(estate.Root, "out"), "--no-probe", "--fail-on", "warning");
        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task A_bad_inventory_names_its_line()
    {
        using var estate = Estate("  - name: api\n    kind: ftp\n");
        var (exitCode, _, stderr) = await Cli.RunAsync("assess", estate.Root, "--no-probe");
        Assert.Equal(2, exitCode);
        Assert.Matches(@"coexist: .*coexist\.yaml:\d+: .*kind 'ftp'", stderr.Trim());
    }

    [Fact]
    public async Task An_unreadable_schema_is_a_warning_and_the_rest_goes_on()
    {
        using var estate = Estate(WebService);
        var inventory = File.ReadAllText(Path.Combine(estate.Root, "coexist.yaml"))
            .Replace("  - name: main-db\n    file: db/schema.sql\n    dialect: postgres", "  - name: main-db\n    connection: env:COEXIST_TEST_NO_SUCH_DB");
        File.WriteAllText(Path.Combine(estate.Root, "coexist.yaml"), inventory);
        var output = Path.Combine(estate.Root, "out");

        var (exitCode, _, stderr) = await Cli.RunAsync("assess", estate.Root, "--output", output, "--no-probe");

        Assert.Equal(0, exitCode);
        Assert.Contains("schema 'main-db' was not assessed: environment variable COEXIST_TEST_NO_SUCH_DB is not set", stderr);
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
    }
}
