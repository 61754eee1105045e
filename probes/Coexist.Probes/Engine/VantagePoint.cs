using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Engine;

/// <summary>Whether the probing host can test something, and what it found out.</summary>
public sealed record Capability(bool Usable, string Detail)
{
    public JsonObject ToJson() => new() { ["usable"] = Usable, ["detail"] = Detail };
}

/// <summary>Where the NAT64 prefix came from.</summary>
public enum Nat64PrefixSource
{
    None,
    Configured,
    Discovered,
}

/// <summary>
/// What the probing host can test from where it stands (DESIGN.md: "Before judging any target, the probe checks
/// its own vantage point"). A path it cannot test gives <c>error</c> with the reason, never <c>fail</c>.
/// </summary>
public sealed record VantageReport
{
    public required Capability IPv4 { get; init; }

    public required Capability IPv6 { get; init; }

    public required Capability Resolver { get; init; }

    /// <summary>The NAT64 prefix is known, routed and carries traffic; null when no path needs it.</summary>
    public Capability? Nat64 { get; init; }

    /// <summary>The DNS64 resolver answers; null when no path needs it.</summary>
    public Capability? Dns64 { get; init; }

    public Nat64Prefix? Prefix { get; init; }

    public Nat64PrefixSource PrefixSource { get; init; }

    /// <summary>RFC 7050 discovery, when it was run.</summary>
    public Nat64Discovery? Discovery { get; init; }

    /// <summary>The address families this host can use.</summary>
    public IReadOnlySet<AddressFamily> Families =>
        new HashSet<AddressFamily>((IPv4.Usable ? [AddressFamily.InterNetwork] : Array.Empty<AddressFamily>())
            .Concat(IPv6.Usable ? [AddressFamily.InterNetworkV6] : []));

    /// <summary>Whether checks on <paramref name="path"/> cannot run from here, and why.</summary>
    public bool Blocks(ProbePath path, out string reason)
    {
        Capability? missing = !Resolver.Usable ? Resolver : path switch
        {
            ProbePath.V4 or ProbePath.Siit => Unless(IPv4),
            ProbePath.V6 => Unless(IPv6),
            ProbePath.Nat64 => Unless(IPv6) ?? Unless(Nat64 ?? new Capability(false, "the NAT64 prefix was not checked")),
            ProbePath.Dns64 => Unless(IPv6) ?? Unless(Dns64 ?? new Capability(false, "the DNS64 resolver was not checked")),
            ProbePath.Dual => !IPv4.Usable && !IPv6.Usable ? IPv6 : null,
            _ => null,
        };
        reason = missing?.Detail ?? "";
        return missing is not null;

        static Capability? Unless(Capability capability) => capability.Usable ? null : capability;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["ipv4"] = IPv4.ToJson(), ["ipv6"] = IPv6.ToJson(), ["resolver"] = Resolver.ToJson() };
        if (Nat64 is not null) json["nat64"] = Nat64.ToJson();
        if (Dns64 is not null) json["dns64"] = Dns64.ToJson();
        if (Prefix is not null) json["nat64Prefix"] = Prefix.ToString();
        if (PrefixSource != Nat64PrefixSource.None) json["nat64PrefixSource"] = PrefixSource.ToString().ToLowerInvariant();
        return json;
    }

    /// <summary>One line per capability, for people.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"IPv4: {(IPv4.Usable ? "yes" : "no")} ({IPv4.Detail})";
        yield return $"IPv6: {(IPv6.Usable ? "yes" : "no")} ({IPv6.Detail})";
        yield return $"resolver: {(Resolver.Usable ? "answers" : "no")} ({Resolver.Detail})";
        if (Nat64 is not null) yield return $"NAT64: {(Nat64.Usable ? "yes" : "no")} ({Nat64.Detail})";
        if (Dns64 is not null) yield return $"DNS64: {(Dns64.Usable ? "answers" : "no")} ({Dns64.Detail})";
    }
}

/// <summary>What the vantage check needs to know.</summary>
public sealed record VantageSettings
{
    public required IProbeNetwork Network { get; init; }

    /// <summary>The client for the canary query through the NAT64 prefix (a <see cref="NetworkDnsClient"/>, so redirects apply).</summary>
    public required IDnsClient Client { get; init; }

    public required DnsLookup Resolver { get; init; }

    public DnsLookup? Dns64 { get; init; }

    public Nat64Prefix? ConfiguredPrefix { get; init; }

    /// <summary>The paths some check will use: NAT64 and DNS64 are only looked at when needed.</summary>
    public required IReadOnlySet<ProbePath> Paths { get; init; }
}

/// <summary>Checks the probing host's own vantage point before any target is judged.</summary>
public static class VantagePoint
{
    /// <summary>How long the resolver and the NAT64 prefix get to show they answer: DnsQueryOptions' 1 s, then 2 s.</summary>
    private static readonly DnsQueryOptions ProbeQuery = new() { UdpAttempts = 2 };

    /// <summary>The question that shows a DNS server answers: every server has something to say about the root.</summary>
    private static readonly DnsQuestion AnyAnswer = new(DnsName.Root, DnsRecordType.NS);

