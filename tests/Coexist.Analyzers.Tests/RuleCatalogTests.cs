using System.Reflection;
using Coexist.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Analyzers.Tests;

/// <summary>
/// Every rule is linked, tracked in the release files and listed in RuleIdentifiers. Pages and README rows of all
/// rules are checked together in Coexist.Cli.Tests (RuleDocumentationTests).
/// </summary>
public class RuleCatalogTests
{
    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
        typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .GroupBy(d => d.Id)
            .Select(g => g.First())
            .OrderBy(d => d.Id)
            .ToList();

    public static TheoryData<string> RuleIds => new(Descriptors.Select(d => d.Id));

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Coexist.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Coexist.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void There_are_rules() => Assert.NotEmpty(Descriptors);

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_links_to_its_page(string id)
    {
        var descriptor = Descriptors.Single(d => d.Id == id);
        Assert.Equal($"https://github.com/coexist-ipv6/coexist/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.Equal("IPv6Readiness", descriptor.Category);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_is_tracked_in_the_release_files(string id)
    {
        var folder = Path.Combine(RepositoryRoot, "analyzers", "Coexist.Analyzers");
        var releases = File.ReadAllText(Path.Combine(folder, "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Path.Combine(folder, "AnalyzerReleases.Unshipped.md"));
        var descriptor = Descriptors.Single(d => d.Id == id);
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases);
    }

    [Fact]
    public void Rule_identifiers_match_the_descriptors()
    {
        var constants = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .OrderBy(id => id)
            .ToList();
        Assert.Equal(constants, Descriptors.Select(d => d.Id));
        Assert.Equal(constants.Count, constants.Distinct().Count());
        Assert.All(constants, id => Assert.Matches("^COEX1[0-9]{3}$", id));
    }
}
