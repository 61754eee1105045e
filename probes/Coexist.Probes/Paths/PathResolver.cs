using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;

namespace Coexist.Probes.Paths;

/// <summary>
/// For a target (a name or an address) and a path, the addresses a client on that path would use and the family
/// of its socket (DESIGN.md, "Paths"): v4 the A records, v6 the AAAA records, nat64 the A records inside the NAT64
/// prefix (RFC 6052), dns64 the AAAA records the DNS64 resolver hands out, siit the IPv4 side of the explicit
/// address map (RFC 7757), dual all of them in Happy Eyeballs order (RFC 8305 §4).
/// </summary>
public sealed class PathResolver
{
    private readonly DnsLookup _resolver;
    private readonly DnsLookup? _dns64;
    private readonly Nat64Prefix? _prefix;
    private readonly SiitMap _siit;
    private readonly IProbeNetwork _network;
    private readonly IReadOnlySet<AddressFamily>? _families;

    /// <param name="resolver">The recursive resolver every path but dns64 resolves names through.</param>
    /// <param name="dns64">The DNS64 resolver of the dns64 path, when there is one.</param>
    /// <param name="nat64Prefix">The NAT64 prefix (configured or discovered), when there is one.</param>
    /// <param name="families">The families this host has (the vantage point's finding); addresses of others are left out of the dual path.</param>
    public PathResolver(DnsLookup resolver, DnsLookup? dns64, Nat64Prefix? nat64Prefix, SiitMap siit, IProbeNetwork network, IReadOnlySet<AddressFamily>? families = null)
    {
        _families = families;
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _dns64 = dns64;
        _prefix = nat64Prefix;
        _siit = siit ?? throw new ArgumentNullException(nameof(siit));
        _network = network ?? throw new ArgumentNullException(nameof(network));
    }

    public Nat64Prefix? Nat64Prefix => _prefix;

