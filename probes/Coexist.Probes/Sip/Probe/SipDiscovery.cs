using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Discovery;

namespace Coexist.Probes.Sip.Probe;

/// <summary>
/// Where a SIP service is, per transport: the NAPTR → SRV chain of its domain (RFC 3263 §4.1), and the hosts,
/// SIP servers and media gateways the inventory lists. The records read are kept as evidence; what is wrong with
/// them (a NAPTR pointing at a name without SRV records, a listed transport nothing advertises) is in
/// <see cref="Problems"/>.
/// </summary>
public sealed record SipDiscovery
{
    /// <summary>NAPTR services (RFC 3263 §4.1, IANA "SIP+D2U" ...) and the transport each stands for.</summary>
    public static readonly IReadOnlyDictionary<string, SipTransport> NaptrServices = new Dictionary<string, SipTransport>(StringComparer.OrdinalIgnoreCase)
    {
        ["SIP+D2U"] = SipTransport.Udp,
        ["SIP+D2T"] = SipTransport.Tcp,
        ["SIPS+D2T"] = SipTransport.Tls,
    };

    public required DiscoveryStatus Status { get; init; }

    /// <summary>The SIP domain, when the service gave one.</summary>
    public string? Domain { get; init; }

    public ImmutableArray<SipTarget> Targets { get; init; } = [];

    /// <summary>The NAPTR records of the domain, as text.</summary>
    public ImmutableArray<string> Naptr { get; init; } = [];

    /// <summary>SRV names asked and the records each had, as text ("." for a service explicitly not offered).</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Srv { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty;

    /// <summary>How the domain's targets were found: "NAPTR → SRV", "SRV", or the RFC 3263 §4.2 fallback.</summary>
    public string? Source { get; init; }

    /// <summary>Faults of the records themselves.</summary>
    public ImmutableArray<string> Problems { get; init; } = [];

    /// <summary>Whether the domain had neither NAPTR nor SRV records, so clients fall back to its own addresses.</summary>
    public bool FellBack { get; init; }

    /// <summary>Why nothing was found, when <see cref="Status"/> is not Found.</summary>
    public string? Reason { get; init; }

    public IEnumerable<SipTarget> TargetsFor(SipTransport transport) => Targets.Where(t => t.Transport == transport);

    public JsonObject Evidence()
    {
        var srv = new JsonObject();
        foreach (var (name, records) in Srv.OrderBy(p => p.Key, StringComparer.Ordinal)) srv[name] = Probes.Evidence.Strings(records);
        var json = new JsonObject
        {
            ["domain"] = Domain,
            ["source"] = Source,
            ["naptr"] = Probes.Evidence.Strings(Naptr),
            ["srv"] = srv,
            ["targets"] = new JsonArray([.. Targets.Select(t => (JsonNode)t.ToJson())]),
        };
        if (!Problems.IsEmpty) json["problems"] = Probes.Evidence.Strings(Problems);
        return json;
    }

    /// <summary>Discovers the targets of <paramref name="service"/>: its domain's records, then its listed hosts.</summary>
    public static async Task<SipDiscovery> DiscoverAsync(ServiceSpec service, DnsLookup resolver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(resolver);
        var listed = SipTransports.Listed(service);
        var hostTransports = listed ?? [SipTransport.Udp, SipTransport.Tcp];
        var targets = new List<SipTarget>();
        foreach (var host in service.Hosts.Concat(service.SipServers))
            targets.AddRange(hostTransports.Select(t => new SipTarget(host, SipTransports.DefaultPort(t), t, SipRole.SipServer, "inventory")));
        foreach (var gateway in service.MediaGateways)
            targets.AddRange(hostTransports.Select(t => new SipTarget(gateway, SipTransports.DefaultPort(t), t, SipRole.MediaGateway, "inventory (media-gateways)")));

        if (service.Domain is not { } domainText)
        {
            return targets.Count > 0
                ? new SipDiscovery { Status = DiscoveryStatus.Found, Targets = [.. targets.Distinct()], Source = "inventory" }
                : new SipDiscovery { Status = DiscoveryStatus.Empty, Reason = $"service '{service.Name}' has no domain, hosts, sip-servers or media-gateways" };
        }
        if (!DnsName.TryParse(domainText, out var domain, out var error))
            return new SipDiscovery { Status = DiscoveryStatus.Broken, Domain = domainText, Reason = $"domain '{domainText}' is not a DNS name: {error}" };
        var found = await DomainAsync(domain, listed, resolver, cancellationToken).ConfigureAwait(false);
        return found with { Targets = [.. found.Targets.Concat(targets).Distinct()] };
    }

