using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3005: the glue the parent zone hands out with its referral equals what the name servers' own zones say
/// (Zonemaster's delegation and consistency tests). v4 compares A glue, v6 AAAA glue. A name server inside the
/// zone it serves cannot be found without glue (RFC 1034 §4.2.1), so it needs glue for each family it has; a
/// name server elsewhere under the parent may have glue (RFC 9471), which must then be right.
/// </summary>
public sealed class GlueMatchesAuthoritativeData : DnsCheck
{
    public override ProbeRule Rule => DnsRules.Glue;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V4, ProbePath.V6];

    public override bool AppliesTo(ServiceSpec service) => service.Kind == ServiceKind.Dns;

    public override async Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken)
    {
        var zone = await run.Dns.ZoneAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (zone.Status != DiscoveryStatus.Found) return run.Nothing(zone.Status, zone.Reason ?? "no zone", zone.Evidence());
        var apex = zone.Apex!;
        if (apex.IsRoot) return run.Nothing(DiscoveryStatus.Empty, "the root zone has no parent to hand out glue");

        var referral = await ReferralAsync(run, apex, cancellationToken).ConfigureAwait(false);
        if (referral.Message is null)
            return run.Nothing(referral.Status, referral.Reason!, new JsonObject { ["zone"] = apex.ToString(), ["parent"] = referral.Parent?.ToString() });

        var type = run.Path == ProbePath.V6 ? DnsRecordType.AAAA : DnsRecordType.A;
        var family = run.Path == ProbePath.V6 ? "IPv6" : "IPv4";
        var nameServers = referral.Message.Authorities.Where(r => r.Type == DnsRecordType.NS && r.Name == apex)
            .Select(r => ((NsData)r.Data).Host).Distinct().ToList();
        var results = new List<ProbeResult>();
        var transient = false;
        foreach (var server in nameServers)
        {
            var glue = referral.Message.Additionals.Where(r => r.Name == server && r.Type == type).Select(Address).ToHashSet();
            var required = server.IsSubdomainOf(apex);
            if (!server.IsSubdomainOf(referral.Parent!))
            {
                // Outside the parent's zone: the parent is not authoritative for it and hands out no glue to judge.
                continue;
            }
            var authoritative = await run.Dns.AuthoritativeAsync(server, type, cancellationToken).ConfigureAwait(false);
            var evidence = new JsonObject
            {
                ["zone"] = apex.ToString(),
                ["parent"] = referral.Parent!.ToString(),
                ["parentServer"] = referral.Server?.ToString(),
                ["glue"] = Evidence.Strings(glue),
                ["inZone"] = required,
            };
            if (authoritative.Exchange is null)
            {
                transient = true;
                results.Add(run.Result(Outcome.Error, $"could not read {server}'s authoritative {type} records: {authoritative.Error}", server.ToString(), evidence: evidence));
                continue;
            }
            var real = authoritative.Records.Select(r => Address(r)).ToHashSet();
            evidence["authoritative"] = Evidence.Strings(real);
            evidence["authoritativeServer"] = authoritative.Exchange.Server.ToString();

            if (glue.SetEquals(real))
            {
                results.Add(glue.Count == 0
                    ? run.Result(Outcome.Pass, $"{server} has no {family} address, and the parent hands out no {type} glue for it", server.ToString(), evidence: evidence)
                    : run.Result(Outcome.Pass, $"{type} glue for {server} ({string.Join(", ", glue)}) equals its authoritative data", server.ToString(), evidence: evidence));
            }
            else if (glue.Count == 0 && !required)
            {
                results.Add(run.Result(Outcome.Pass, $"{server} lies outside {apex}, so {type} glue is optional; resolvers look up {string.Join(", ", real)} themselves", server.ToString(), evidence: evidence));
            }
            else if (glue.Count == 0)
            {
                results.Add(run.Result(Outcome.Fail, $"the parent {referral.Parent} hands out no {type} glue for {server}, which lies inside {apex}: {family} resolvers cannot reach it at {string.Join(", ", real)}", server.ToString(), evidence: evidence));
            }
            else
            {
                results.Add(run.Result(Outcome.Fail, $"{type} glue for {server} at {referral.Parent} is {Text(glue)}, but {server}'s zone says {Text(real)}", server.ToString(), evidence: evidence));
            }
        }
        if (results.Count == 0)
            return run.Nothing(DiscoveryStatus.Empty, $"no name server of {apex} lies under {referral.Parent}: the parent has no glue to compare");
        return CheckReport.Of(results, transient);
    }

    private static string Text(IReadOnlySet<IPAddress> addresses) => addresses.Count == 0 ? "nothing" : string.Join(", ", addresses.Order(AddressOrder.Instance));

    private static IPAddress Address(DnsRecord record) => record.Data switch
    {
        AData a => a.Address,
        AaaaData aaaa => aaaa.Address,
        _ => throw new ArgumentException($"{record} is not an address record", nameof(record)),
    };

    private sealed record Referral(DiscoveryStatus Status, DnsName? Parent, DnsMessage? Message, IPEndPoint? Server, string? Reason);

    /// <summary>Asks the parent zone's servers for the zone's NS records, without recursion, until one refers.</summary>
    private static async Task<Referral> ReferralAsync(DnsCheckRun run, DnsName apex, CancellationToken cancellationToken)
    {
        var parentZone = await run.Dns.ApexOfAsync(apex.Parent, cancellationToken).ConfigureAwait(false);
        if (parentZone.Apex is null) return new Referral(parentZone.Status, null, null, null, parentZone.Reason);
        var parent = parentZone.Apex;
        var parentServers = await run.Dns.NameServersOfAsync(parent, cancellationToken).ConfigureAwait(false);
        if (parentServers.Status != DiscoveryStatus.Found) return new Referral(parentServers.Status, parent, null, null, parentServers.Reason);

        var preferred = run.Path == ProbePath.V6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var addresses = await run.Dns.ReachableAddressesAsync(parentServers.NameServers, preferred, cancellationToken).ConfigureAwait(false);
        var errors = new List<string>();
        var answered = false;
        foreach (var address in addresses)
        {
            var result = await AuthoritativeQuery.AskAsync(run.Dns.Context.Dns, address, apex, DnsRecordType.NS, DnsTransportMode.UdpWithTcpFallback, cancellationToken).ConfigureAwait(false);
            if (!result.IsAnswered)
            {
                errors.Add($"{address}: {result.Error}");
                continue;
            }
            var response = result.Response;
            if (response.ResponseCode == DnsResponseCode.NoError && !response.Header.IsAuthoritative
                && response.Authorities.Any(r => r.Type == DnsRecordType.NS && r.Name == apex))
                return new Referral(DiscoveryStatus.Found, parent, response, result.Server, null);
            if (response.Header.IsAuthoritative && response.AnswersFor(apex, DnsRecordType.NS).Any())
                return new Referral(DiscoveryStatus.Empty, parent, null, result.Server, $"{address} serves both {parent} and {apex}, so it answers for {apex} itself instead of referring: there is no glue to see there");
            answered = true;
            errors.Add($"{address}: {response.ResponseCode}, AA={response.Header.IsAuthoritative}, no referral");
        }
        // Servers that answer without referring mean the parent does not delegate the zone: a fault, not the probe's.
        return new Referral(answered ? DiscoveryStatus.Broken : DiscoveryStatus.CannotTest, parent, null, null,
            $"no server of the parent zone {parent} gave a referral for {apex} ({(errors.Count == 0 ? "none reachable from this host" : string.Join("; ", errors))})");
    }
}

/// <summary>Addresses in byte order, so that sets print the same every time.</summary>
internal sealed class AddressOrder : IComparer<IPAddress>
{
    public static AddressOrder Instance { get; } = new();

    public int Compare(IPAddress? x, IPAddress? y)
    {
        var a = x?.GetAddressBytes() ?? [];
        var b = y?.GetAddressBytes() ?? [];
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.AsSpan().SequenceCompareTo(b);
    }
}