    public static async Task<VantageReport> CheckAsync(VantageSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ipv4 = Family(settings.Network, AddressFamily.InterNetwork);
        var ipv6 = Family(settings.Network, AddressFamily.InterNetworkV6);
        var resolver = await AnswersAsync(settings.Client, settings.Resolver.Servers, "the resolver", cancellationToken).ConfigureAwait(false);

        var needsNat64 = settings.Paths.Contains(ProbePath.Nat64);
        var needsDns64 = settings.Paths.Contains(ProbePath.Dns64);
        Nat64Discovery? discovery = null;
        var discoveryAt = settings.Dns64 ?? (needsNat64 && settings.ConfiguredPrefix is null ? settings.Resolver : null);
        if ((needsNat64 || needsDns64) && discoveryAt is not null)
            discovery = await Nat64PrefixDiscovery.DiscoverAsync(discoveryAt, cancellationToken).ConfigureAwait(false);

        var prefix = settings.ConfiguredPrefix ?? discovery?.Prefix;
        var source = settings.ConfiguredPrefix is not null ? Nat64PrefixSource.Configured
            : prefix is not null ? Nat64PrefixSource.Discovered : Nat64PrefixSource.None;

        Capability? nat64 = null;
        if (needsNat64)
        {
            nat64 = prefix is null
                ? new Capability(false, $"no NAT64 prefix: none configured (--nat64-prefix) and {(discovery is null ? "no DNS64 resolver to discover it at" : discovery.Describe())}")
                : await Nat64AnswersAsync(settings, prefix, source, cancellationToken).ConfigureAwait(false);
        }

        Capability? dns64 = null;
        if (needsDns64)
        {
            dns64 = settings.Dns64 is null
                ? new Capability(false, "no DNS64 resolver: configure --dns64 (or dns64: in the inventory)")
                : discovery is { Status: Nat64DiscoveryStatus.ResolverFailed }
                    ? new Capability(false, $"the DNS64 resolver {PathResolver.Describe(settings.Dns64)} did not answer: {discovery.Lookup.Error}")
                    : new Capability(true, $"{PathResolver.Describe(settings.Dns64)} answers; {discovery!.Describe()}");
        }

        return new VantageReport
        {
            IPv4 = ipv4,
            IPv6 = ipv6,
            Resolver = resolver,
            Nat64 = nat64,
            Dns64 = dns64,
            Prefix = prefix,
            PrefixSource = source,
            Discovery = discovery,
        };
    }

    private static Capability Family(IProbeNetwork network, AddressFamily family)
    {
        var name = family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        return network.HasFamily(family, out var why)
            ? new Capability(true, $"this host has {name}")
            : new Capability(false, why ?? $"this host has no {name}");
    }

    private static async Task<Capability> AnswersAsync(IDnsClient client, IEnumerable<IPEndPoint> servers, string what, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var server in servers)
        {
            var result = await client.QueryAsync(server, AnyAnswer, ProbeQuery, cancellationToken).ConfigureAwait(false);
            if (result.IsAnswered) return new Capability(true, $"{what} {server} answers");
            errors.Add($"{server}: {result.Error}");
        }
        return new Capability(false, $"{what} did not answer ({string.Join("; ", errors)}): names cannot be resolved from this host");
    }

    /// <summary>
    /// The prefix is routed from here, and (when an IPv4 DNS server is known) carries a DNS query to it: the
    /// cheapest traffic that proves a translator answers behind the prefix.
    /// </summary>
    private static async Task<Capability> Nat64AnswersAsync(VantageSettings settings, Nat64Prefix prefix, Nat64PrefixSource source, CancellationToken cancellationToken)
    {
        var origin = source == Nat64PrefixSource.Configured ? "configured" : "discovered through ipv4only.arpa";
        var probe = prefix.Embed(Nat64PrefixDiscovery.WellKnownAddresses[0]);
        if (!settings.Network.CanRoute(probe, out var noRoute))
            return new Capability(false, $"NAT64 prefix {prefix} ({origin}) is not routed from this host: {noRoute}");

        var canary = settings.Resolver.Servers.FirstOrDefault(server => server.AddressFamily == AddressFamily.InterNetwork && IsTranslatable(server.Address));
        if (canary is null)
            return new Capability(true, $"NAT64 prefix {prefix} ({origin}) is routed; not tried: no IPv4 DNS server to reach through it");

        var through = prefix.Embed(canary.Address);
        var result = await settings.Client.QueryAsync(new IPEndPoint(through, canary.Port), AnyAnswer, ProbeQuery, cancellationToken).ConfigureAwait(false);
        return result.IsAnswered
            ? new Capability(true, $"NAT64 prefix {prefix} ({origin}) carried a DNS query to {canary} as [{through}]:{canary.Port}")
            : new Capability(false, $"NAT64 prefix {prefix} ({origin}) does not answer: a DNS query to {canary} as [{through}]:{canary.Port} got {result.Outcome} ({result.Error})");
    }

    // A translator never carries traffic to loopback or link-local IPv4 (RFC 6052 §3.1, RFC 7915 §4.1).
    private static bool IsTranslatable(IPAddress address) =>
        !IPAddress.IsLoopback(address) && !address.Equals(IPAddress.Any) && address.GetAddressBytes() is not [169, 254, ..];
}
