using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3002: the answers a service's names give hold no special-purpose address (RFC 6890 registries): private,
/// shared, loopback, link-local, ULA, documentation, IPv4-mapped, the NAT64 well-known prefix ... Per path: v4 and
/// nat64 judge the A records (nat64 carries them into the prefix), v6 the AAAA records, dns64 what the DNS64
/// resolver hands out, with synthesized answers judged by the IPv4 address inside them.
/// Ranges declared <c>treat-as-public</c> are the estate's own and pass.
/// </summary>
public sealed class NoSpecialPurposeAddresses : DnsCheck
{
    public override ProbeRule Rule => DnsRules.SpecialPurpose;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64];

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
            var (lookup, type, at) = await AnswersAsync(run, name, cancellationToken).ConfigureAwait(false);
            var evidence = new JsonObject { ["type"] = type, ["answers"] = Evidence.Strings(lookup.Values), ["at"] = at, ["status"] = lookup.Status.ToString() };
            if (!lookup.IsFound)
            {
                var status = Discovered.StatusOf(lookup);
                transient |= status == DiscoveryStatus.CannotTest;
                // No answer holds no bad address; whether the name should have one is COEX3001's question.
                var outcome = status == DiscoveryStatus.CannotTest ? Outcome.Error : Outcome.Skipped;
                results.Add(run.Result(outcome, $"no {type} answers to judge: {lookup.Error}", name.ToString(), evidence: evidence));
                continue;
            }

            var faults = new List<string>();
            var faultList = new JsonArray();
            foreach (var answer in lookup.Values)
            {
                var judged = Judged(run, answer);
                if (run.Dns.Context.SpecialPurpose.Classify(judged) is not { } block) continue;
                var what = judged.Equals(answer) ? $"{answer}" : $"{answer} (synthesized from {judged})";
                faults.Add($"{what} is {block.Name} ({block.Source})");
                faultList.Add(new JsonObject { ["address"] = answer.ToString(), ["judged"] = judged.ToString(), ["block"] = block.Prefix.ToString(), ["name"] = block.Name, ["source"] = block.Source });
            }
            evidence["specialPurpose"] = faultList;
            results.Add(faults.Count == 0
                ? run.Result(Outcome.Pass, $"no special-purpose address among {type} {string.Join(", ", lookup.Values)}", name.ToString(), evidence: evidence)
                : run.Result(Outcome.Fail, string.Join("; ", faults), name.ToString(), evidence: evidence));
        }
        return CheckReport.Of(results, transient);
    }

    private static async Task<(DnsLookupResult<IPAddress> Lookup, string Type, string At)> AnswersAsync(DnsCheckRun run, DnsName name, CancellationToken cancellationToken)
    {
        var dns = run.Dns;
        return run.Path switch
        {
            ProbePath.V6 => (await dns.AddressesAsync(name, AddressFamily.InterNetworkV6, cancellationToken).ConfigureAwait(false), "AAAA", Describe(dns.Resolver)),
            ProbePath.Dns64 => (await dns.Context.Dns64!.GetAddressesAsync(name, AddressFamily.InterNetworkV6, cancellationToken).ConfigureAwait(false), "AAAA", $"DNS64 {Describe(dns.Context.Dns64)}"),
            _ => (await dns.AddressesAsync(name, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false), "A", Describe(dns.Resolver)),
        };
    }

    /// <summary>On the dns64 path a synthesized answer stands for the IPv4 address inside it; the prefix itself is the DNS64's to choose.</summary>
    private static IPAddress Judged(DnsCheckRun run, IPAddress answer) =>
        run.Path == ProbePath.Dns64 && run.Dns.Context.Paths.Nat64Prefix?.Extract(answer) is { } inside ? inside : answer;

    private static string Describe(DnsLookup lookup) => PathResolver.Describe(lookup);
}
