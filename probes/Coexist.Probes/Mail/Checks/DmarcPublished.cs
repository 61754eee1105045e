using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail.Dmarc;

namespace Coexist.Probes.Mail.Checks;

/// <summary>
/// COEX5007: the mail domain publishes a DMARC policy at _dmarc.&lt;domain&gt; (RFC 7489 §6.1). Without one of its
/// own, receivers use the organizational domain's (§6.6.3), which needs the public suffix list; Coexist takes the
/// apex of the zone the domain lies in as that domain, and warns, because the policy then is one the domain never
/// chose. Judged on v6: large receivers ask IPv6 senders for SPF or DKIM with DMARC.
/// </summary>
public sealed class DmarcPublished : MailCheck
{
    public override MailRule Rule => MailRules.Dmarc;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V6];

    public override async Task<CheckReport> RunAsync(MailCheckRun run, CancellationToken cancellationToken)
    {
        if (run.Service.Domain is not { } domainText)
            return CheckReport.Of(run.Result(Outcome.Skipped, "DMARC is published by a mail domain; this service names its MTAs only (add domain: to check DMARC)"));
        var domain = DnsName.Parse(domainText);
        var own = await PolicyAtAsync(run, domain, cancellationToken).ConfigureAwait(false);
        if (own.Result is { } decided) return decided;

        var zone = await run.Mail.Dns.ApexOfAsync(domain, cancellationToken).ConfigureAwait(false);
        if (zone.Apex is { } apex && apex != domain && domain.IsSubdomainOf(apex))
        {
            var inherited = await PolicyAtAsync(run, apex, cancellationToken).ConfigureAwait(false);
            if (inherited.Result is { Transient: true } unanswered) return unanswered;
            if (inherited.Record is { } record)
            {
                return CheckReport.Of(run.Result(Outcome.Warn,
                    $"no DMARC record at _dmarc.{domain}; receivers fall back to the organizational domain {apex} (RFC 7489 §6.6.3), whose record gives its subdomains p={DmarcRecord.Name(record.PolicyForSubdomains)}: a policy {domain} never chose",
                    domain.ToString(), evidence: inherited.Evidence));
            }
        }
        return CheckReport.Of(run.Result(Outcome.Fail, $"no DMARC record at _dmarc.{domain}{own.Why}: receivers apply no policy to mail that fails SPF and DKIM, and large ones ask IPv6 senders for one", domain.ToString(), evidence: own.Evidence));
    }

    /// <summary>The record at _dmarc.<paramref name="domain"/>: a finished verdict (found, broken, DNS error), or none and why.</summary>
    private static async Task<(CheckReport? Result, DmarcRecord? Record, string Why, JsonObject Evidence)> PolicyAtAsync(MailCheckRun run, DnsName domain, CancellationToken cancellationToken)
    {
        var name = domain.Prepend("_dmarc");
        var txt = await run.Mail.Context.Resolver.GetTxtAsync(name, cancellationToken).ConfigureAwait(false);
        var texts = txt.Values.Select(v => v.Text).Where(DmarcRecord.IsDmarcRecord).ToList();
        var evidence = new JsonObject { ["name"] = name.ToString(), ["status"] = txt.Status.ToString(), ["records"] = Evidence.Strings(texts.Select(t => ReportText.Printable(t, 300))) };
        var target = domain.ToString();
        if (Discovered.StatusOf(txt) == DiscoveryStatus.CannotTest)
            return (new CheckReport([run.Result(Outcome.Error, $"the resolver gave no answer for TXT {name}: {txt.Error}", target, evidence: evidence)], Transient: true), null, "", evidence);
        switch (texts.Count)
        {
            case 0:
                return (null, null, txt.IsFound ? " (TXT records there, none starting v=DMARC1)" : "", evidence);
            case > 1:
                return (CheckReport.Of(run.Result(Outcome.Fail, $"{name} has {texts.Count} DMARC records: receivers then apply none (RFC 7489 §6.6.3)", target, evidence: evidence)), null, "", evidence);
        }
        if (!DmarcRecord.TryParse(texts[0], out var record, out var error))
            return (CheckReport.Of(run.Result(Outcome.Fail, $"the DMARC record at {name} is not valid: {error}", target, evidence: evidence)), null, "", evidence);
        evidence["policy"] = DmarcRecord.Name(record.Policy);
        var note = record.Policy == DmarcPolicy.None ? " (monitoring only: receivers report but do not act)" : "";
        return (CheckReport.Of(run.Result(Outcome.Pass, $"{name}: {record.Describe()}{note}", target, evidence: evidence)), record, "", evidence);
    }
}
