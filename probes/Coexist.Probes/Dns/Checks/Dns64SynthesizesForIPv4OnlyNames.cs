using System.Text.Json.Nodes;
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
public sealed class Dns64SynthesizesForIPv4OnlyNames : Dns64NameCheck
{
    public override ProbeRule Rule => DnsRules.Dns64Synthesis;

    private protected override ValueTask<NameVerdict> JudgeAsync(DnsCheckRun run, DnsName name, Dns64Answers answers, string target, JsonObject evidence, CancellationToken cancellationToken) =>
        ValueTask.FromResult<NameVerdict>(
            answers.Real.Count > 0 ? run.Result(Outcome.Skipped, $"{name} has real AAAA records; nothing to synthesize (COEX3010 checks they pass through)", target, evidence: evidence)
            : !answers.A.IsFound ? run.Result(Outcome.Skipped, $"{name} has no A records to synthesize from ({answers.A.Status})", target, evidence: evidence)
            : Judge(run, answers, target, evidence));

    private static ProbeResult Judge(DnsCheckRun run, Dns64Answers answers, string target, JsonObject evidence)
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
