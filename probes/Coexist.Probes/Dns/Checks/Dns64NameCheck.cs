using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// The shape the per-name DNS64 checks (COEX3008, COEX3010, COEX3011) share: each of the service's names is looked up
/// at the resolver and at the DNS64 resolver (<see cref="Dns64Answers"/>); a name either side leaves unanswered cannot
/// be judged (<c>error</c>, worth a retry); the others are judged one by one.
/// </summary>
public abstract class Dns64NameCheck : DnsCheck
{
    public sealed override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.Dns64];

    // A dns service is judged by its zone; its hosts name the zone and large-answer candidates.
    public sealed override bool AppliesTo(ServiceSpec service) => service.Kind != ServiceKind.Dns;

    public sealed override async Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken)
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
            var verdict = await JudgeAsync(run, name, answers, target, evidence, cancellationToken).ConfigureAwait(false);
            results.Add(verdict.Result);
            transient |= verdict.Transient;
        }
        return CheckReport.Of(results, transient);
    }

    /// <summary>The verdict on one name whose answers both resolvers gave.</summary>
    private protected abstract ValueTask<NameVerdict> JudgeAsync(DnsCheckRun run, DnsName name, Dns64Answers answers, string target, JsonObject evidence, CancellationToken cancellationToken);

    private protected readonly record struct NameVerdict(ProbeResult Result, bool Transient = false)
    {
        public static implicit operator NameVerdict(ProbeResult result) => new(result);
    }
}
