using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns.Checks;

/// <summary>The run's <see cref="ProbeContext"/> with the DNS lookups the checks share, each made once per run.</summary>
public sealed class DnsProbeContext(ProbeContext context)
{
    public ProbeContext Context { get; } = context ?? throw new ArgumentNullException(nameof(context));

    public DnsLookup Resolver => Context.Resolver;

    /// <summary>The resolver asked with DO set, so that signatures come back (RFC 3225).</summary>
    public DnsLookup SigningResolver => field ??= new DnsLookup(new CachingDnsClient(Context.Dns, Context.Lifetime), Resolver.Servers,
        Resolver.Options with { DnssecOk = true, EdnsUdpPayloadSize = Resolver.Options.EdnsUdpPayloadSize ?? DnsLimits.DefaultEdnsUdpPayloadSize });

    public Task<ServiceNames> NamesAsync(ServiceSpec service, CancellationToken cancellationToken) =>
        SharedAsync($"dns:names:{service.Name}", ct => ServiceNames.DiscoverAsync(service, Resolver, ct), n => n.Status == DiscoveryStatus.CannotTest, cancellationToken);

    public Task<ZoneInfo> ZoneAsync(ServiceSpec service, CancellationToken cancellationToken) =>
        SharedAsync($"dns:zone:{service.Name}", ct => ZoneInfo.DiscoverAsync(service, Resolver, ct), z => z.Status == DiscoveryStatus.CannotTest, cancellationToken);

    public Task<ZoneInfo> ApexOfAsync(DnsName name, CancellationToken cancellationToken) =>
        SharedAsync($"dns:apex:{name}", ct => ZoneInfo.FindApexAsync(name, Resolver, ct), z => z.Status == DiscoveryStatus.CannotTest, cancellationToken);

    public Task<ZoneInfo> NameServersOfAsync(DnsName apex, CancellationToken cancellationToken) =>
        SharedAsync($"dns:ns:{apex}", ct => ZoneInfo.NameServersAsync(apex, Resolver, ct), z => z.Status == DiscoveryStatus.CannotTest, cancellationToken);

    /// <summary>A or AAAA of <paramref name="name"/> at the resolver.</summary>
    public Task<DnsLookupResult<IPAddress>> AddressesAsync(DnsName name, AddressFamily family, CancellationToken cancellationToken) =>
        Resolver.GetAddressesAsync(name, family, cancellationToken);

    /// <summary>
    /// The addresses of <paramref name="servers"/> this host can reach, IPv6 first or IPv4 first as asked: the
    /// way to ask authoritative servers something when the path itself is not the point.
    /// </summary>
    public async Task<IReadOnlyList<IPAddress>> ReachableAddressesAsync(IEnumerable<DnsName> servers, AddressFamily preferred, CancellationToken cancellationToken)
    {
        var other = preferred == AddressFamily.InterNetwork ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var addresses = new List<IPAddress>();
        foreach (var family in (AddressFamily[])[preferred, other])
        {
            if (!Context.Vantage.Blocks(family == AddressFamily.InterNetwork ? ProbePath.V4 : ProbePath.V6, out _))
            {
                foreach (var server in servers)
                {
                    var found = await AddressesAsync(server, family, cancellationToken).ConfigureAwait(false);
                    addresses.AddRange(found.Values.Where(a => !a.IsIPv4MappedToIPv6 && Context.Network.CanRoute(a, out _)));
                }
            }
        }
        return [.. addresses.Distinct()];
    }

    /// <summary>
    /// The authoritative records of <paramref name="type"/> at <paramref name="name"/>: asked of the servers of
    /// the zone the name lies in, without recursion, from the first server that answers with AA. Null when no
    /// server gave an authoritative answer.
    /// </summary>
    public Task<AuthoritativeAnswer> AuthoritativeAsync(DnsName name, DnsRecordType type, CancellationToken cancellationToken) =>
        SharedAsync($"dns:auth:{name}:{type}", async ct =>
        {
            var apex = await ApexOfAsync(name, ct).ConfigureAwait(false);
            if (apex.Apex is null) return new AuthoritativeAnswer(null, [], apex.Reason ?? "no zone found");
            var zone = await NameServersOfAsync(apex.Apex, ct).ConfigureAwait(false);
            var servers = await ReachableAddressesAsync(zone.NameServers, AddressFamily.InterNetworkV6, ct).ConfigureAwait(false);
            var errors = new List<string>();
            foreach (var server in servers)
            {
                var result = await AuthoritativeQuery.AskAsync(Context.Dns, server, name, type, DnsTransportMode.UdpWithTcpFallback, ct).ConfigureAwait(false);
                if (result.Response is { Header.IsAuthoritative: true } response
                    && response.ResponseCode is DnsResponseCode.NoError or DnsResponseCode.NXDomain)
                {
                    var records = DnsLookup.Interpret(name, type, response, data => data).Records;
                    return new AuthoritativeAnswer(result, records, null);
                }
                errors.Add($"{server}: {(result.IsAnswered ? $"{result.Response.ResponseCode}, AA={result.Response.Header.IsAuthoritative}" : result.Error)}");
            }
            return new AuthoritativeAnswer(null, [], $"no authoritative answer for {name} {type} from the servers of {apex.Apex} ({(errors.Count == 0 ? "none reachable" : string.Join("; ", errors))})");
        }, a => a.Exchange is null, cancellationToken);

    private async Task<T> SharedAsync<T>(string key, Func<CancellationToken, Task<T>> compute, Func<T, bool> forget, CancellationToken cancellationToken)
        where T : class
    {
        var result = await Context.SharedAsync(key, compute, cancellationToken).ConfigureAwait(false);
        // What failed for want of an answer is asked again by the next check (or the retry of this one).
        if (forget(result)) Context.Forget(key);
        return result;
    }
}

/// <summary>An authoritative answer: the exchange it came in and the records; or why there was none.</summary>
public sealed record AuthoritativeAnswer(DnsQueryResult? Exchange, ImmutableArray<DnsRecord> Records, string? Error);
