namespace Coexist.Model;

/// <summary>What reports say about a rule: its title, default severity and page (docs/rules/ID.md).</summary>
public sealed record RuleInfo(string Id, string Title, Severity DefaultSeverity, string? Description = null)
{
    public const string DocsBase = "https://github.com/coexist-ipv6/coexist/blob/main/docs/rules/";

    public string HelpUri => DocsBase + Id + ".md";
}
