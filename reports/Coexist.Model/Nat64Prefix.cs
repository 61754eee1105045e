using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coexist.Model;

/// <summary>
/// An IPv4-embedded IPv6 prefix (RFC 6052 §2.2): the NAT64 prefix that carries IPv4 addresses
/// to IPv6-only clients. Only the lengths RFC 6052 defines are allowed.
/// </summary>
public sealed record Nat64Prefix
{
    /// <summary>RFC 6052 §2.2: the only prefix lengths with a defined address format.</summary>
    public static readonly IReadOnlyList<int> AllowedLengths = [32, 40, 48, 56, 64, 96];

    /// <summary>RFC 6052 §2.1: the well-known prefix, for global IPv4 addresses only.</summary>
    public static Nat64Prefix WellKnown { get; } = Parse("64:ff9b::/96");

    // Bits 64..71 (the "u" octet) are reserved and always zero in an embedded address.
    private const int ReservedOctet = 8;

    private readonly byte[] _bytes;

    public int Length { get; }
    public IPAddress Address => new(_bytes);

    private Nat64Prefix(byte[] bytes, int length)
    {
        _bytes = bytes;
        Length = length;
    }

    public override string ToString() => $"{Address}/{Length.ToString(CultureInfo.InvariantCulture)}";

    public bool Equals(Nat64Prefix? other) => other is not null && Length == other.Length && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override int GetHashCode() => HashCode.Combine(Length, _bytes[0], _bytes[1], _bytes[2], _bytes[3]);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Nat64Prefix? prefix, out string? error)
    {
        prefix = null;
        error = null;
        var parts = text?.Trim().Split('/') ?? [];
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetworkV6
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            error = $"'{text}' is not an IPv6 prefix such as 64:ff9b::/96";
            return false;
        }
        if (!AllowedLengths.Contains(length))
        {
            error = $"prefix length /{length} is not one RFC 6052 defines (32, 40, 48, 56, 64 or 96)";
            return false;
        }
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < 128; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                error = $"'{text}' has bits set beyond /{length}";
                return false;
            }
        }
        if (length == 96 && bytes[ReservedOctet] != 0)
        {
            error = $"'{text}': bits 64-71 must be zero (RFC 6052 §2.2)";
            return false;
        }
        prefix = new Nat64Prefix(bytes, length);
        return true;
    }

    public static Nat64Prefix Parse(string text) =>
        TryParse(text, out var prefix, out var error) ? prefix : throw new FormatException(error);

    /// <summary>The IPv6 address that carries <paramref name="ipv4"/> under this prefix (RFC 6052 §2.2).</summary>
    public IPAddress Embed(IPAddress ipv4)
    {
        if (ipv4.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"{ipv4} is not an IPv4 address", nameof(ipv4));
        var result = (byte[])_bytes.Clone();
        var v4 = ipv4.GetAddressBytes();
        var position = Length / 8;
        foreach (var octet in v4)
        {
            if (position == ReservedOctet) position++;
            result[position++] = octet;
        }
        return new IPAddress(result);
    }

    /// <summary>The IPv4 address embedded in <paramref name="ipv6"/>, or null when it is not under this prefix.</summary>
    public IPAddress? Extract(IPAddress ipv6)
    {
        if (!Contains(ipv6)) return null;
        var bytes = ipv6.GetAddressBytes();
        var v4 = new byte[4];
        var position = Length / 8;
        for (var i = 0; i < 4; i++)
        {
            if (position == ReservedOctet) position++;
            v4[i] = bytes[position++];
        }
        return new IPAddress(v4);
    }

    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        var bytes = address.GetAddressBytes();
        for (var bit = 0; bit < Length; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((bytes[bit / 8] & mask) != (_bytes[bit / 8] & mask)) return false;
        }
        return true;
    }
}
