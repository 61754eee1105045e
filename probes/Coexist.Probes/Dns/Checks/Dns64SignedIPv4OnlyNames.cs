using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3011: a DNSSEC-signed name with only A records is flagged. The DNS64 resolver synthesizes AAAA for it
/// that no signature covers; a validating stub on an IPv6-only host rejects them as bogus, or asks with DO and
/// gets no AAAA at all (RFC 6147 §3 and §5.5). Only an AAAA record of its own fixes that for those clients.
/// </summary>
public sealed class Dns64SignedIPv4OnlyNames : DnsCheck
{
    public override DnsRule Rule => DnsRules.Dns64Dnssec;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.Dns64];

    // A dns service is judged by its zone; its hosts name the zone and large-answer candidates.
    public override bool AppliesTo(ServiceSpec service) => service.Kind != ServiceKind.Dns;

    public override async Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken)
    {
        var names = await run.Dns.NamesAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (names.Status != DiscoveryStatus.Found) return run.Nothing(names.Status, names.Reason ?? "no names", names.Evidence());

        var results = new List<ProbeResult>();
        var transient = false;
        foreach (var name in names.Names)
        {
            var answers = await Dns64Answers.LookupAsync(run.Dns, name, cancellationToken).ConfigureAwait(false);
            var evidence = answers.Evidence();
            var target = name.ToString();
            if (answers.Unanswered is { } unanswered)
            {
                transient = true;
                results.Add(run.Result(Outcome.Error, $"no answer: {unanswered}", target, evidence: evidence));
                continue;
            }
            if (!answers.IsIPv4Only)
            {
                results.Add(run.Result(Outcome.Pass, answers.Real.Count > 0 ? $"{name} has AAAA records of its own; nothing is synthesized" : $"{name} has no A records; nothing is synthesized", target, evidence: evidence));
                continue;
            }
            var signed = await run.Dns.SigningResolver.GetAddressesAsync(name, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
            if (Discovered.StatusOf(signed) == DiscoveryStatus.CannotTest)
            {
                transient = true;
                results.Add(run.Result(Outcome.Error, $"no answer to A with DO set: {signed.Error}", target, evidence: evidence));
                continue;
            }
            evidence["signed"] = signed.IsSigned;
            results.Add(signed.IsSigned
                ? run.Result(Outcome.Warn, $"{name} is DNSSEC-signed and has only A records: validating IPv6-only clients reject the AAAA a DNS64 synthesizes for it; publish an AAAA record", target, evidence: evidence)
                : run.Result(Outcome.Pass, $"{name} has only A records but is not signed: synthesized AAAA are accepted", target, evidence: evidence));
        }
        return CheckReport.Of(results, transient);
    }
}
