using System.Net;

namespace Coexist.Probes.Paths;

/// <summary>One entry of the IANA special-purpose address registries (RFC 6890), with its source.</summary>
/// <param name="Prefix">The block.</param>
/// <param name="Name">The registry's name for it.</param>
/// <param name="Source">The RFC (and section) that reserves it.</param>
/// <param name="GloballyReachable">The registry's "Globally Reachable" column (RFC 8190 §2.2).</param>
public sealed record SpecialPurposeBlock(IPNetwork Prefix, string Name, string Source, bool GloballyReachable)
{
    /// <summary>
    /// Whether an address of this block in a public DNS answer is a fault: every block that is not globally
    /// reachable, plus the NAT64 well-known prefix, which only a DNS64 resolver may hand out (RFC 6147 §5.2;
    /// published in a zone it sends every client, translated or not, to whatever NAT64 is nearest).
    /// </summary>
    public bool FaultInPublicAnswer => !GloballyReachable || Name == SpecialPurposeRegistry.Nat64WellKnownName;

    public override string ToString() => $"{Prefix} ({Name}, {Source})";
}

/// <summary>
/// The IPv4 and IPv6 special-purpose address registries as data (RFC 6890 with its updates, RFC 8190), plus
/// multicast, which the registries keep elsewhere but which no service address may be. The most specific
/// block wins, so 192.0.0.170 reads as "NAT64/DNS64 discovery", not as the whole of 192.0.0.0/24.
/// </summary>
public sealed class SpecialPurposeRegistry
{
    public const string Nat64WellKnownName = "IPv4-IPv6 Translation (well-known prefix)";

    /// <summary>The registry as published (IANA iana-ipv4-special-registry and iana-ipv6-special-registry).</summary>
    public static IReadOnlyList<SpecialPurposeBlock> Blocks { get; } =
    [
        // IPv4 (iana-ipv4-special-registry)
        Block("0.0.0.0/8", "This network", "RFC 791 §3.2", false),
        Block("0.0.0.0/32", "This host on this network", "RFC 1122 §3.2.1.3", false),
        Block("10.0.0.0/8", "Private-Use", "RFC 1918", false),
        Block("100.64.0.0/10", "Shared Address Space", "RFC 6598", false),
        Block("127.0.0.0/8", "Loopback", "RFC 1122 §3.2.1.3", false),
        Block("169.254.0.0/16", "Link Local", "RFC 3927", false),
        Block("172.16.0.0/12", "Private-Use", "RFC 1918", false),
        Block("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890 §2.1", false),
        Block("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", false),
        Block("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", false),
        Block("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", true),
        Block("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", true),
        Block("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880 §7.1, RFC 7050 §2.2", false),
        Block("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880 §7.1, RFC 7050 §2.2", false),
        Block("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", false),
        Block("192.31.196.0/24", "AS112-v4", "RFC 7535", true),
        Block("192.52.193.0/24", "AMT", "RFC 7450", true),
        Block("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", false),
        Block("192.168.0.0/16", "Private-Use", "RFC 1918", false),
        Block("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", true),
        Block("198.18.0.0/15", "Benchmarking", "RFC 2544", false),
        Block("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", false),
        Block("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", false),
        Block("224.0.0.0/4", "Multicast", "RFC 5771", false),
        Block("240.0.0.0/4", "Reserved", "RFC 1112 §4", false),
        Block("255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919 §7", false),

        // IPv6 (iana-ipv6-special-registry)
        Block("::/128", "Unspecified Address", "RFC 4291 §2.5.2", false),
        Block("::1/128", "Loopback Address", "RFC 4291 §2.5.3", false),
        Block("::/96", "IPv4-Compatible IPv6 Address (deprecated)", "RFC 4291 §2.5.5.1", false),
        Block("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291 §2.5.5.2", false),
        Block("64:ff9b::/96", Nat64WellKnownName, "RFC 6052 §2.1", true),
        Block("64:ff9b:1::/48", "IPv4-IPv6 Translation (local use)", "RFC 8215", false),
        Block("100::/64", "Discard-Only Address Block", "RFC 6666", false),
        Block("2001::/23", "IETF Protocol Assignments", "RFC 2928", false),
        Block("2001::/32", "TEREDO", "RFC 4380", false),
        Block("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", true),
        Block("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", true),
        Block("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", true),
        Block("2001:2::/48", "Benchmarking", "RFC 5180", false),
        Block("2001:3::/32", "AMT", "RFC 7450", true),
        Block("2001:4:112::/48", "AS112-v6", "RFC 7535", true),
        Block("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", false),
        Block("2001:20::/28", "ORCHIDv2", "RFC 7343", true),
        Block("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", true),
        Block("2001:db8::/32", "Documentation", "RFC 3849", false),
        Block("2002::/16", "6to4", "RFC 3056 (relays deprecated by RFC 7526)", false),
        Block("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", true),
        Block("3fff::/20", "Documentation", "RFC 9637", false),
        Block("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", false),
        Block("fc00::/7", "Unique-Local", "RFC 4193", false),
        Block("fe80::/10", "Link-Local Unicast", "RFC 4291 §2.5.6", false),
        Block("fec0::/10", "Site-Local (deprecated)", "RFC 3879", false),
        Block("ff00::/8", "Multicast", "RFC 4291 §2.7", false),
    ];

