using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Coexist.Model;

/// <summary>
/// Strict prefix parsing: <c>ADDRESS/LENGTH</c> with a dotted quad or an IPv6 address, a length that fits the
/// family, and no bits set beyond the length (a typo such as <c>10.1.2.3/8</c> is refused, not widened).
/// </summary>
public static class IPPrefixText
{
    public static bool TryParse(string? text, out IPNetwork network, [NotNullWhen(false)] out string? error)
    {
        network = default;
        var parts = text?.Trim().Split('/') ?? [];
        if (parts.Length != 2 || !IPText.TryParse(parts[0], out var address)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            error = $"'{text}' is not a prefix such as 198.51.100.0/24 or 2001:db8::/32";
            return false;
        }
        var bits = address.GetAddressBytes().Length * 8;
        if (length > bits)
        {
            error = $"'{text}': a prefix of this family is at most /{bits}";
            return false;
        }
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bits; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                error = $"'{text}' has bits set beyond /{length}";
                return false;
            }
        }
        network = new IPNetwork(address, length);
        error = null;
        return true;
    }

    public static IPNetwork Parse(string text, string what) =>
        TryParse(text, out var network, out var error) ? network : throw new FormatException($"{what}: {error}");
}
