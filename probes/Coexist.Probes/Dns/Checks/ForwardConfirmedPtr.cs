using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3007: every address of a mail or SIP server has a PTR record whose name resolves back to the same address
/// (forward-confirmed reverse DNS, "FCrDNS"). Receiving mail servers check it of senders (RFC 8601 §2.7.3's
/// iprev, M3AAWG's sender practices; large mailbox providers reject IPv6 senders without it), and SIP peers log
/// and filter by it. v4 judges the A records, v6 the AAAA records.
/// </summary>
public sealed class ForwardConfirmedPtr : DnsCheck
{
    public override ProbeRule Rule => DnsRules.Ptr;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V4, ProbePath.V6];

    public override bool AppliesTo(ServiceSpec service) => service.Kind is ServiceKind.Mail or ServiceKind.Sip;

    public override async Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken)
    {
        var names = await run.Dns.NamesAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (names.Status != DiscoveryStatus.Found && names.Literals.IsEmpty) return run.Nothing(names.Status, names.Reason ?? "no names", names.Evidence());

        var family = run.Path == ProbePath.V6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var results = new List<ProbeResult>();
        var transient = false;
        var targets = new List<(string Name, IPAddress Address)>();
        foreach (var literal in names.Literals.Where(a => a.AddressFamily == family)) targets.Add((literal.ToString(), literal));
        foreach (var name in names.Names)
        {
            var found = await run.Dns.AddressesAsync(name, family, cancellationToken).ConfigureAwait(false);
            if (Discovered.StatusOf(found) == DiscoveryStatus.CannotTest)
            {
                transient = true;
                results.Add(run.Result(Outcome.Error, $"the resolver gave no answer for {name}: {found.Error}", name.ToString()));
                continue;
            }
            targets.AddRange(found.Values.Where(a => !a.IsIPv4MappedToIPv6).Select(a => (name.ToString(), a)));
        }
        if (targets.Count == 0 && results.Count == 0)
            return run.Nothing(DiscoveryStatus.Empty, $"no {(family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} address to check (COEX3001 judges missing AAAA)", names.Evidence());

        foreach (var (name, address) in targets.Distinct())
        {
            var (result, unanswered) = await JudgeAsync(run, name, address, family, cancellationToken).ConfigureAwait(false);
            transient |= unanswered;
            results.Add(result);
        }
        return CheckReport.Of(results, transient);
    }

    private static async Task<(ProbeResult Result, bool Unanswered)> JudgeAsync(DnsCheckRun run, string name, IPAddress address, AddressFamily family, CancellationToken cancellationToken)
    {
        var ptr = await run.Dns.Resolver.GetPtrAsync(address, cancellationToken).ConfigureAwait(false);
        var evidence = new JsonObject { ["reverseName"] = DnsReverseName.For(address).ToString(), ["ptr"] = Evidence.Strings(ptr.Values), ["status"] = ptr.Status.ToString() };
        var status = Discovered.StatusOf(ptr);
        if (status == DiscoveryStatus.CannotTest)
            return (run.Result(Outcome.Error, $"the resolver gave no answer for the PTR of {address}: {ptr.Error}", name, address, evidence: evidence), true);
        if (!ptr.IsFound)
            return (run.Result(Outcome.Fail, $"{address} has no PTR record ({ptr.Status}): receivers that check reverse DNS turn this server away", name, address, evidence: evidence), false);

        var forward = new JsonObject();
        foreach (var target in ptr.Values.Select(p => p.Target).Distinct())
        {
            var back = await run.Dns.AddressesAsync(target, family, cancellationToken).ConfigureAwait(false);
            if (Discovered.StatusOf(back) == DiscoveryStatus.CannotTest)
                return (run.Result(Outcome.Error, $"the resolver gave no answer for {target}: {back.Error}", name, address, evidence: evidence), true);
            forward[target.ToString()] = Evidence.Strings(back.Values);
            evidence["forward"] = forward;
            if (back.Values.Contains(address))
                return (run.Result(Outcome.Pass, $"{address} → PTR {target} → {address}: forward-confirmed", name, address, evidence: evidence), false);
        }
        evidence["forward"] = forward;
        return (run.Result(Outcome.Fail, $"{address} → PTR {string.Join(", ", ptr.Values)}, but {(ptr.Values.Length == 1 ? "that name does" : "none of those names does")} not resolve back to {address}: not forward-confirmed", name, address, evidence: evidence), false);
    }
}
