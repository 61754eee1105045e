using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Coexist.Analyzers.Tests;

/// <summary>
/// The package as users get it: packed, restored from a local feed into samples/legacy-shop, and run by a
/// real `dotnet build` with the SDK's own compiler. The diagnostics in the build's SARIF must be exactly
/// the ones the sample's comments name (a comment that mentions COEXnnnn expects that rule on its line).
/// </summary>
public class PackageInRealBuildTests
{
    private static readonly Regex RuleId = new(@"\bCOEX\d{4}\b");

    [Fact]
    public async Task Dotnet_build_of_the_sample_reports_exactly_the_marked_ipv4_assumptions()
    {
        var root = RuleCatalogTests.RepositoryRoot;
        var work = Directory.CreateTempSubdirectory("coexist-build-").FullName;
        try
        {
            var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            var sample = Path.Combine(work, "legacy-shop");
            CopyTree(Path.Combine(root, "samples", "legacy-shop"), sample);
            await RunAsync(root, "dotnet", $"pack analyzers/Coexist.Analyzers.Package -c Release -o \"{Path.Combine(sample, ".feed")}\" -p:Version={version}");

            var sarifDirectory = Directory.CreateDirectory(Path.Combine(work, "sarif")).FullName;
            await RunAsync(sample, "dotnet", $"build LegacyShop.sln -p:CoexistAnalyzersVersion={version} -p:CoexistSarifDirectory=\"{sarifDirectory}\"");

            var actual = Directory.GetFiles(sarifDirectory, "*.sarif")
                .SelectMany(ReadCoexistResults)
                .Select(r => (File: Path.GetRelativePath(sample, r.File).Replace('\\', '/'), r.Line, r.Rule))
                .Order()
                .ToList();
            var expected = Directory.GetFiles(Path.Combine(sample, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .SelectMany(file => File.ReadLines(file).SelectMany((text, index) =>
                    RuleId.Matches(Comment(text)).Select(m => (File: Path.GetRelativePath(sample, file).Replace('\\', '/'), Line: index + 1, Rule: m.Value))))
                .Order()
                .ToList();

            Assert.True(expected.Count >= 20, "the sample should carry its IPv4 assumptions");
            var missing = Subtract(expected, actual);
            var unexpected = Subtract(actual, expected);
            Assert.True(missing.Count == 0 && unexpected.Count == 0,
                "The build's diagnostics differ from the sample's markers.\nMissing:\n" + string.Join("\n", missing) + "\nUnexpected:\n" + string.Join("\n", unexpected));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A source line from its first //: the sample's strings never name a rule, so this finds every marker.</summary>
    private static string Comment(string line)
    {
        var start = line.IndexOf("//", StringComparison.Ordinal);
        return start < 0 ? "" : line[start..];
    }

    /// <summary>Multiset difference: what <paramref name="left"/> has more of than <paramref name="right"/>.</summary>
    private static List<(string File, int Line, string Rule)> Subtract(List<(string File, int Line, string Rule)> left, List<(string File, int Line, string Rule)> right)
    {
        var remaining = right.ToList();
        return left.Where(item => !remaining.Remove(item)).ToList();
    }

    private static IEnumerable<(string File, int Line, string Rule)> ReadCoexistResults(string sarifPath)
    {
        var sarif = JsonNode.Parse(File.ReadAllText(sarifPath))!;
        Assert.Equal("2.1.0", (string?)sarif["version"]);
        foreach (var result in sarif["runs"]![0]!["results"]!.AsArray())
        {
            var rule = (string?)result!["ruleId"];
            if (rule is null || !rule.StartsWith("COEX", StringComparison.Ordinal)) continue;
            var physical = result["locations"]![0]!["physicalLocation"]!;
            var file = new Uri((string)physical["artifactLocation"]!["uri"]!).LocalPath;
            yield return (file, (int)physical["region"]!["startLine"]!, rule);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, directory);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".feed")) continue;
            Directory.CreateDirectory(Path.Combine(to, relative));
        }
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".feed")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    private static async Task RunAsync(string directory, string command, string arguments)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The nested build must not inherit the test host's MSBuild settings.
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildExtensionsPath");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        Assert.True(process.ExitCode == 0, $"{command} {arguments} failed ({process.ExitCode}):\n{await output}\n{await error}");
    }
}
