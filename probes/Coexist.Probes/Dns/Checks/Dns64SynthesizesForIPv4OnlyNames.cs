using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3008: for each of the service's names that has only A records (or only IPv4-mapped AAAA, which a DNS64 treats
/// as none, RFC 6147 §5.1.4), the DNS64 resolver answers AAAA synthesized from those A records under a NAT64
/// prefix (RFC 6147 §5.1.6, §5.2). Without that, IPv6-only clients behind it cannot reach the name at all.
/// </summary>
public sealed class Dns64SynthesizesForIPv4OnlyNames : DnsCheck
{
    public override DnsRule Rule => DnsRules.Dns64Synthesis;

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
            }
            else if (answers.Real.Count > 0)
                results.Add(run.Result(Outcome.Skipped, $"{name} has real AAAA records; nothing to synthesize (COEX3010 checks they pass through)", target, evidence: evidence));
            else if (!answers.A.IsFound)
                results.Add(run.Result(Outcome.Skipped, $"{name} has no A records to synthesize from ({answers.A.Status})", target, evidence: evidence));
            else
                results.Add(Judge(run, answers, target, evidence));
        }
        return CheckReport.Of(results, transient);
    }

    private static ProbeResult Judge(DnsCheckRun run, Dns64Answers answers, string target, System.Text.Json.Nodes.JsonObject evidence)
    {
        var synthesized = answers.Dns64Aaaa.Values;
        if (synthesized.IsEmpty)
            return run.Result(Outcome.Fail, $"{target} has only A records ({string.Join(", ", answers.A.Values)}), and the DNS64 resolver answered {answers.Dns64Aaaa.Status} to AAAA: IPv6-only clients behind it cannot reach {target}", target, evidence: evidence);

        var known = run.Dns.Context.Paths.Nat64Prefix;
        var prefixes = synthesized.Select(s => known is not null && known.Extract(s) is { } inside && answers.A.Values.Contains(inside) ? known : Nat64PrefixDiscovery.PrefixOf(s, answers.A.Values)).ToList();
        evidence["prefixes"] = Evidence.Strings(prefixes.Select(p => p?.ToString() ?? "none"));
        var foreign = synthesized.Where((_, i) => prefixes[i] is null).ToList();
        if (foreign.Count > 0)
            return run.Result(Outcome.Fail, $"the DNS64 resolver answered {string.Join(", ", foreign)}, which embed{(foreign.Count == 1 ? "s" : "")} none of {target}'s A records ({string.Join(", ", answers.A.Values)}) at an RFC 6052 position", target, evidence: evidence);
        if (known is not null && prefixes.Any(p => !p!.Equals(known)))
            return run.Result(Outcome.Warn, $"synthesized {string.Join(", ", synthesized)} under {string.Join(", ", prefixes.Distinct())}, not the NAT64 prefix {known}", target, evidence: evidence);
        return run.Result(Outcome.Pass, $"synthesized {string.Join(", ", synthesized)} from A {string.Join(", ", answers.A.Values)} under {string.Join(", ", prefixes.Distinct())}", target, evidence: evidence);
    }
}
