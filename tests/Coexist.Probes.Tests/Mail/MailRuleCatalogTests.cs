using Coexist.Probes.Mail;

namespace Coexist.Probes.Tests.Mail;

/// <summary>
/// Every mail rule has one check, and its page names its severity, its check and a source. Pages and
/// README rows of all rules are checked together in Coexist.Cli.Tests (RuleDocumentationTests).
/// </summary>
public class MailRuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(MailRules.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_page_names_its_severity_its_check_and_a_source(string id)
    {
        var rule = MailRules.All.Single(r => r.Id == id);
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "rules", id + ".md"));
        Assert.Contains($"| {rule.Severity} | `{rule.Check}` |", text, StringComparison.Ordinal);
        Assert.Matches("RFC [0-9]{4}", text);
    }

    [Fact]
    public void Every_rule_has_exactly_one_check_and_every_check_one_rule()
    {
        Assert.Equal(MailRules.All.Select(r => r.Id), MailProbe.Checks.Select(c => c.Rule.Id));
        Assert.Equal(MailRules.All.Count, MailRules.All.Select(r => r.Check).Distinct().Count());
        Assert.All(MailRules.All, r => Assert.Matches("^COEX5[0-9]{3}$", r.Id));
        Assert.All(MailRules.All, r => Assert.Matches("^mail-[a-z0-9-]+$", r.Check));
        Assert.All(MailProbe.Checks, c => Assert.NotEmpty(c.Paths));
    }
}
