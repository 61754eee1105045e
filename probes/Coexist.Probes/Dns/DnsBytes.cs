using System.Collections.Immutable;

namespace Coexist.Probes.Dns;

/// <summary>
/// Immutable octets with value equality, for binary RDATA (keys, digests, signatures, unknown types,
/// EDNS options), so that records holding them compare by content.
/// </summary>
public readonly struct DnsBytes : IEquatable<DnsBytes>
{
    private readonly byte[]? _octets;

    public DnsBytes(ReadOnlySpan<byte> octets) => _octets = octets.ToArray();

    public static DnsBytes Empty => default;

    public int Length => _octets?.Length ?? 0;

    public ReadOnlySpan<byte> Span => _octets;

    public byte[] ToArray() => Span.ToArray();

    public ImmutableArray<byte> ToImmutableArray() => [.. Span];

    public static implicit operator DnsBytes(byte[] octets) => new(octets);

    public bool Equals(DnsBytes other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is DnsBytes other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(DnsBytes left, DnsBytes right) => left.Equals(right);

    public static bool operator !=(DnsBytes left, DnsBytes right) => !left.Equals(right);

    /// <summary>Upper-case hex, as dig prints RDATA it does not know (RFC 3597 §5).</summary>
    public override string ToString() => Convert.ToHexString(Span);
}
