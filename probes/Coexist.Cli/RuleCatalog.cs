using Coexist.Cli.Commands;
using Coexist.Model;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Mail;
using Coexist.Probes.Web;
using Coexist.Schema.Rules;

namespace Coexist.Cli;

/// <summary>Every rule Coexist knows, as reports describe them (title, severity, page).</summary>
internal static class RuleCatalog
{
    public static IReadOnlyList<RuleInfo> All { get; } = [.. ScanCommand.Rules, .. SchemaRules.All, .. DnsRules.Infos, .. WebRules.Infos, .. MailRules.Infos, .. Probes.Sip.Checks.SipRules.Infos, .. Probes.Mtu.MtuRules.Infos];
}
