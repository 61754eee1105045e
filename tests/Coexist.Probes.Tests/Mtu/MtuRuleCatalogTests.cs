using Coexist.Probes.Mtu;

namespace Coexist.Probes.Tests.Mtu;

/// <summary>
/// Every path rule's page names its severity, its check and the sources the rules rest on. Pages and README rows of
/// all rules are checked together in Coexist.Cli.Tests (RuleDocumentationTests).
/// </summary>
public class MtuRuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(MtuRules.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_page_names_its_severity_its_check_and_its_sources(string id)
    {
        var rule = MtuRules.All.Single(r => r.Id == id);
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "rules", id + ".md"));
        Assert.Contains($"| {rule.Severity} | `{rule.Check}` |", text, StringComparison.Ordinal);
        // The 1280 minimum, probing without ICMP, translators.
        foreach (var source in new[] { "RFC 8200 §5", "RFC 8899", "RFC 7915" })
            Assert.Contains(source, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_are_in_the_paths_range_with_stable_check_names()
    {
        Assert.All(MtuRules.All, r => Assert.Matches("^COEX7[0-9]{3}$", r.Id));
        Assert.All(MtuRules.All, r => Assert.Matches("^mtu-[a-z0-9-]+$", r.Check));
        Assert.Equal(MtuRules.All.Count, MtuRules.All.Select(r => r.Check).Distinct().Count());
        Assert.Equal(MtuRules.All.Select(r => r.Id), MtuRules.Infos.Select(i => i.Id));
    }
}