    /// <summary>RFC 3263 §4.1: NAPTR first; without SIP NAPTR records the SRV names of each transport; without those, §4.2.</summary>
    private static async Task<SipDiscovery> DomainAsync(DnsName domain, IReadOnlyList<SipTransport>? listed, DnsLookup resolver, CancellationToken cancellationToken)
    {
        var domainText = domain.ToString();
        var naptr = await resolver.GetNaptrAsync(domain, cancellationToken).ConfigureAwait(false);
        if (Discovered.StatusOf(naptr) == DiscoveryStatus.CannotTest)
            return new SipDiscovery { Status = DiscoveryStatus.CannotTest, Domain = domainText, Reason = $"NAPTR of {domain}: {naptr.Error}" };
        if (naptr.Status == DnsLookupStatus.NameError)
            return new SipDiscovery { Status = DiscoveryStatus.Broken, Domain = domainText, Reason = $"the SIP domain {domain} does not exist (NXDOMAIN)" };

        var problems = new List<string>();
        var sip = naptr.Values
            .Where(n => n.Flags.Equals("s", StringComparison.OrdinalIgnoreCase) && NaptrServices.ContainsKey(n.Services))
            .OrderBy(n => n.Order).ThenBy(n => n.Preference)
            .Select(n => (Transport: NaptrServices[n.Services], Name: n.Replacement))
            .ToList();
        var source = sip.Count > 0 ? "NAPTR → SRV" : "SRV";
        if (sip.Count == 0)
        {
            sip = [(SipTransport.Udp, domain.Prepend("_udp").Prepend("_sip")), (SipTransport.Tcp, domain.Prepend("_tcp").Prepend("_sip")), (SipTransport.Tls, domain.Prepend("_tcp").Prepend("_sips"))];
        }

        var srv = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        var targets = new List<SipTarget>();
        foreach (var (transport, name) in sip.Distinct())
        {
            var records = await resolver.GetSrvAsync(name, cancellationToken).ConfigureAwait(false);
            if (Discovered.StatusOf(records) == DiscoveryStatus.CannotTest)
                return new SipDiscovery { Status = DiscoveryStatus.CannotTest, Domain = domainText, Reason = $"SRV {name}: {records.Error}" };
            srv[name.ToString()] = [.. records.Values.Select(r => r.ToString())];
            if (!records.IsFound)
            {
                if (source == "NAPTR → SRV") problems.Add($"NAPTR points {TransportNames(transport)} at {name}, which has no SRV records ({records.Status})");
                continue;
            }
            // RFC 2782: a single SRV record with target "." says the service is not offered here.
            targets.AddRange(records.Values.Where(r => !r.Target.IsRoot).OrderBy(r => r.Priority).ThenByDescending(r => r.Weight)
                .Select(r => new SipTarget(r.Target.ToString(), r.Port, transport, SipRole.SipServer, $"{source} {name}", domainText)));
        }

        var fellBack = false;
        if (targets.Count == 0 && srv.Values.All(v => v.IsEmpty))
        {
            // RFC 3263 §4.2: no SRV records at all: the domain's own addresses, UDP for sip: (and what the inventory lists).
            fellBack = true;
            source = "the domain itself (no NAPTR or SRV records, RFC 3263 §4.2)";
            targets.AddRange((listed ?? [SipTransport.Udp]).Select(t => new SipTarget(domainText, SipTransports.DefaultPort(t), t, SipRole.SipServer, source, domainText)));
        }
        if (listed is not null && !fellBack)
        {
            foreach (var missing in listed.Where(t => targets.All(x => x.Transport != t)))
                problems.Add($"the inventory lists {TransportNames(missing)}, but {domain} advertises no {NaptrName(missing)} NAPTR or {SrvName(missing)} SRV target for it");
            targets.RemoveAll(t => !listed.Contains(t.Transport));
        }
        return new SipDiscovery
        {
            Status = targets.Count > 0 ? DiscoveryStatus.Found : DiscoveryStatus.Broken,
            Domain = domainText,
            Targets = [.. targets],
            Naptr = [.. naptr.Values.Select(n => n.ToString())],
            Srv = srv.ToImmutable(),
            Source = source,
            Problems = [.. problems],
            FellBack = fellBack,
            Reason = targets.Count > 0 ? null : $"{domain} advertises no SIP target ({string.Join("; ", problems.DefaultIfEmpty("every SRV target is '.'"))})",
        };
    }

    private static string TransportNames(SipTransport transport) => transport.WireName();

    private static string NaptrName(SipTransport transport) => NaptrServices.First(p => p.Value == transport).Key;

    private static string SrvName(SipTransport transport) => transport switch
    {
        SipTransport.Udp => "_sip._udp",
        SipTransport.Tcp => "_sip._tcp",
        _ => "_sips._tcp",
    };
}
