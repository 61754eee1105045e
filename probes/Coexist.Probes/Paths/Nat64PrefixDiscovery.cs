using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;

namespace Coexist.Probes.Paths;

/// <summary>How a discovery ended.</summary>
public enum Nat64DiscoveryStatus
{
    /// <summary>At least one prefix was found in the synthesized AAAA records of ipv4only.arpa.</summary>
    Found,

    /// <summary>The resolver answered without AAAA for ipv4only.arpa: it does not synthesize (no DNS64).</summary>
    NotSynthesized,

    /// <summary>AAAA records came back, but none carries a well-known address at an RFC 6052 position.</summary>
    NoWellKnownAddress,

    /// <summary>The resolver did not answer usefully (timeout, network error, SERVFAIL ...): nothing could be learnt.</summary>
    ResolverFailed,
}

/// <summary>What RFC 7050 discovery found at one resolver, with the lookup as evidence.</summary>
public sealed record Nat64Discovery
{
    public required Nat64DiscoveryStatus Status { get; init; }

    /// <summary>Every distinct prefix found, in the order of the answers (RFC 7050 §3: a node may learn several).</summary>
    public ImmutableArray<Nat64Prefix> Prefixes { get; init; } = [];

    public required DnsLookupResult<IPAddress> Lookup { get; init; }

    public Nat64Prefix? Prefix => Prefixes.IsEmpty ? null : Prefixes[0];

    public string Describe() => Status switch
    {
        Nat64DiscoveryStatus.Found => $"{Nat64PrefixDiscovery.WellKnownName} AAAA gave {string.Join(", ", Prefixes)}",
        Nat64DiscoveryStatus.NotSynthesized => $"{Nat64PrefixDiscovery.WellKnownName} has no AAAA at this resolver: it does not synthesize ({Lookup.Status})",
        Nat64DiscoveryStatus.NoWellKnownAddress => $"{Nat64PrefixDiscovery.WellKnownName} AAAA ({string.Join(", ", Lookup.Values)}) carry neither 192.0.0.170 nor 192.0.0.171 at an RFC 6052 position",
        _ => $"{Nat64PrefixDiscovery.WellKnownName} AAAA: {Lookup.Error}",
    };
}

/// <summary>
/// Learns the NAT64 prefix the way an IPv6-only host does (RFC 7050 §3): ask the DNS64 resolver for the AAAA
/// records of <c>ipv4only.arpa</c>, a name that only has the A records 192.0.0.170 and 192.0.0.171; whatever
/// AAAA comes back was synthesized, and the well-known addresses inside it show where the prefix ends.
/// </summary>
public static class Nat64PrefixDiscovery
{
    /// <summary>RFC 7050 §2.1: the well-known IPv4-only name.</summary>
    public const string WellKnownName = "ipv4only.arpa";

    /// <summary>RFC 7050 §2.2 (and RFC 8880 §7.1): the A records of <see cref="WellKnownName"/>.</summary>
    public static IReadOnlyList<IPAddress> WellKnownAddresses { get; } = [IPAddress.Parse("192.0.0.170"), IPAddress.Parse("192.0.0.171")];

    /// <summary>
    /// The order positions are tried in: longest prefix first. A /96 prefix leaves the IPv4 address at the end,
    /// where shorter formats keep the suffix zero; trying /96 first means the common case never reads as a
    /// coincidental match at a shorter length.
    /// </summary>
    private static readonly int[] SearchOrder = [96, 64, 56, 48, 40, 32];

    public static async Task<Nat64Discovery> DiscoverAsync(DnsLookup dns64Resolver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dns64Resolver);
        var lookup = await dns64Resolver.GetAddressesAsync(DnsName.Parse(WellKnownName), AddressFamily.InterNetworkV6, cancellationToken).ConfigureAwait(false);
        return Interpret(lookup);
    }

    /// <summary>Reads the prefixes out of an AAAA lookup of <see cref="WellKnownName"/>.</summary>
    public static Nat64Discovery Interpret(DnsLookupResult<IPAddress> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        switch (lookup.Status)
        {
            case DnsLookupStatus.NoData or DnsLookupStatus.NameError:
                return new Nat64Discovery { Status = Nat64DiscoveryStatus.NotSynthesized, Lookup = lookup };
            case not DnsLookupStatus.Found:
                return new Nat64Discovery { Status = Nat64DiscoveryStatus.ResolverFailed, Lookup = lookup };
        }

        var prefixes = lookup.Values.Select(PrefixOf).OfType<Nat64Prefix>().Distinct().ToImmutableArray();
        return new Nat64Discovery
        {
            Status = prefixes.IsEmpty ? Nat64DiscoveryStatus.NoWellKnownAddress : Nat64DiscoveryStatus.Found,
            Prefixes = prefixes,
            Lookup = lookup,
        };
    }

    /// <summary>
    /// The prefix under which <paramref name="synthesized"/> carries a well-known address, or null. A position
    /// counts when the address read there is 192.0.0.170 or .171, the reserved octet (bits 64-71) is zero and
    /// the suffix after the IPv4 address is zero (RFC 6052 §2.2).
    /// </summary>
    public static Nat64Prefix? PrefixOf(IPAddress synthesized) => PrefixOf(synthesized, WellKnownAddresses);

    /// <summary>
    /// The prefix under which <paramref name="synthesized"/> carries one of <paramref name="embedded"/>, found the
    /// way RFC 7050 §3 finds the well-known addresses; null when none sits at an RFC 6052 position.
    /// </summary>
    public static Nat64Prefix? PrefixOf(IPAddress synthesized, IReadOnlyCollection<IPAddress> embedded)
    {
        ArgumentNullException.ThrowIfNull(synthesized);
        ArgumentNullException.ThrowIfNull(embedded);
        // An IPv4-mapped address is no synthesis (RFC 6147 §5.1.4 treats such AAAA as absent).
        if (synthesized.AddressFamily != AddressFamily.InterNetworkV6 || synthesized.IsIPv4MappedToIPv6) return null;
        var bytes = synthesized.GetAddressBytes();
        foreach (var length in SearchOrder)
        {
            var candidate = Truncate(bytes, length);
            if (!Nat64Prefix.TryParse($"{candidate}/{length}", out var prefix, out _)) continue;
            var inside = prefix.Extract(synthesized);
            if (inside is null || !embedded.Contains(inside)) continue;
            // The address must be exactly what this prefix would synthesize: u octet and suffix zero.
            if (prefix.Embed(inside).Equals(synthesized)) return prefix;
        }
        return null;
    }

    private static IPAddress Truncate(byte[] bytes, int length)
    {
        var copy = new byte[16];
        Array.Copy(bytes, copy, length / 8);
        return new IPAddress(copy);
    }
}