    /// <summary>Resolves <paramref name="target"/>, an address literal or a host name.</summary>
    public Task<PathTarget> ResolveAsync(string target, ProbePath path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IPText.TryParse(target, out var literal)) return Task.FromResult(Routed(ForLiteral(target, literal, path)));
        return ResolveAsync(DnsName.Parse(target), path, cancellationToken);
    }

    public async Task<PathTarget> ResolveAsync(DnsName name, ProbePath path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var target = name.ToString();
        var resolved = path switch
        {
            ProbePath.V4 => FromLookup(target, path, await A(name, cancellationToken).ConfigureAwait(false), a => new PathAddress(a), "A", _resolver),
            ProbePath.V6 => FromAaaa(target, path, await Aaaa(_resolver, name, cancellationToken).ConfigureAwait(false), _resolver),
            ProbePath.Nat64 => Nat64(target, await A(name, cancellationToken).ConfigureAwait(false)),
            ProbePath.Dns64 => await Dns64Async(target, name, cancellationToken).ConfigureAwait(false),
            ProbePath.Siit => await SiitAsync(target, name, cancellationToken).ConfigureAwait(false),
            ProbePath.Dual => await DualAsync(target, name, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, "unknown path"),
        };
        return Routed(resolved);
    }

    private Task<DnsLookupResult<IPAddress>> A(DnsName name, CancellationToken cancellationToken) =>
        _resolver.GetAddressesAsync(name, AddressFamily.InterNetwork, cancellationToken);

    private static Task<DnsLookupResult<IPAddress>> Aaaa(DnsLookup lookup, DnsName name, CancellationToken cancellationToken) =>
        lookup.GetAddressesAsync(name, AddressFamily.InterNetworkV6, cancellationToken);

    private PathTarget ForLiteral(string target, IPAddress address, ProbePath path)
    {
        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        PathTarget Ready(params PathAddress[] addresses) => new() { Path = path, Target = target, Status = PathStatus.Ready, Addresses = [.. addresses], Source = "address literal" };
        PathTarget NotApplicable(string why) => new() { Path = path, Target = target, Status = PathStatus.NotApplicable, Reason = why };
        switch (path)
        {
            case ProbePath.V4 when v4:
            case ProbePath.V6 when !v4:
            case ProbePath.Dual:
                return Ready(new PathAddress(address));
            case ProbePath.V4 or ProbePath.V6:
                return NotApplicable($"{target} is an {(v4 ? "IPv4" : "IPv6")} address; the {WireNames.Of(path)} path needs the other family");
            case ProbePath.Nat64 or ProbePath.Dns64 when v4:
                // An IPv6-only client given an IPv4 literal embeds it in the prefix itself (RFC 7050, CLAT in RFC 6877).
                return _prefix is null
                    ? new PathTarget { Path = path, Target = target, Status = PathStatus.CannotTest, Reason = "no NAT64 prefix is known to embed the address in" }
                    : Ready(new PathAddress(_prefix.Embed(address), address)) with { Prefix = _prefix, Source = $"address literal under {_prefix}" };
            case ProbePath.Nat64 or ProbePath.Dns64:
                return NotApplicable($"{target} is already an IPv6 address; translation does not concern it");
            case ProbePath.Siit:
                var mapped = v4 ? (_siit.ToV6(address) is { } server ? new PathAddress(address, server) : null)
                    : (_siit.ToV4(address) is { } front ? new PathAddress(front, address) : null);
                return mapped is null ? NotApplicable($"{target} is not in the SIIT map") : Ready(mapped) with { Source = "SIIT map" };
            default:
                throw new ArgumentOutOfRangeException(nameof(path), path, "unknown path");
        }
    }

    private static PathTarget FromLookup(string target, ProbePath path, DnsLookupResult<IPAddress> lookup, Func<IPAddress, PathAddress?> map, string type, DnsLookup at)
    {
        var source = $"{type} at {Describe(at)}";
        if (!lookup.IsFound)
            return new PathTarget { Path = path, Target = target, Status = StatusOf(lookup), Reason = ReasonOf(lookup, at), Source = source };
        var addresses = lookup.Values.Select(map).OfType<PathAddress>().ToImmutableArray();
        return new PathTarget
        {
            Path = path,
            Target = target,
            Status = addresses.IsEmpty ? PathStatus.NoAddress : PathStatus.Ready,
            Addresses = addresses,
            Reason = addresses.IsEmpty ? $"none of {target}'s {type} records can be used on the {WireNames.Of(path)} path" : null,
            Source = source,
        };
    }

    /// <summary>AAAA records without the IPv4-mapped ones: <c>::ffff:a.b.c.d</c> is no IPv6 address (RFC 4291 §2.5.5.2).</summary>
    private static PathTarget FromAaaa(string target, ProbePath path, DnsLookupResult<IPAddress> lookup, DnsLookup at)
    {
        var result = FromLookup(target, path, lookup, a => a.IsIPv4MappedToIPv6 ? null : new PathAddress(a), "AAAA", at);
        var mapped = lookup.Values.Where(a => a.IsIPv4MappedToIPv6).ToList();
        if (mapped.Count == 0) return result;
        var note = $"left out IPv4-mapped AAAA {string.Join(", ", mapped)}: it names an IPv4 address, not an IPv6 one (RFC 4291 §2.5.5.2)";
        return result with
        {
            Notes = [note],
            Reason = result.IsReady ? null : $"{target} has only IPv4-mapped AAAA ({string.Join(", ", mapped)}), which IPv6 clients cannot reach",
        };
    }

    private PathTarget Nat64(string target, DnsLookupResult<IPAddress> a)
    {
        if (_prefix is null)
            return new PathTarget { Path = ProbePath.Nat64, Target = target, Status = PathStatus.CannotTest, Reason = "no NAT64 prefix: configure --nat64-prefix or give a DNS64 resolver to discover it" };
        var notes = ImmutableArray.CreateBuilder<string>();
        var result = FromLookup(target, ProbePath.Nat64, a, v4 =>
        {
            // RFC 6052 §3.1: the well-known prefix must not carry non-global IPv4 addresses; translators drop them.
            if (_prefix.Equals(Model.Nat64Prefix.WellKnown) && SpecialPurposeRegistry.Lookup(v4) is { GloballyReachable: false } block)
            {
                notes.Add($"left out {v4}: {block.Name} ({block.Source}) cannot be translated under the well-known prefix (RFC 6052 §3.1)");
                return null;
            }
            return new PathAddress(_prefix.Embed(v4), v4);
        }, "A", _resolver);
        return result with { Prefix = _prefix, Notes = notes.ToImmutable(), Source = $"{result.Source}, embedded in {_prefix}" };
    }

    private async Task<PathTarget> Dns64Async(string target, DnsName name, CancellationToken cancellationToken)
    {
        if (_dns64 is null)
            return new PathTarget { Path = ProbePath.Dns64, Target = target, Status = PathStatus.CannotTest, Reason = "no DNS64 resolver: configure --dns64" };
        var lookup = await Aaaa(_dns64, name, cancellationToken).ConfigureAwait(false);
        var prefix = _prefix;
        var result = FromLookup(target, ProbePath.Dns64, lookup,
            v6 => v6.IsIPv4MappedToIPv6 ? null : new PathAddress(v6, prefix?.Extract(v6)), "AAAA", _dns64);
        return result with { Prefix = result.Addresses.Any(a => a.Original is not null) ? prefix : null };
    }

    private async Task<PathTarget> SiitAsync(string target, DnsName name, CancellationToken cancellationToken)
    {
        if (_siit.IsEmpty)
            return new PathTarget { Path = ProbePath.Siit, Target = target, Status = PathStatus.NotApplicable, Reason = "no SIIT map is configured (siit: in the inventory)" };
        // What an IPv4 client sees: the A records. Those on the map's IPv4 side lead through the translator.
        var a = await A(name, cancellationToken).ConfigureAwait(false);
        var published = a.Values.Where(v4 => _siit.ToV6(v4) is not null).Select(v4 => new PathAddress(v4, _siit.ToV6(v4))).ToImmutableArray();
        if (!published.IsEmpty)
            return new PathTarget { Path = ProbePath.Siit, Target = target, Status = PathStatus.Ready, Addresses = published, Source = $"A at {Describe(_resolver)}, in the SIIT map" };

        var aaaa = await Aaaa(_resolver, name, cancellationToken).ConfigureAwait(false);
        var mapped = aaaa.Values.Where(v6 => _siit.ToV4(v6) is not null).Select(v6 => new PathAddress(_siit.ToV4(v6)!, v6)).ToImmutableArray();
        if (!mapped.IsEmpty)
        {
            return new PathTarget
            {
                Path = ProbePath.Siit,
                Target = target,
                Status = PathStatus.Ready,
                Addresses = mapped,
                Source = $"AAAA at {Describe(_resolver)}, through the SIIT map",
                Notes = [$"{target} publishes no A record for its SIIT address: IPv4 clients reach it only by address"],
            };
        }
        if (a.Status is DnsLookupStatus.TimedOut or DnsLookupStatus.NetworkError or DnsLookupStatus.Malformed)
            return new PathTarget { Path = ProbePath.Siit, Target = target, Status = PathStatus.CannotTest, Reason = ReasonOf(a, _resolver) };
        return new PathTarget { Path = ProbePath.Siit, Target = target, Status = PathStatus.NotApplicable, Reason = $"no address of {target} is in the SIIT map" };
    }

    private async Task<PathTarget> DualAsync(string target, DnsName name, CancellationToken cancellationToken)
    {
        var both = await _resolver.GetAllAddressesAsync(name, cancellationToken).ConfigureAwait(false);
        var v6 = FromAaaa(target, ProbePath.Dual, both.IPv6, _resolver);
        var v4 = FromLookup(target, ProbePath.Dual, both.IPv4, a => new PathAddress(a), "A", _resolver);
        if (!v6.IsReady && !v4.IsReady)
        {
            var cannot = v6.Status == PathStatus.CannotTest || v4.Status == PathStatus.CannotTest;
            return new PathTarget
            {
                Path = ProbePath.Dual,
                Target = target,
                Status = cannot ? PathStatus.CannotTest : PathStatus.NoAddress,
                Reason = cannot ? (v6.Status == PathStatus.CannotTest ? v6.Reason : v4.Reason) : $"{target} has neither A nor AAAA records",
                Notes = v6.Notes,
            };
        }
        var ordered = HappyEyeballs.Interleave(v6.Addresses.Select(a => a.Address), v4.Addresses.Select(a => a.Address));
        return new PathTarget
        {
            Path = ProbePath.Dual,
            Target = target,
            Status = PathStatus.Ready,
            Addresses = [.. ordered.Select(a => new PathAddress(a))],
            Notes = v6.Notes,
            Source = $"A and AAAA at {Describe(_resolver)}, in Happy Eyeballs order (RFC 8305 §4)",
        };
    }

    /// <summary>Leaves out addresses this host has no route to; none left means the probe cannot test, which is no fault of the target.</summary>
    private PathTarget Routed(PathTarget target)
    {
        if (!target.IsReady) return target;
        var routed = ImmutableArray.CreateBuilder<PathAddress>();
        var notes = target.Notes.ToBuilder();
        foreach (var address in target.Addresses)
        {
            if (_families is not null && !_families.Contains(address.Family))
                notes.Add($"left out {address.Address}: this host has no {(address.Family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")}");
            else if (_network.CanRoute(address.Address, out var why)) routed.Add(address);
            else notes.Add(why ?? $"no route to {address.Address}");
        }
        if (routed.Count == target.Addresses.Length) return target;
        return routed.Count == 0
            ? target with { Status = PathStatus.CannotTest, Addresses = [], Notes = notes.ToImmutable(), Reason = $"this host has no route to any address of {target.Target} on the {WireNames.Of(target.Path)} path: {string.Join("; ", notes)}" }
            : target with { Addresses = routed.ToImmutable(), Notes = notes.ToImmutable() };
    }

    internal static PathStatus StatusOf<T>(DnsLookupResult<T> lookup) => lookup.Status switch
    {
        DnsLookupStatus.Found => PathStatus.Ready,
        // SERVFAIL, a CNAME loop: the name cannot be resolved by anyone, which is the service's fault.
        DnsLookupStatus.NoData or DnsLookupStatus.NameError or DnsLookupStatus.ServerFailure
            or DnsLookupStatus.CnameLoop or DnsLookupStatus.CnameChainTooLong => PathStatus.NoAddress,
        _ => PathStatus.CannotTest,
    };

    internal static string ReasonOf<T>(DnsLookupResult<T> lookup, DnsLookup at) => lookup.Status switch
    {
        DnsLookupStatus.NoData => $"{lookup.Name} has no {lookup.Type} records",
        DnsLookupStatus.NameError => $"{lookup.Name} does not exist (NXDOMAIN)",
        DnsLookupStatus.ServerFailure => $"the resolver {Describe(at)} could not resolve {lookup.Name} {lookup.Type} ({lookup.ResponseCode}); a broken delegation is the usual cause",
        DnsLookupStatus.CnameLoop or DnsLookupStatus.CnameChainTooLong => lookup.Error ?? lookup.Status.ToString(),
        _ => $"the resolver {Describe(at)} gave no usable answer for {lookup.Name} {lookup.Type}: {lookup.Error}",
    };

    internal static string Describe(DnsLookup lookup) => string.Join(", ", lookup.Servers);
}
