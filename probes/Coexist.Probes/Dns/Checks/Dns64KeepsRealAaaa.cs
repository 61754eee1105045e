using System.Text.Json.Nodes;
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
public sealed class Dns64KeepsRealAaaa : Dns64NameCheck
{
    public override ProbeRule Rule => DnsRules.Dns64RealAaaa;

    private protected override ValueTask<NameVerdict> JudgeAsync(DnsCheckRun run, DnsName name, Dns64Answers answers, string target, JsonObject evidence, CancellationToken cancellationToken)
    {
        var real = answers.Real.ToHashSet();
        if (real.Count == 0)
            return ValueTask.FromResult<NameVerdict>(run.Result(Outcome.Skipped, $"{name} has no real AAAA records (COEX3008 checks synthesis for it)", target, evidence: evidence));
        var given = answers.Dns64Aaaa.Values.ToHashSet();
        var added = given.Except(real).ToList();
        var dropped = real.Except(given).ToList();
        if (added.Count == 0 && dropped.Count == 0)
            return ValueTask.FromResult<NameVerdict>(run.Result(Outcome.Pass, $"the DNS64 resolver returns {name}'s own AAAA ({string.Join(", ", real)}) unchanged", target, evidence: evidence));
        var what = new List<string>();
        if (added.Count > 0) what.Add($"adds {string.Join(", ", added)}");
        if (dropped.Count > 0) what.Add($"drops {string.Join(", ", dropped)}");
        return ValueTask.FromResult<NameVerdict>(run.Result(Outcome.Fail, $"the DNS64 resolver {string.Join(" and ", what)}: {name}'s real AAAA are {string.Join(", ", real)}", target, evidence: evidence));
    }
}
