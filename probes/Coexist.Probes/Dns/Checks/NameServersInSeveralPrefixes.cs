using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3006: the zone's name server addresses of one family sit in more than one prefix, so that one routing
/// failure or one site going dark does not take them all (RFC 2182 §3.1; Zonemaster's CONNECTIVITY04 "IP prefix
/// diversity"). Without routing data the prefix is approximated by the usual allocation sizes below.
/// </summary>
public sealed class NameServersInSeveralPrefixes : DnsCheck
{
    /// <summary>RFC 6177 §2: the /48 end-site assignment; also the longest IPv6 prefix commonly accepted in BGP.</summary>
    public const int IPv6PrefixLength = 48;

    /// <summary>The longest IPv4 prefix commonly accepted in BGP (RIPE-399): one /24 is one routing fate.</summary>
    public const int IPv4PrefixLength = 24;

    public override ProbeRule Rule => DnsRules.Prefixes;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V4, ProbePath.V6];

    public override bool AppliesTo(ServiceSpec service) => service.Kind == ServiceKind.Dns;

    public override async Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken)
    {
        var zone = await run.Dns.ZoneAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (zone.Status != DiscoveryStatus.Found) return run.Nothing(zone.Status, zone.Reason ?? "no zone", zone.Evidence());

        var v6 = run.Path == ProbePath.V6;
        var family = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var length = v6 ? IPv6PrefixLength : IPv4PrefixLength;
        var addresses = new List<IPAddress>();
        foreach (var server in zone.NameServers)
        {
            var found = await run.Dns.AddressesAsync(server, family, cancellationToken).ConfigureAwait(false);
            if (Discovered.StatusOf(found) == DiscoveryStatus.CannotTest)
                return new CheckReport([run.Result(Outcome.Error, $"the resolver gave no answer for {server}: {found.Error}", zone.Apex!.ToString(), evidence: zone.Evidence())], Transient: true);
            addresses.AddRange(found.Values.Where(a => !a.IsIPv4MappedToIPv6));
        }

        var prefixes = addresses.Distinct().Select(a => new IPNetwork(Truncate(a, length), length)).Distinct().ToList();
        var evidence = zone.Evidence();
        evidence["addresses"] = Evidence.Strings(addresses.Distinct());
        evidence["prefixes"] = Evidence.Strings(prefixes);
        evidence["prefixLength"] = length;
        var target = zone.Apex!.ToString();
        var name = v6 ? "IPv6" : "IPv4";
        return CheckReport.Of(prefixes.Count switch
        {
            0 => run.Result(Outcome.Skipped, $"no name server of {target} has an {name} address (COEX3003 judges IPv6 name servers)", target, evidence: evidence),
            1 => run.Result(Outcome.Warn, $"every {name} address of {target}'s name servers ({string.Join(", ", addresses.Distinct())}) is in {prefixes[0]}: one routing failure takes them all", target, evidence: evidence),
            _ => run.Result(Outcome.Pass, $"{name} name server addresses are spread over {prefixes.Count} /{length} prefixes: {string.Join(", ", prefixes)}", target, evidence: evidence),
        });
    }

    private static IPAddress Truncate(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++) bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IPAddress(bytes);
    }
}
