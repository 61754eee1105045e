using System.Runtime.CompilerServices;

namespace Coexist.Analyzers;

/// <summary>What kind of IPv4 address a literal names; the kind decides which rule reports it.</summary>
internal enum IPv4LiteralKind
{
    /// <summary>An ordinary unicast or network address (COEX1001).</summary>
    Ordinary,
    /// <summary>RFC 5737 documentation ranges: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (COEX1001, optional).</summary>
    Documentation,
    /// <summary>127.0.0.0/8: IPv4 loopback, which IPv6-only hosts reach as ::1 (COEX1002).</summary>
    Loopback,
    /// <summary>0.0.0.0: the IPv4 wildcard, whose IPv6 peer is :: (COEX1002).</summary>
    Unspecified,
    /// <summary>255.255.255.255: limited broadcast, which IPv6 does not have (COEX1002).</summary>
    Broadcast,
}

internal readonly struct IPv4TextMatch(int start, int length, string text, IPv4LiteralKind kind)
{
    /// <summary>Offset of the address in the scanned text.</summary>
    public int Start { get; } = start;
    /// <summary>Length of the address, with its /prefix when written as CIDR.</summary>
    public int Length { get; } = length;
    public string Text { get; } = text;
    public IPv4LiteralKind Kind { get; } = kind;
}

/// <summary>
/// Finds dotted-quad IPv4 addresses inside string text: alone, in URLs, in <c>host:port</c>
/// and in CIDR notation. Pure text work, so it is cheap and testable on its own.
/// </summary>
/// <remarks>
/// Not addresses, and so never matched: longer dotted runs (OIDs such as 1.3.6.1.4.1, versions
/// such as 1.2.3.4.5), quads glued to letters (v1.2.3.4, build1.2.3.4), quads after the word
/// "version", the well-known OID arcs 2.5.x.x (X.500) and 1.3.6.1 (internet), and the IPv4 tail of an
/// IPv6 text such as ::ffff:192.0.2.1.
/// </remarks>
internal static class IPv4TextScanner
{
    [MethodImpl(HotLoops.OptimizeAtOnce)]
    public static bool MayContainAddress(string text)
    {
        // Cheapest possible pre-filter: "0.0.0.0" is the shortest address.
        if (text.Length < 7) return false;
        var dots = 0;
        foreach (var c in text)
        {
            if (c == '.' && ++dots >= 3) return true;
        }
        return false;
    }

    [MethodImpl(HotLoops.OptimizeAtOnce)]
    public static List<IPv4TextMatch>? Find(string text)
    {
        if (!MayContainAddress(text)) return null;
        List<IPv4TextMatch>? matches = null;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsDigit(text[i]) || (i > 0 && IsGlue(text[i - 1])))
            {
                i++;
                continue;
            }
            var end = TryReadQuad(text, i, out var octets);
            if (end < 0)
            {
                // Skip the whole dotted run so that its inner digits are not taken for a new start.
                i = SkipRun(text, i);
                continue;
            }
            if (!IsEmbeddedInIPv6(text, i) && !FollowsVersionWord(text, i) && !IsWellKnownOid(octets))
            {
                var length = end - i;
                var withPrefix = ReadCidrSuffix(text, end);
                length += withPrefix;
                matches ??= [];
                matches.Add(new IPv4TextMatch(i, length, text.Substring(i, length), Classify(octets)));
            }
            i = SkipRun(text, i);
        }
        return matches;
    }

    /// <summary>Reads a dotted quad at <paramref name="start"/>; returns its end, or -1 when there is none.</summary>
    [MethodImpl(HotLoops.OptimizeAtOnce)]
    private static int TryReadQuad(string text, int start, out int[] octets)
    {
        octets = new int[4];
        var i = start;
        for (var part = 0; part < 4; part++)
        {
            var digits = 0;
            var value = 0;
            while (i < text.Length && IsDigit(text[i]))
            {
                if (++digits > 3) return -1;
                value = value * 10 + (text[i] - '0');
                i++;
            }
            if (digits == 0 || value > 255) return -1;
            octets[part] = value;
            if (part < 3)
            {
                if (i >= text.Length || text[i] != '.') return -1;
                i++;
            }
        }
        // A fifth part (1.2.3.4.5) or a glued letter (1.2.3.4a) means this is not an address.
        if (i < text.Length && (IsGlue(text[i]) && text[i] != '.')) return -1;
        if (i + 1 < text.Length && text[i] == '.' && IsDigit(text[i + 1])) return -1;
        return i;
    }

    private static int ReadCidrSuffix(string text, int end)
    {
        if (end + 1 >= text.Length || text[end] != '/' || !IsDigit(text[end + 1])) return 0;
        var i = end + 1;
        var value = 0;
        while (i < text.Length && IsDigit(text[i]) && i - end <= 2)
        {
            value = value * 10 + (text[i] - '0');
            i++;
        }
        if (value > 32 || (i < text.Length && IsGlue(text[i]))) return 0;
        return i - end;
    }

    [MethodImpl(HotLoops.OptimizeAtOnce)]
    private static int SkipRun(string text, int i)
    {
        while (i < text.Length && (IsDigit(text[i]) || text[i] == '.')) i++;
        return i;
    }

    private static IPv4LiteralKind Classify(int[] o)
    {
        if (o[0] == 127) return IPv4LiteralKind.Loopback;
        if (o[0] == 0 && o[1] == 0 && o[2] == 0 && o[3] == 0) return IPv4LiteralKind.Unspecified;
        if (o[0] == 255 && o[1] == 255 && o[2] == 255 && o[3] == 255) return IPv4LiteralKind.Broadcast;
        if ((o[0] == 192 && o[1] == 0 && o[2] == 2) || (o[0] == 198 && o[1] == 51 && o[2] == 100) || (o[0] == 203 && o[1] == 0 && o[2] == 113))
            return IPv4LiteralKind.Documentation;
        return IPv4LiteralKind.Ordinary;
    }

    // 2.5.x.x is the X.500 attribute arc (2.5.4.3 is commonName) and 1.3.6.1 the internet arc.
    private static bool IsWellKnownOid(int[] o) =>
        (o[0] == 2 && o[1] == 5) || (o[0] == 1 && o[1] == 3 && o[2] == 6 && o[3] == 1);

    /// <summary>True for the IPv4 tail of an IPv6 text such as <c>::ffff:192.0.2.1</c> or <c>64:ff9b::192.0.2.1</c>.</summary>
    private static bool IsEmbeddedInIPv6(string text, int start)
    {
        if (start == 0 || text[start - 1] != ':') return false;
        var colons = 0;
        for (var i = start - 1; i >= 0 && (text[i] == ':' || IsHex(text[i])); i--)
        {
            if (text[i] == ':') colons++;
        }
        return colons >= 2;
    }

    /// <summary>True after "version", "Version=", "version:" and the like, where a quad is a version number.</summary>
    private static bool FollowsVersionWord(string text, int start)
    {
        var i = start - 1;
        while (i >= 0 && (text[i] == ' ' || text[i] == '=' || text[i] == ':' || text[i] == '\t')) i--;
        var wordEnd = i + 1;
        while (i >= 0 && char.IsLetter(text[i])) i--;
        var word = text.Substring(i + 1, wordEnd - i - 1);
        return word.EndsWith("version", StringComparison.OrdinalIgnoreCase) || word.Equals("ver", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool IsHex(char c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    /// <summary>Characters that, touching a quad, make it part of a larger token.</summary>
    private static bool IsGlue(char c) => char.IsLetterOrDigit(c) || c == '.' || c == '_';
}
