using Microsoft.CodeAnalysis;

namespace Coexist.Analyzers;

/// <summary>Builds descriptors the same way for every rule: category, help link, tags.</summary>
internal static class RuleDescriptors
{
    /// <summary>Every rule's page is <c>docs/rules/ID.md</c>; the help link is computed from the ID.</summary>
    public const string HelpLinkBase = "https://github.com/coexist-ipv6/coexist/blob/main/docs/rules/";

    public const string Category = "IPv6Readiness";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        DiagnosticSeverity defaultSeverity,
        string description) =>
        new(
            id,
            title,
            messageFormat,
            Category,
            defaultSeverity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(id),
            customTags: ["IPv6", "Coexist"]);
}
