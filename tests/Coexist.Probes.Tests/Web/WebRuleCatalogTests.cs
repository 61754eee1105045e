using Coexist.Probes.Web;

namespace Coexist.Probes.Tests.Web;

/// <summary>
/// Every web rule has one check, and its page names its severity, its check and a source. Pages and
/// README rows of all rules are checked together in Coexist.Cli.Tests (RuleDocumentationTests).
/// </summary>
public class WebRuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(WebRules.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_page_names_its_severity_its_check_and_a_source(string id)
    {
        var rule = WebRules.All.Single(r => r.Id == id);
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "rules", id + ".md"));
        Assert.Contains($"| {rule.Severity} | `{rule.Check}` |", text, StringComparison.Ordinal);
        Assert.Matches("RFC [0-9]{3,4}|internet\\.nl|NAT64Check", text);
    }

    [Fact]
    public void Every_rule_has_exactly_one_check_and_every_check_one_rule()
    {
        Assert.Equal(WebRules.All.Select(r => r.Id), WebProbe.Checks.Select(c => c.Rule.Id));
        Assert.Equal(WebRules.All.Count, WebRules.All.Select(r => r.Check).Distinct().Count());
        Assert.All(WebRules.All, r => Assert.Matches("^COEX4[0-9]{3}$", r.Id));
        Assert.All(WebRules.All, r => Assert.Matches("^web-[a-z0-9-]+$", r.Check));
        Assert.All(WebProbe.Checks, c => Assert.NotEmpty(c.Paths));
    }
}
