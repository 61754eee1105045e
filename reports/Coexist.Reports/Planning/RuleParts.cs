using Coexist.Model;

namespace Coexist.Reports.Planning;

/// <summary>Which part a rule belongs to, and which kinds of service an estate-wide finding of that part affects.</summary>
public static class RuleParts
{
    public static IReadOnlyList<RulePart> Reported { get; } =
        [RulePart.Code, RulePart.Schema, RulePart.Dns, RulePart.Web, RulePart.Mail, RulePart.Sip, RulePart.Paths];

    /// <summary>The part of <c>COEXnxxx</c> by its first digit (DESIGN.md, "Rule identifiers").</summary>
    public static RulePart Of(string ruleId) =>
        ruleId.Length == 8 && ruleId.StartsWith("COEX", StringComparison.Ordinal) ? ruleId[4] switch
        {
            '1' => RulePart.Code,
            '2' => RulePart.Schema,
            '3' => RulePart.Dns,
            '4' => RulePart.Web,
            '5' => RulePart.Mail,
            '6' => RulePart.Sip,
            '7' => RulePart.Paths,
            _ => RulePart.Other,
        } : RulePart.Other;

    /// <summary>
    /// Whether a finding of <paramref name="part"/> that names no service concerns services of <paramref name="kind"/>.
    /// Code and stored data belong to the applications (web, mail, SIP), not to the name service; DNS and paths
    /// concern every service; a protocol's findings concern its own kind.
    /// </summary>
    public static bool Affects(RulePart part, ServiceKind kind) => part switch
    {
        RulePart.Code or RulePart.Schema => kind is ServiceKind.Web or ServiceKind.Mail or ServiceKind.Sip,
        RulePart.Dns or RulePart.Paths or RulePart.Other => true,
        RulePart.Web => kind == ServiceKind.Web,
        RulePart.Mail => kind == ServiceKind.Mail,
        RulePart.Sip => kind == ServiceKind.Sip,
        _ => false,
    };
}
