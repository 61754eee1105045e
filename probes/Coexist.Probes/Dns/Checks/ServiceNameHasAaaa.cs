using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3001: every name of the service has an AAAA record, and not only an IPv4-mapped one (<c>::ffff:a.b.c.d</c>
/// names an IPv4 address, RFC 4291 §2.5.5.2). internet.nl's "IPv6 addresses for web server / mail server" test.
/// </summary>
public sealed class ServiceNameHasAaaa : DnsCheck
{
    public override ProbeRule Rule => DnsRules.Aaaa;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V6];

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
            var aaaa = await run.Dns.AddressesAsync(name, AddressFamily.InterNetworkV6, cancellationToken).ConfigureAwait(false);
            var real = aaaa.Values.Where(a => !a.IsIPv4MappedToIPv6).ToList();
            var mapped = aaaa.Values.Where(a => a.IsIPv4MappedToIPv6).ToList();
            var evidence = new JsonObject
            {
                ["aaaa"] = Evidence.Strings(real),
                ["ipv4Mapped"] = Evidence.Strings(mapped),
                ["status"] = aaaa.Status.ToString(),
                ["resolver"] = string.Join(", ", run.Dns.Resolver.Servers),
                ["source"] = names.Source,
            };
            var status = Discovered.StatusOf(aaaa);
            if (real.Count > 0)
                results.Add(run.Result(Outcome.Pass, $"AAAA {string.Join(", ", real)}", name.ToString(), evidence: evidence));
            else if (mapped.Count > 0)
                results.Add(run.Result(Outcome.Fail, $"only IPv4-mapped AAAA ({string.Join(", ", mapped)}): that names an IPv4 address, which IPv6 clients cannot reach (RFC 4291 §2.5.5.2)", name.ToString(), evidence: evidence));
            else if (status == DiscoveryStatus.CannotTest)
            {
                transient = true;
                results.Add(run.Result(Outcome.Error, $"the resolver gave no answer: {aaaa.Error}", name.ToString(), evidence: evidence));
            }
            else
                results.Add(run.Result(Outcome.Fail, aaaa.Status == DnsLookupStatus.NoData ? $"{name} has no AAAA record" : $"no AAAA: {aaaa.Error}", name.ToString(), evidence: evidence));
        }
        return CheckReport.Of(results, transient);
    }
}
