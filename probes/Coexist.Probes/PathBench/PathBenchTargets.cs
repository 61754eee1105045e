using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.PathBench;

/// <summary>
/// Where each path leads for a bench target, by the same rules as <c>coexist probe</c> (<see cref="PathResolver"/>):
/// v4 the A records, v6 the AAAA records, nat64 the A records under the NAT64 prefix (configured, else discovered
/// through ipv4only.arpa, RFC 7050), siit the explicit address map (RFC 7757). Address literals need no DNS.
/// </summary>
public static class PathBenchTargets
{
    public static async Task<IReadOnlyList<PathTarget>> ResolveAsync(string target, IReadOnlyList<ProbePath> paths, ProbeSettings settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(settings);
        var client = new NetworkDnsClient(settings.DnsClient, settings.Network);
        var query = settings.ResolverQueryOptions();
        var resolver = new DnsLookup(client, settings.Resolvers, query);
        var dns64 = settings.Dns64 is { } at ? new DnsLookup(client, at, query) : null;
        var prefix = settings.Nat64Prefix;
        if (prefix is null && paths.Any(p => p is ProbePath.Nat64 or ProbePath.Dns64))
            prefix = (await Nat64PrefixDiscovery.DiscoverAsync(dns64 ?? resolver, cancellationToken).ConfigureAwait(false)).Prefix;
        var resolve = new PathResolver(resolver, dns64, prefix, new SiitMap(settings.Siit), settings.Network);
        return await Task.WhenAll(paths.Select(path => resolve.ResolveAsync(target, path, cancellationToken))).ConfigureAwait(false);
    }
}
