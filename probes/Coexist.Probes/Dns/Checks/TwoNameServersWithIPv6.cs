using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3003: at least <see cref="MinimumNameServersWithIPv6"/> of the zone's NS names have AAAA records, so that an
/// IPv6-only resolver still reaches the zone when one server is down. One is a fail, as none is.
/// </summary>
public sealed class TwoNameServersWithIPv6 : DnsCheck
{
    /// <summary>
    /// RFC 1034 §4.1 and RFC 2182 §5 ask for at least two name servers per zone; internet.nl's "IPv6 addresses
    /// for name servers" asks that at least two of them have IPv6.
    /// </summary>
    public const int MinimumNameServersWithIPv6 = 2;

    public override ProbeRule Rule => DnsRules.NameServersIPv6;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V6];

    public override bool AppliesTo(ServiceSpec service) => service.Kind == ServiceKind.Dns;

    public override async Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken)
    {
        var zone = await run.Dns.ZoneAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (zone.Status != DiscoveryStatus.Found) return run.Nothing(zone.Status, zone.Reason ?? "no zone", zone.Evidence());

        var withIPv6 = new List<string>();
        var without = new List<string>();
        var perServer = new JsonObject();
        foreach (var server in zone.NameServers)
        {
            var aaaa = await run.Dns.AddressesAsync(server, AddressFamily.InterNetworkV6, cancellationToken).ConfigureAwait(false);
            if (Discovered.StatusOf(aaaa) == DiscoveryStatus.CannotTest)
                return new CheckReport([run.Result(Outcome.Error, $"the resolver gave no answer for {server} AAAA: {aaaa.Error}", zone.Apex!.ToString(), evidence: zone.Evidence())], Transient: true);
            var real = aaaa.Values.Where(a => !a.IsIPv4MappedToIPv6).ToList();
            perServer[server.ToString()] = Evidence.Strings(real);
            (real.Count > 0 ? withIPv6 : without).Add(server.ToString());
        }

        var evidence = zone.Evidence();
        evidence["aaaa"] = perServer;
        var target = zone.Apex!.ToString();
        if (withIPv6.Count >= MinimumNameServersWithIPv6)
            return CheckReport.Of(run.Result(Outcome.Pass, $"{withIPv6.Count} of {zone.NameServers.Length} name servers have IPv6: {string.Join(", ", withIPv6)}", target, evidence: evidence));
        var detail = withIPv6.Count == 0
            ? $"none of the {zone.NameServers.Length} name servers has an AAAA record: IPv6-only resolvers cannot reach {target}"
            : $"only {withIPv6[0]} has IPv6 ({string.Join(", ", without)} {(without.Count == 1 ? "has" : "have")} no AAAA): IPv6-only resolvers lose {target} when that one server is down; at least {MinimumNameServersWithIPv6} are needed";
        return CheckReport.Of(run.Result(Outcome.Fail, detail, target, evidence: evidence));
    }
}
