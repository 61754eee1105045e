using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Probes.Dns.Discovery;

/// <summary>The host names a service is reached at, and how they were found.</summary>
public sealed record ServiceNames
{
    public required DiscoveryStatus Status { get; init; }

    public ImmutableArray<DnsName> Names { get; init; } = [];

    /// <summary>Hosts given as addresses: reached without DNS, so the name checks pass them by.</summary>
    public ImmutableArray<IPAddress> Literals { get; init; } = [];

    /// <summary>How the names were found: "hosts", "MX of shop.example", "SRV _sip._udp.example" ...</summary>
    public required string Source { get; init; }

    /// <summary>Why there are no names, when there are none.</summary>
    public string? Reason { get; init; }

    public JsonObject Evidence() => new()
    {
        ["names"] = new JsonArray([.. Names.Select(n => (JsonNode)JsonValue.Create(n.ToString())!)]),
        ["source"] = Source,
    };

    /// <summary>
    /// The names of <paramref name="service"/>: its <c>hosts</c>; else for mail the MX targets of its domain
    /// (RFC 5321 §5.1: the domain itself when it has no MX; none for a null MX, RFC 7505); else for SIP the
    /// NAPTR → SRV → host chain of its domain (RFC 3263 §4); else nothing.
    /// </summary>
    public static async Task<ServiceNames> DiscoverAsync(ServiceSpec service, DnsLookup resolver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(resolver);
        if (service.Hosts.Count > 0) return FromHosts(service.Hosts);
        if (service.Domain is not { } domainText)
        {
            return new ServiceNames
            {
                Status = DiscoveryStatus.Empty,
                Source = "none",
                Reason = service.Kind == ServiceKind.Dns ? "a dns service is judged by its zone's checks; give hosts: to check names too" : $"service '{service.Name}' has neither hosts nor a domain",
            };
        }
        var domain = DnsName.Parse(domainText);
        return service.Kind switch
        {
            ServiceKind.Mail => await MailAsync(domain, resolver, cancellationToken).ConfigureAwait(false),
            ServiceKind.Sip => await SipAsync(domain, resolver, cancellationToken).ConfigureAwait(false),
            _ => new ServiceNames { Status = DiscoveryStatus.Found, Names = [domain], Source = "domain" },
        };
    }

    private static ServiceNames FromHosts(IReadOnlyList<string> hosts)
    {
        var names = ImmutableArray.CreateBuilder<DnsName>();
        var literals = ImmutableArray.CreateBuilder<IPAddress>();
        foreach (var host in hosts)
        {
            if (IPText.TryParse(host, out var address)) literals.Add(address);
            else names.Add(DnsName.Parse(host));
        }
        return new ServiceNames
        {
            Status = names.Count > 0 ? DiscoveryStatus.Found : DiscoveryStatus.Empty,
            Names = names.ToImmutable(),
            Literals = literals.ToImmutable(),
            Source = "hosts",
            Reason = names.Count > 0 ? null : "the service is given by address only; there are no names to check",
        };
    }

    private static async Task<ServiceNames> MailAsync(DnsName domain, DnsLookup resolver, CancellationToken cancellationToken)
    {
        var mx = await resolver.GetMxAsync(domain, cancellationToken).ConfigureAwait(false);
        var source = $"MX of {domain}";
        switch (mx.Status)
        {
            case DnsLookupStatus.Found when mx.Values is [{ Exchange.IsRoot: true }]:
                return new ServiceNames { Status = DiscoveryStatus.Empty, Source = source, Reason = $"{domain} has a null MX (RFC 7505): it accepts no mail" };
            case DnsLookupStatus.Found:
                var names = mx.Values.OrderBy(v => v.Preference).Select(v => v.Exchange).Where(n => !n.IsRoot).Distinct().ToImmutableArray();
                return new ServiceNames { Status = DiscoveryStatus.Found, Names = names, Source = source };
            case DnsLookupStatus.NoData:
                // RFC 5321 §5.1: without MX records the domain itself is the mail server.
                return new ServiceNames { Status = DiscoveryStatus.Found, Names = [domain], Source = $"{domain} itself (no MX, RFC 5321 §5.1)" };
            default:
                return new ServiceNames { Status = Discovered.StatusOf(mx), Source = source, Reason = $"MX of {domain}: {mx.Error}" };
        }
    }

    /// <summary>RFC 3263 §4.1: SIP+D2U/D2T/D2S NAPTR records point at SRV names; without NAPTR, the usual SRV names.</summary>
    private static async Task<ServiceNames> SipAsync(DnsName domain, DnsLookup resolver, CancellationToken cancellationToken)
    {
        var naptr = await resolver.GetNaptrAsync(domain, cancellationToken).ConfigureAwait(false);
        if (Discovered.StatusOf(naptr) == DiscoveryStatus.CannotTest)
            return new ServiceNames { Status = DiscoveryStatus.CannotTest, Source = $"NAPTR of {domain}", Reason = naptr.Error };
        var srvNames = naptr.Values
            .Where(n => n.Flags.Equals("s", StringComparison.OrdinalIgnoreCase) && n.Services.StartsWith("SIP", StringComparison.OrdinalIgnoreCase))
            .OrderBy(n => n.Order).ThenBy(n => n.Preference)
            .Select(n => n.Replacement)
            .ToList();
        var source = srvNames.Count > 0 ? $"NAPTR → SRV of {domain}" : $"SRV of {domain}";
        if (srvNames.Count == 0) srvNames = [domain.Prepend("_udp").Prepend("_sip"), domain.Prepend("_tcp").Prepend("_sip"), domain.Prepend("_tcp").Prepend("_sips")];

        var targets = new List<DnsName>();
        foreach (var srvName in srvNames.Distinct())
        {
            var srv = await resolver.GetSrvAsync(srvName, cancellationToken).ConfigureAwait(false);
            if (Discovered.StatusOf(srv) == DiscoveryStatus.CannotTest)
                return new ServiceNames { Status = DiscoveryStatus.CannotTest, Source = source, Reason = srv.Error };
            targets.AddRange(srv.Values.OrderBy(s => s.Priority).Select(s => s.Target).Where(t => !t.IsRoot));
        }
        return targets.Count > 0
            ? new ServiceNames { Status = DiscoveryStatus.Found, Names = [.. targets.Distinct()], Source = source }
            // RFC 3263 §4.2: no SRV records means the domain's own addresses.
            : new ServiceNames { Status = DiscoveryStatus.Found, Names = [domain], Source = $"{domain} itself (no NAPTR or SRV, RFC 3263 §4.2)" };
    }
}
