using Coexist.Model;
using Coexist.Probes.Tests;

namespace Coexist.Cli.Tests;

/// <summary>
/// Every rule of every part (code, schema, DNS, web, mail, SIP) has its page (docs/rules/ID.md: why, a bad and a
/// good example, the fix, configuration), a help link to it, and its row in docs/rules/README.md under its part.
/// </summary>
public class RuleDocumentationTests
{
    public static TheoryData<string> RuleIds => new(RuleCatalog.All.Select(r => r.Id));

    private static readonly Dictionary<char, string> PartHeadings = new()
    {
        ['1'] = "## C# code",
        ['2'] = "## Schemas and stored data",
        ['3'] = "## DNS",
        ['4'] = "## Web",
        ['5'] = "## Mail",
        ['6'] = "## SIP",
        ['7'] = "## Paths and MTU",
    };

    [Fact]
    public void Rule_ids_are_unique_across_parts() =>
        Assert.Equal(RuleCatalog.All.Count, RuleCatalog.All.Select(r => r.Id).Distinct().Count());

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_its_page(string id)
    {
        var rule = RuleCatalog.All.Single(r => r.Id == id);
        var page = Path.Combine(Repository.Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page at docs/rules/{id}.md");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {rule.Title}\n", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Why", "## Bad", "## Good", "## How to fix", "## Configuration" })
            Assert.Contains(section, text, StringComparison.Ordinal);
        Assert.Equal($"https://github.com/coexist-ipv6/coexist/blob/main/docs/rules/{id}.md", rule.HelpUri);
        Assert.False(string.IsNullOrWhiteSpace(rule.Description));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_its_row_under_its_part(string id)
    {
        var rule = RuleCatalog.All.Single(r => r.Id == id);
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "docs", "rules", "README.md"));
        var heading = PartHeadings[id[4]];
        var start = readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/rules/README.md has no '{heading}' section");
        var next = readme.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        var section = next < 0 ? readme[start..] : readme[start..next];
        // The C# table speaks Roslyn's severities (Info, as .editorconfig users know it), the others the report's.
        var severity = id.StartsWith("COEX1", StringComparison.Ordinal) && rule.DefaultSeverity == Severity.Note ? "Info" : rule.DefaultSeverity.ToString();
        Assert.Contains($"| [{id}]({id}.md) | {rule.Title} | {severity} |", section, StringComparison.Ordinal);
    }
}
