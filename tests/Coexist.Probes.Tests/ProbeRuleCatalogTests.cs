using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail;
using Coexist.Probes.Sip.Checks;
using Coexist.Probes.Sip.Probe;
using Coexist.Probes.Web;

namespace Coexist.Probes.Tests;

/// <summary>
/// Every rule of a protocol probe (DNS, web, mail, SIP) has exactly one check, and its page names its severity, its
/// check and a source. Pages and README rows of all rules are checked together in Coexist.Cli.Tests
/// (RuleDocumentationTests); the path rules, which have no probe checks, in Mtu/MtuRuleCatalogTests.
/// </summary>
public class ProbeRuleCatalogTests
{
    /// <summary>A probe's rules and checks: each check's rule, and its paths where the check declares them.</summary>
    public sealed record Part(
        string Name,
        IReadOnlyList<ProbeRule> Rules,
        IReadOnlyList<(string RuleId, int? Paths)> Checks,
        string IdPattern,
        string CheckPattern,
        string SourcePattern)
    {
        public override string ToString() => Name;
    }

    private static readonly Part[] Parts =
    [
        new("dns", DnsRules.All, [.. DnsProbe.Checks.Select(c => (c.Rule.Id, (int?)c.Paths.Count))], "^COEX3[0-9]{3}$", "^dns(64)?-[a-z0-9-]+$", "RFC [0-9]{3,4}"),
        new("web", WebRules.All, [.. WebProbe.Checks.Select(c => (c.Rule.Id, (int?)c.Paths.Count))], "^COEX4[0-9]{3}$", "^web-[a-z0-9-]+$", "RFC [0-9]{3,4}|internet\\.nl|NAT64Check"),
        new("mail", MailRules.All, [.. MailProbe.Checks.Select(c => (c.Rule.Id, (int?)c.Paths.Count))], "^COEX5[0-9]{3}$", "^mail-[a-z0-9-]+$", "RFC [0-9]{4}"),
        new("sip", SipRules.All, [.. SipProbe.Checks.Select(c => (c.Rule.Id, (int?)null))], "^COEX6[0-9]{3}$", "^sip-[a-z0-9-]+$", "RFC [0-9]{3,4}"),
    ];

    public static TheoryData<Part> AllParts => new(Parts);

    public static TheoryData<Part, string> RuleIds
    {
        get
        {
            var data = new TheoryData<Part, string>();
            foreach (var part in Parts)
                foreach (var rule in part.Rules) data.Add(part, rule.Id);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_page_names_its_severity_its_check_and_a_source(Part part, string id)
    {
        var rule = part.Rules.Single(r => r.Id == id);
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "rules", id + ".md"));
        Assert.Contains($"| {rule.Severity} | `{rule.Check}` |", text, StringComparison.Ordinal);
        Assert.Matches(part.SourcePattern, text);
    }

    [Theory]
    [MemberData(nameof(AllParts))]
    public void Every_rule_has_exactly_one_check_and_every_check_one_rule(Part part)
    {
        Assert.Equal(part.Rules.Select(r => r.Id), part.Checks.Select(c => c.RuleId));
        Assert.Equal(part.Rules.Count, part.Rules.Select(r => r.Check).Distinct().Count());
        Assert.All(part.Rules, r => Assert.Matches(part.IdPattern, r.Id));
        Assert.All(part.Rules, r => Assert.Matches(part.CheckPattern, r.Check));
        Assert.All(part.Checks, c => Assert.NotEqual(0, c.Paths));
    }
}
