using System.Text.Json.Nodes;

namespace Coexist.Cli.Tests;

public class ScanCommandTests
{
    private static TempFolder Sample()
    {
        var folder = new TempFolder();
        folder.Write("src/App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
            </Project>
            """);
        folder.Write("src/App/Server.cs", """
            using System.Net;
            using System.Net.Sockets;
            class Server
            {
                TcpListener listener = new TcpListener(IPAddress.Any, 25);
                string relay = "10.0.0.25";
            }
            """);
        return folder;
    }

    [Fact]
    public async Task Text_output_reads_like_compiler_diagnostics()
    {
        using var folder = Sample();
        var (exitCode, output, _) = await Cli.RunAsync("scan", folder.Root, "--no-msbuild");
        Assert.Equal(0, exitCode);
        Assert.Contains("src/App/Server.cs(5,44): warning COEX1003: ", output);
        Assert.Contains("src/App/Server.cs(6,21): warning COEX1001: ", output);
        Assert.Contains("2 findings (0 errors, 2 warnings, 0 notes)", output);
    }

    [Theory]
    [InlineData("none", 0)]
    [InlineData("error", 0)]
    [InlineData("warning", 1)]
    [InlineData("note", 1)]
    public async Task Fail_on_sets_the_exit_code(string failOn, int expected)
    {
        using var folder = Sample();
        var (exitCode, _, _) = await Cli.RunAsync("scan", folder.Root, "--no-msbuild", "--fail-on", failOn);
        Assert.Equal(expected, exitCode);
    }

    [Fact]
    public async Task Json_output_is_an_assessment()
    {
        using var folder = Sample();
        var (_, output, _) = await Cli.RunAsync("scan", folder.Root, "--no-msbuild", "--format", "json");
        var assessment = Model.AssessmentJson.Deserialize(output);
        Assert.Equal(["COEX1003", "COEX1001"], assessment.Findings.Select(f => f.RuleId));
        Assert.Equal("src/App/Server.cs", assessment.Findings[0].Location!.File);
    }

    [Fact]
    public async Task Sarif_output_is_sarif_2_1_0_that_code_scanning_accepts()
    {
        using var folder = Sample();
        var sarifPath = Path.Combine(folder.Root, "out", "scan.sarif");
        var (exitCode, output, _) = await Cli.RunAsync("scan", folder.Root, "--no-msbuild", "--format", "sarif", "--output", sarifPath);
        Assert.Equal(0, exitCode);
        Assert.Equal("", output);

        var sarif = JsonNode.Parse(File.ReadAllText(sarifPath))!;
        Assert.Equal("2.1.0", (string?)sarif["version"]);
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", (string?)sarif["$schema"]);
        var run = sarif["runs"]![0]!;
        Assert.Equal("coexist", (string?)run["tool"]!["driver"]!["name"]);
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.Contains(rules, r => (string?)r!["id"] == "COEX1003" && ((string?)r["helpUri"])!.EndsWith("docs/rules/COEX1003.md", StringComparison.Ordinal));
        var results = run["results"]!.AsArray();
        Assert.Equal(2, results.Count);
        foreach (var result in results)
        {
            var index = (int)result!["ruleIndex"]!;
            Assert.Equal((string?)result["ruleId"], (string?)rules[index]!["id"]);
            var physical = result["locations"]![0]!["physicalLocation"]!;
            Assert.Equal("src/App/Server.cs", (string?)physical["artifactLocation"]!["uri"]);
            Assert.Equal("%SRCROOT%", (string?)physical["artifactLocation"]!["uriBaseId"]);
            Assert.True((int)physical["region"]!["startLine"]! >= 5);
            Assert.Equal("warning", (string?)result["level"]);
        }
        Assert.StartsWith("file:///", (string?)run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]);
    }

    [Fact]
    public async Task Notices_go_to_stderr_so_json_stays_clean()
    {
        using var folder = Sample();
        folder.Write("src/App/Broken.cs", "class Broken {");
        var (_, output, error) = await Cli.RunAsync("scan", folder.Root, "--no-msbuild", "--format", "json");
        Assert.Contains("coexist: warning: src/App/Broken.cs: does not parse", error);
        Model.AssessmentJson.Deserialize(output);
    }
}
