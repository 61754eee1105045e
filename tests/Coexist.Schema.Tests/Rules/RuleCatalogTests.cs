using System.Reflection;
using Coexist.Schema.Rules;

namespace Coexist.Schema.Tests.Rules;

/// <summary>
/// Every schema rule is linked, explains itself, is listed in SchemaRuleIds and is run. Pages and README rows of all
/// rules are checked together in Coexist.Cli.Tests (RuleDocumentationTests).
/// </summary>
public class RuleCatalogTests
{
    public static TheoryData<string> RuleIds => new(SchemaRules.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_links_to_its_page_and_explains_itself(string id)
    {
        var rule = SchemaRules.Find(id)!;
        Assert.Equal($"https://github.com/coexist-ipv6/coexist/blob/main/docs/rules/{id}.md", rule.HelpUri);
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
}
