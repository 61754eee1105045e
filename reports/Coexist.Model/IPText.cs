using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Coexist.Model;

/// <summary>
/// Strict address parsing. <see cref="IPAddress.TryParse(string, out IPAddress)"/> follows inet_aton and
/// reads "10.1" as 10.0.0.1 and "1" as 0.0.0.1; user input means a dotted quad or an IPv6 address.
/// </summary>
public static class IPText
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text) || !IPAddress.TryParse(text, out var parsed)) return false;
        if (parsed.AddressFamily == AddressFamily.InterNetwork && !IsDottedQuad(text)) return false;
        address = parsed;
        return true;
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
