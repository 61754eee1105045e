using Coexist.Model;

namespace Coexist.Probes.Engine;

/// <summary>
/// A probe rule (COEX3xxx DNS, COEX4xxx web, COEX5xxx mail, COEX6xxx SIP, COEX7xxx paths and MTU): its ID, the stable check name its
/// results carry, its title and default severity. Its page is docs/rules/ID.md.
/// </summary>
public sealed record ProbeRule(string Id, string Check, string Title, Severity Severity, string Description)
{
    public RuleInfo ToRuleInfo() => new(Id, Title, Severity, Description);
}
