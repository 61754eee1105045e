using System.Reflection;
using Coexist.Schema.Rules;

namespace Coexist.Schema.Tests.Rules;

/// <summary>Every schema rule is documented, linked, listed in the README and in SchemaRuleIds.</summary>
public class RuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(SchemaRules.All.Select(r => r.Id));

    private static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Coexist.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Coexist.sln not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_its_page_with_why_examples_and_fix(string id)
    {
        var page = Path.Combine(RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page at docs/rules/{id}.md");
        var text = File.ReadAllText(page);
        var rule = SchemaRules.Find(id)!;
        Assert.StartsWith($"# {id}: {rule.Title}\n", text, StringComparison.Ordinal);
        Assert.Contains($"| {rule.DefaultSeverity} | IPv6Readiness |", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Why", "## Bad", "## Good", "## How to fix", "## Configuration" })
            Assert.Contains(section, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_links_to_its_page_and_explains_itself(string id)
    {
        var rule = SchemaRules.Find(id)!;
        Assert.Equal($"https://github.com/coexist-ipv6/coexist/blob/main/docs/rules/{id}.md", rule.HelpLink);
        Assert.False(string.IsNullOrWhiteSpace(rule.Description));
    }

    [Fact]
    public void Rule_identifiers_match_the_catalogue()
    {
        var constants = typeof(SchemaRuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(constants, SchemaRules.All.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(constants.Count, constants.Distinct().Count());
        Assert.All(constants, id => Assert.Matches("^COEX2[0-9]{3}$", id));
    }

    [Fact]
    public void Every_rule_is_run()
    {
        var run = RuleSet.ColumnRules.Select(r => r.Rule.Id).Concat(RuleSet.CodeRules.Select(r => r.Rule.Id)).Order(StringComparer.Ordinal);
        Assert.Equal(SchemaRules.All.Select(r => r.Id).Order(StringComparer.Ordinal), run);
    }

    [Fact]
    public void The_readme_table_lists_every_rule_under_schemas_and_stored_data()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "rules", "README.md"));
        var section = readme[readme.IndexOf("## Schemas and stored data", StringComparison.Ordinal)..];
        foreach (var rule in SchemaRules.All)
            Assert.Contains($"| [{rule.Id}]({rule.Id}.md) | {rule.Title} | {rule.DefaultSeverity} |", section, StringComparison.Ordinal);
    }
}
