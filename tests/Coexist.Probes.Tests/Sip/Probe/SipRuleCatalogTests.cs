using Coexist.Probes.Sip.Checks;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>
/// Every SIP rule has one check, and its page names its severity, its check and a source. Pages and
/// README rows of all rules are checked together in Coexist.Cli.Tests (RuleDocumentationTests).
/// </summary>
public class SipRuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(SipRules.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_page_names_its_severity_its_check_and_a_source(string id)
    {
        var rule = SipRules.All.Single(r => r.Id == id);
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "rules", id + ".md"));
        Assert.Contains($"| {rule.Severity} | `{rule.Check}` |", text, StringComparison.Ordinal);
        Assert.Matches("RFC [0-9]{3,4}", text);
    }

    [Fact]
    public void Every_rule_has_exactly_one_check_and_every_check_one_rule()
    {
        Assert.Equal(SipRules.All.Select(r => r.Id), SipProbe.Checks.Select(c => c.Rule.Id));
        Assert.Equal(SipRules.All.Count, SipRules.All.Select(r => r.Check).Distinct().Count());
        Assert.All(SipRules.All, r => Assert.Matches("^COEX6[0-9]{3}$", r.Id));
        Assert.All(SipRules.All, r => Assert.Matches("^sip-[a-z0-9-]+$", r.Check));
    }
}
