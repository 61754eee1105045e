using System.Net;
using Coexist.Model;

namespace Coexist.Probes.Paths;

/// <summary>
/// The explicit address map of a stateless 1:1 translator (SIIT-EAM, RFC 7757; map646 in CONTEXT.md): IPv4
/// clients reach an IPv6-only server at the IPv4 address its IPv6 address is mapped to.
/// </summary>
public sealed class SiitMap
{
    private readonly Dictionary<IPAddress, IPAddress> _toV6 = [];
    private readonly Dictionary<IPAddress, IPAddress> _toV4 = [];

    /// <exception cref="ArgumentException">An address is mapped twice: a 1:1 map cannot say where it goes.</exception>
    public SiitMap(IEnumerable<SiitMapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        foreach (var mapping in mappings)
        {
            // RFC 7757 §3.2: an EAM entry maps one way both ways; the same address on two rows is ambiguous.
            if (!_toV6.TryAdd(mapping.V4, mapping.V6))
                throw new ArgumentException($"siit: {mapping.V4} is mapped twice ({_toV6[mapping.V4]} and {mapping.V6})", nameof(mappings));
            if (!_toV4.TryAdd(mapping.V6, mapping.V4))
                throw new ArgumentException($"siit: {mapping.V6} is mapped twice ({_toV4[mapping.V6]} and {mapping.V4})", nameof(mappings));
        }
    }

    public static SiitMap Empty { get; } = new([]);

    public bool IsEmpty => _toV6.Count == 0;

    public int Count => _toV6.Count;

    /// <summary>The IPv6 server behind an IPv4 address of the translator, or null.</summary>
    public IPAddress? ToV6(IPAddress v4) => _toV6.GetValueOrDefault(v4);

    /// <summary>The translator's IPv4 address for an IPv6 server, or null.</summary>
    public IPAddress? ToV4(IPAddress v6) => _toV4.GetValueOrDefault(v6);
}
