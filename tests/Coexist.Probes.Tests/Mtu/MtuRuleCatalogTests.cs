using Coexist.Probes.Mtu;

namespace Coexist.Probes.Tests.Mtu;

/// <summary>Every path rule has its page (why, examples, fix, configuration, sources) and its README row.</summary>
public class MtuRuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(MtuRules.All.Select(r => r.Id));

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
    public void Every_rule_has_its_page_with_why_examples_fix_configuration_and_its_sources(string id)
    {
        var rule = MtuRules.All.Single(r => r.Id == id);
        var page = Path.Combine(RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page at docs/rules/{id}.md");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {rule.Title}\n", text, StringComparison.Ordinal);
        Assert.Contains($"| {rule.Severity} | `{rule.Check}` |", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Why", "## Bad", "## Good", "## How to fix", "## Configuration" })
            Assert.Contains(section, text, StringComparison.Ordinal);
        // The sources the rules rest on: the 1280 minimum, path MTU discovery, probing without ICMP, translators.
        foreach (var source in new[] { "RFC 8200 §5", "RFC 8899", "RFC 7915" })
            Assert.Contains(source, text, StringComparison.Ordinal);
        Assert.Equal($"https://github.com/coexist-ipv6/coexist/blob/main/docs/rules/{id}.md", rule.ToRuleInfo().HelpUri);
    }

    [Fact]
    public void Rules_are_in_the_paths_range_with_stable_check_names()
    {
        Assert.All(MtuRules.All, r => Assert.Matches("^COEX7[0-9]{3}$", r.Id));
        Assert.All(MtuRules.All, r => Assert.Matches("^mtu-[a-z0-9-]+$", r.Check));
        Assert.Equal(MtuRules.All.Count, MtuRules.All.Select(r => r.Id).Distinct().Count());
        Assert.Equal(MtuRules.All.Select(r => r.Id), MtuRules.Infos.Select(i => i.Id));
    }

    [Fact]
    public void The_readme_table_lists_every_rule_under_paths_and_MTU()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "rules", "README.md"));
        var section = readme[readme.IndexOf("## Paths and MTU", StringComparison.Ordinal)..];
        foreach (var rule in MtuRules.All)
            Assert.Contains($"| [{rule.Id}]({rule.Id}.md) | {rule.Title} | {rule.Severity} |", section, StringComparison.Ordinal);
    }
}
