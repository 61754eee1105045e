using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Checks;

namespace Coexist.Probes.Tests.Dns.Checks;

/// <summary>
/// Every DNS rule has one check, and its page names its severity, its check and a source. Pages and
/// README rows of all rules are checked together in Coexist.Cli.Tests (RuleDocumentationTests).
/// </summary>
public class DnsRuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(DnsRules.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_page_names_its_severity_its_check_and_a_source(string id)
    {
        var rule = DnsRules.All.Single(r => r.Id == id);
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "rules", id + ".md"));
        Assert.Contains($"| {rule.Severity} | `{rule.Check}` |", text, StringComparison.Ordinal);
        Assert.Matches("RFC [0-9]{3,4}", text);
    }

    [Fact]
    public void Every_rule_has_exactly_one_check_and_every_check_one_rule()
    {
        Assert.Equal(DnsRules.All.Select(r => r.Id), DnsProbe.Checks.Select(c => c.Rule.Id));
        Assert.Equal(DnsRules.All.Count, DnsRules.All.Select(r => r.Check).Distinct().Count());
        Assert.All(DnsRules.All, r => Assert.Matches("^COEX3[0-9]{3}$", r.Id));
        Assert.All(DnsRules.All, r => Assert.Matches("^dns(64)?-[a-z0-9-]+$", r.Check));
        Assert.All(DnsProbe.Checks, c => Assert.NotEmpty(c.Paths));
    }
}
