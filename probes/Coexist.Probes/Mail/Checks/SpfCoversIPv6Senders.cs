using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail.Spf;

namespace Coexist.Probes.Mail.Checks;

/// <summary>
/// COEX5005: the mail domain's SPF record authorizes every IPv6 address its MTAs have, evaluated as a receiver
/// would (check_host(), RFC 7208 §4, with the 10-lookup and 2-void-lookup limits): a record that lists only ip4:
/// makes every message an MTA sends over IPv6 fail SPF. Judged on v6; a service given by hosts only has no
/// domain to read SPF from and is skipped.
/// </summary>
public sealed class SpfCoversIPv6Senders : MailCheck
{
    public override MailRule Rule => MailRules.Spf;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V6];

    public override async Task<CheckReport> RunAsync(MailCheckRun run, CancellationToken cancellationToken)
    {
        var mail = run.Mail;
        var hosts = await mail.HostsAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (hosts.Domain is not { } domain)
            return CheckReport.Of(run.Result(Outcome.Skipped, "SPF is published by a mail domain; this service names its MTAs only (add domain: to check SPF)"));
        if (MtasUnknown.Check(run, hosts) is { } unknown) return unknown;

        var senders = await mail.IPv6SendersAsync(hosts, cancellationToken).ConfigureAwait(false);
        if (senders.Error is not null) return new CheckReport([run.Result(Outcome.Error, senders.Error, domain)], Transient: true);
        if (senders.Addresses.IsEmpty)
            return CheckReport.Of(run.Result(Outcome.Skipped, $"no MTA of {domain} has an IPv6 address, so there is no IPv6 sender to authorize (COEX5001 judges the missing AAAA)", domain, evidence: hosts.Evidence()));

        var record = await mail.Spf.GetRecordAsync(domain, cancellationToken).ConfigureAwait(false);
        var recordEvidence = new JsonObject { ["domain"] = domain, ["record"] = record.Text is null ? null : ReportText.Printable(record.Text, 512), ["lookup"] = record.Reason };
        switch (record.Status)
        {
            case SpfResult.TempError:
                return new CheckReport([run.Result(Outcome.Error, $"could not read the SPF record: {record.Reason}", domain, evidence: recordEvidence)], Transient: true);
            case SpfResult.None:
                return CheckReport.Of(run.Result(Outcome.Fail, $"{domain} publishes no SPF record ({record.Reason}): receivers cannot tell its IPv6 senders from forgers, and large ones reject IPv6 mail that passes neither SPF nor DKIM", domain, evidence: recordEvidence));
            case SpfResult.PermError:
                return CheckReport.Of(run.Result(Outcome.Fail, $"the SPF of {domain} is a permerror: {record.Reason}", domain, evidence: recordEvidence));
        }

        var results = new List<ProbeResult>();
        var transient = false;
        foreach (var (host, address) in senders.Addresses)
        {
            var evaluation = await mail.Spf.CheckHostAsync(address, domain, helo: MailHosts.IsLiteral(host, out _) ? null : host, cancellationToken: cancellationToken).ConfigureAwait(false);
            var evidence = evaluation.ToJson();
            evidence["domain"] = domain;
            var spent = $"{evaluation.DnsLookups} of {SpfLimits.MaxDnsLookups} DNS lookups";
            var (outcome, detail) = evaluation.Result switch
            {
                SpfResult.Pass => (Outcome.Pass, $"the SPF of {domain} authorizes {address}: {evaluation.MatchedTerm} ({spent})"),
                SpfResult.TempError => (Outcome.Error, $"SPF evaluation for {address} hit a DNS error: {evaluation.Reason}"),
                SpfResult.PermError => (Outcome.Fail, $"the SPF of {domain} is a permerror for {address}: {evaluation.Reason}"),
                _ => (Outcome.Fail, $"the SPF of {domain} gives {evaluation.Result.ToString().ToLowerInvariant()} for {address}, not pass: {evaluation.Reason}; mail {host} sends over IPv6 fails SPF"),
            };
            transient |= evaluation.Result == SpfResult.TempError;
            results.Add(run.Result(outcome, detail, host, address, evidence));
        }
        return CheckReport.Of(results, transient);
    }
}