    private readonly IReadOnlyList<IPNetwork> _treatAsPublic;

    /// <param name="treatAsPublic">
    /// Ranges that are the estate's own public addresses although the registry reserves them (a lab in
    /// documentation space): <see cref="Classify"/> returns null inside them.
    /// </param>
    public SpecialPurposeRegistry(IEnumerable<IPNetwork>? treatAsPublic = null)
    {
        _treatAsPublic = [.. treatAsPublic ?? []];
    }

    public static SpecialPurposeRegistry Default { get; } = new();

    public IReadOnlyList<IPNetwork> TreatAsPublic => _treatAsPublic;

    /// <summary>The most specific block holding <paramref name="address"/>, or null for an ordinary global address.</summary>
    public static SpecialPurposeBlock? Lookup(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        SpecialPurposeBlock? best = null;
        foreach (var block in Blocks)
        {
            if (Holds(block.Prefix, address) && (best is null || block.Prefix.PrefixLength > best.Prefix.PrefixLength))
                best = block;
        }
        return best;
    }

    /// <summary>
    /// The block that makes <paramref name="address"/> a fault in a public DNS answer, or null when it is fine
    /// there (global, globally reachable, or inside a range declared public).
    /// </summary>
    public SpecialPurposeBlock? Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_treatAsPublic.Any(range => Holds(range, address))) return null;
        return Lookup(address) is { FaultInPublicAnswer: true } block ? block : null;
    }

    /// <summary>
    /// Containment bit by bit, within one family. <see cref="IPNetwork.Contains"/> reads ::ffff:a.b.c.d as
    /// a.b.c.d, but an IPv4-mapped answer is an AAAA record, and a fault of its own.
    /// </summary>
    public static bool Holds(IPNetwork network, IPAddress address)
    {
        if (network.BaseAddress.AddressFamily != address.AddressFamily) return false;
        Span<byte> prefix = stackalloc byte[16];
        Span<byte> candidate = stackalloc byte[16];
        network.BaseAddress.TryWriteBytes(prefix, out var length);
        address.TryWriteBytes(candidate, out _);
        for (var bit = 0; bit < network.PrefixLength && bit < length * 8; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((prefix[bit / 8] & mask) != (candidate[bit / 8] & mask)) return false;
        }
        return true;
    }

    private static SpecialPurposeBlock Block(string prefix, string name, string source, bool globallyReachable) =>
        new(IPNetwork.Parse(prefix), name, source, globallyReachable);
}
