using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3011: a DNSSEC-signed name with only A records is flagged. The DNS64 resolver synthesizes AAAA for it
/// that no signature covers; a validating stub on an IPv6-only host rejects them as bogus, or asks with DO and
/// gets no AAAA at all (RFC 6147 §3 and §5.5). Only an AAAA record of its own fixes that for those clients.
/// </summary>
public sealed class Dns64SignedIPv4OnlyNames : Dns64NameCheck
{
    public override ProbeRule Rule => DnsRules.Dns64Dnssec;

    private protected override async ValueTask<NameVerdict> JudgeAsync(DnsCheckRun run, DnsName name, Dns64Answers answers, string target, JsonObject evidence, CancellationToken cancellationToken)
    {
        if (!answers.IsIPv4Only)
            return run.Result(Outcome.Pass, answers.Real.Count > 0 ? $"{name} has AAAA records of its own; nothing is synthesized" : $"{name} has no A records; nothing is synthesized", target, evidence: evidence);
        var signed = await run.Dns.SigningResolver.GetAddressesAsync(name, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
        if (Discovered.StatusOf(signed) == DiscoveryStatus.CannotTest)
            return new NameVerdict(run.Result(Outcome.Error, $"no answer to A with DO set: {signed.Error}", target, evidence: evidence), Transient: true);
        evidence["signed"] = signed.IsSigned;
        return signed.IsSigned
            ? run.Result(Outcome.Warn, $"{name} is DNSSEC-signed and has only A records: validating IPv6-only clients reject the AAAA a DNS64 synthesizes for it; publish an AAAA record", target, evidence: evidence)
            : run.Result(Outcome.Pass, $"{name} has only A records but is not signed: synthesized AAAA are accepted", target, evidence: evidence);
    }
}
