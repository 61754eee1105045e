using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3010: for each of the service's names with real AAAA records, the DNS64 resolver returns exactly those
/// and synthesizes nothing (RFC 6147 §5.1.1: synthesis is only for names without AAAA). A DNS64 that adds
/// synthesized addresses sends IPv6 clients through NAT64 for no reason; one that drops real ones hides the
/// service's own IPv6.
/// </summary>
public sealed class Dns64KeepsRealAaaa : DnsCheck
{
    public override DnsRule Rule => DnsRules.Dns64RealAaaa;

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
            var real = answers.Real.ToHashSet();
            if (real.Count == 0)
            {
                results.Add(run.Result(Outcome.Skipped, $"{name} has no real AAAA records (COEX3008 checks synthesis for it)", target, evidence: evidence));
                continue;
            }
            var given = answers.Dns64Aaaa.Values.ToHashSet();
            var added = given.Except(real).ToList();
            var dropped = real.Except(given).ToList();
            if (added.Count == 0 && dropped.Count == 0)
                results.Add(run.Result(Outcome.Pass, $"the DNS64 resolver returns {name}'s own AAAA ({string.Join(", ", real)}) unchanged", target, evidence: evidence));
            else
            {
                var what = new List<string>();
                if (added.Count > 0) what.Add($"adds {string.Join(", ", added)}");
                if (dropped.Count > 0) what.Add($"drops {string.Join(", ", dropped)}");
                results.Add(run.Result(Outcome.Fail, $"the DNS64 resolver {string.Join(" and ", what)}: {name}'s real AAAA are {string.Join(", ", real)}", target, evidence: evidence));
            }
        }
        return CheckReport.Of(results, transient);
    }
}
