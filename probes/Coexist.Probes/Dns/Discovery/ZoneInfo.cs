using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Probes.Dns.Discovery;

/// <summary>A zone and its name servers, as the resolver sees them.</summary>
public sealed record ZoneInfo
{
    public required DiscoveryStatus Status { get; init; }

    /// <summary>The zone's apex; null when it could not be found.</summary>
    public DnsName? Apex { get; init; }

    public ImmutableArray<DnsName> NameServers { get; init; } = [];

    public string? Reason { get; init; }

    public JsonObject Evidence() => new()
    {
        ["zone"] = Apex?.ToString(),
        ["nameServers"] = new JsonArray([.. NameServers.Select(n => (JsonNode)JsonValue.Create(n.ToString())!)]),
    };

    /// <summary>The zone of a dns service: its <c>zone</c>, else the zone its first host lies in.</summary>
    public static async Task<ZoneInfo> DiscoverAsync(ServiceSpec service, DnsLookup resolver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        DnsName apex;
        if (service.Zone is { } zone)
        {
            apex = DnsName.Parse(zone);
        }
        else if (service.Hosts.FirstOrDefault(h => !IPText.TryParse(h, out _)) is { } host)
        {
            var found = await FindApexAsync(DnsName.Parse(host), resolver, cancellationToken).ConfigureAwait(false);
            if (found.Apex is null) return found;
            apex = found.Apex;
        }
        else
        {
            return new ZoneInfo { Status = DiscoveryStatus.Empty, Reason = $"service '{service.Name}' names no zone (zone:) and no host to find one from" };
        }
        return await NameServersAsync(apex, resolver, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<ZoneInfo> NameServersAsync(DnsName apex, DnsLookup resolver, CancellationToken cancellationToken)
    {
        var ns = await resolver.GetNsAsync(apex, cancellationToken).ConfigureAwait(false);
        return ns.IsFound
            ? new ZoneInfo { Status = DiscoveryStatus.Found, Apex = apex, NameServers = [.. ns.Values.Select(v => v.Host).Distinct()] }
            : new ZoneInfo { Status = Discovered.StatusOf(ns), Apex = apex, Reason = $"NS of {apex}: {ns.Error}" };
    }

    /// <summary>
    /// The apex of the zone <paramref name="name"/> lies in: the owner of the SOA record in the answer (the name
    /// is an apex) or in the authority section of a negative answer (RFC 2308 §3).
    /// </summary>
    public static async Task<ZoneInfo> FindApexAsync(DnsName name, DnsLookup resolver, CancellationToken cancellationToken)
    {
        var soa = await resolver.GetSoaAsync(name, cancellationToken).ConfigureAwait(false);
        if (soa.IsFound) return new ZoneInfo { Status = DiscoveryStatus.Found, Apex = soa.Records[0].Name };
        if (soa.LastExchange?.Response?.Authorities.FirstOrDefault(r => r.Type == DnsRecordType.SOA) is { } authority && name.IsSubdomainOf(authority.Name))
            return new ZoneInfo { Status = DiscoveryStatus.Found, Apex = authority.Name };
        var status = Discovered.StatusOf(soa) == DiscoveryStatus.CannotTest ? DiscoveryStatus.CannotTest : DiscoveryStatus.Broken;
        return new ZoneInfo { Status = status, Reason = $"could not find the zone of {name}: {soa.Error ?? "no SOA in the answer"}" };
    }
}
