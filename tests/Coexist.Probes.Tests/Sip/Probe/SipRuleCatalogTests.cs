using Coexist.Probes.Sip.Checks;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>Every SIP rule has one check, its page (why, examples, fix, configuration, sources) and its README row.</summary>
public class SipRuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(SipRules.All.Select(r => r.Id));

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
    public void Every_rule_has_its_page_with_why_examples_fix_configuration_and_a_source(string id)
    {
        var rule = SipRules.All.Single(r => r.Id == id);
        var page = Path.Combine(RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page at docs/rules/{id}.md");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {rule.Title}\n", text, StringComparison.Ordinal);
        Assert.Contains($"| {rule.Severity} | `{rule.Check}` |", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Why", "## Bad", "## Good", "## How to fix", "## Configuration" })
            Assert.Contains(section, text, StringComparison.Ordinal);
        Assert.Matches("RFC [0-9]{3,4}", text);
        // The build machines' uplink and registries live in these blocks: not even examples use them.
        Assert.DoesNotContain("192.0.2.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.", text, StringComparison.Ordinal);
        Assert.Equal($"https://github.com/coexist-ipv6/coexist/blob/main/docs/rules/{id}.md", rule.ToRuleInfo().HelpUri);
    }

    [Fact]
    public void Every_rule_has_exactly_one_check_and_every_check_one_rule()
    {
        Assert.Equal(SipRules.All.Select(r => r.Id), SipProbe.Checks.Select(c => c.Rule.Id));
        Assert.Equal(SipRules.All.Count, SipRules.All.Select(r => r.Check).Distinct().Count());
        Assert.All(SipRules.All, r => Assert.Matches("^COEX6[0-9]{3}$", r.Id));
        Assert.All(SipRules.All, r => Assert.Matches("^sip-[a-z0-9-]+$", r.Check));
    }

    [Fact]
    public void The_readme_table_lists_every_rule_under_sip()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "rules", "README.md"));
        var section = readme[readme.IndexOf("## SIP", StringComparison.Ordinal)..];
        foreach (var rule in SipRules.All)
            Assert.Contains($"| [{rule.Id}]({rule.Id}.md) | {rule.Title} | {rule.Severity} |", section, StringComparison.Ordinal);
    }
}
