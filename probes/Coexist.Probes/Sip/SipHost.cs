using System.Net;
using System.Net.Sockets;
using Coexist.Model;

namespace Coexist.Probes.Sip;

/// <summary>What a host in a SIP URI, a Via sent-by, a received parameter or an SDP address is.</summary>
public enum SipHostKind
{
    /// <summary>A host name (RFC 3261 hostname), resolved through DNS.</summary>
    Name,

    /// <summary>An IPv4 literal in dotted-quad form.</summary>
    IPv4,

    /// <summary>An IPv6 literal, bracketed (an IPv6 reference, RFC 5118) or not.</summary>
    IPv6,
}

/// <summary>
/// A host as it appeared on the wire: its kind, its text (without brackets), whether it was bracketed, and the
/// address of a literal. The reader is tolerant where real servers differ (an unbracketed IPv6 address, as
/// kamailio puts in <c>received</c>, RFC 5118 §4.5), and records how the host was written so that checks can
/// report an unbracketed IPv6 Contact or an IPv4 literal in an IPv6 reply.
/// </summary>
public sealed record SipHost
{
    // "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is the longest IPv6 text form.
    private const int MaxIPv6TextLength = 45;

    // RFC 1035 §2.3.4; a longer name is no host name anyone can resolve.
    private const int MaxNameLength = 255;

    private SipHost(SipHostKind kind, string value, bool bracketed, IPAddress? address)
    {
        Kind = kind;
        Value = value;
        Bracketed = bracketed;
        Address = address;
    }

    public SipHostKind Kind { get; }

    /// <summary>The host as written, without brackets.</summary>
    public string Value { get; }

    /// <summary>Whether an IPv6 literal was written as an IPv6 reference, <c>[2001:db8::1]</c>.</summary>
    public bool Bracketed { get; }

    /// <summary>The address of an IPv4 or IPv6 literal; null for a name.</summary>
    public IPAddress? Address { get; }

    public bool IsIPv6 => Kind == SipHostKind.IPv6;

    public bool IsIPv4 => Kind == SipHostKind.IPv4;

    public bool IsName => Kind == SipHostKind.Name;

    /// <summary>An IPv6 literal without brackets: required in SDP and in RFC 3261's <c>received</c>, wrong in a URI or sent-by (RFC 5118 §4.2).</summary>
    public bool IsUnbracketedIPv6 => Kind == SipHostKind.IPv6 && !Bracketed;

    /// <summary>An IPv4-mapped IPv6 address (<c>::ffff:192.0.2.2</c>, RFC 5118 §4.9): IPv4 traffic in IPv6 clothing.</summary>
    public bool IsIPv4MappedIPv6 => Address is { IsIPv4MappedToIPv6: true };

    /// <summary>The family of a literal; null for a name.</summary>
    public AddressFamily? AddressFamily => Address?.AddressFamily;

    /// <summary>A literal for <paramref name="address"/>; IPv6 is bracketed, as URIs and sent-by need, unless told otherwise (SDP).</summary>
    public static SipHost FromAddress(IPAddress address, bool bracketIPv6 = true)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            return new SipHost(SipHostKind.IPv4, address.ToString(), false, address);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            throw new ArgumentException($"{address.AddressFamily} is not an IP address family", nameof(address));
        // SIP has no syntax for a zone: a link-local address loses its scope here.
        var unscoped = new IPAddress(address.GetAddressBytes());
        return new SipHost(SipHostKind.IPv6, unscoped.ToString(), bracketIPv6, unscoped);
    }

    /// <summary>A host name, checked against RFC 3261's hostname characters.</summary>
    public static SipHost FromName(string name) => Parse(name) is { Kind: SipHostKind.Name } host
        ? host
        : throw new ArgumentException($"'{name}' is an address, not a host name", nameof(name));

    /// <summary>Reads a host: <c>[2001:db8::1]</c>, <c>2001:db8::1</c>, <c>192.0.2.1</c> or a host name.</summary>
    public static SipHost Parse(string text) => Parse(text, -1);

    public static bool TryParse(string text, out SipHost? host)
    {
        try
        {
            host = Parse(text, -1);
            return true;
        }
        catch (SipFormatException)
        {
            host = null;
            return false;
        }
    }

    /// <summary>The host as it appeared: bracketed exactly when it was.</summary>
    public override string ToString() => Bracketed ? $"[{Value}]" : Value;

    /// <summary>The host as a URI or sent-by needs it: IPv6 always bracketed (RFC 3261 §25.1, RFC 5118).</summary>
    public string ToUriString() => IsIPv6 ? $"[{Value}]" : Value;

    /// <summary>Whether two hosts name the same thing: equal addresses, or names equal ignoring case.</summary>
    public bool SameAs(SipHost other) => Address is not null
        ? Address.Equals(other.Address)
        : other.Address is null && string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    internal static SipHost Parse(string text, int position)
    {
        if (text.Length == 0) throw new SipFormatException(SipFormatError.InvalidHost, position, "empty host");
        if (text[0] == '[')
        {
            if (text[^1] != ']') throw new SipFormatException(SipFormatError.InvalidIPv6Reference, position, $"'{text}' opens '[' without closing it");
            var inner = text[1..^1];
            var address = ParseIPv6(inner) ?? throw new SipFormatException(SipFormatError.InvalidIPv6Reference, position, $"'{text}' is not an IPv6 reference");
            return new SipHost(SipHostKind.IPv6, inner, true, address);
        }
        if (text.Contains('[') || text.Contains(']'))
            throw new SipFormatException(SipFormatError.InvalidIPv6Reference, position, $"'{text}' has unbalanced brackets");
        if (text.Contains(':'))
        {
            var address = ParseIPv6(text) ?? throw new SipFormatException(SipFormatError.InvalidIPv6Reference, position, $"'{text}' is not an IPv6 address");
            return new SipHost(SipHostKind.IPv6, text, false, address);
        }
        if (IsDigitsAndDots(text))
        {
            // RFC 3261 toplabel starts with a letter, so digits and dots can only be a dotted quad.
            if (!IPText.TryParse(text, out var v4)) throw new SipFormatException(SipFormatError.InvalidHost, position, $"'{text}' is not an IPv4 address");
            return new SipHost(SipHostKind.IPv4, text, false, v4);
        }
        if (!IsHostName(text)) throw new SipFormatException(SipFormatError.InvalidHost, position, $"'{text}' is not a host name");
        return new SipHost(SipHostKind.Name, text, false, null);
    }

    /// <summary>
    /// Reads <c>host [":" port]</c>. A bracketed IPv6 reference may carry a port; text with two or more colons
    /// and no brackets is read as an unbracketed IPv6 address without a port, since a port could not be told
    /// from the address (RFC 5118 §4.3).
    /// </summary>
    internal static (SipHost Host, int? Port) ParseHostPort(string text, int position)
    {
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) throw new SipFormatException(SipFormatError.InvalidIPv6Reference, position, $"'{text}' opens '[' without closing it");
            var host = Parse(text[..(close + 1)], position);
            var rest = text[(close + 1)..];
            if (rest.Length == 0) return (host, null);
            if (rest[0] != ':') throw new SipFormatException(SipFormatError.InvalidHost, position, $"'{rest}' follows the IPv6 reference in '{text}'");
            return (host, ParsePort(rest[1..], position));
        }
        var colon = text.IndexOf(':');
        if (colon >= 0 && text.IndexOf(':', colon + 1) < 0)
            return (Parse(text[..colon], position), ParsePort(text[(colon + 1)..], position));
        return (Parse(text, position), null);
    }

    internal static int ParsePort(string text, int position) =>
        SipText.TryParseDigits(text, ushort.MaxValue, out var port) && port > 0
            ? (int)port
            : throw new SipFormatException(SipFormatError.InvalidPort, position, $"'{text}' is not a port from 1 to 65535");

    private static IPAddress? ParseIPv6(string text)
    {
        // IPAddress.TryParse also takes brackets, zones and surrounding space; an IPv6 literal in SIP has none.
        if (text.Length is < 2 or > MaxIPv6TextLength) return null;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c) && c is not (':' or '.')) return null;
        }
        return IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? address : null;
    }

    private static bool IsDigitsAndDots(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c != '.') return false;
        }
        return true;
    }

    // hostname = *(domainlabel ".") toplabel ["."], labels of letters, digits and inner hyphens. Underscores are
    // tolerated because real deployments use them in internal names.
    private static bool IsHostName(string text)
    {
        if (text.Length > MaxNameLength) return false;
        var name = text.EndsWith('.') ? text[..^1] : text;
        if (name.Length == 0) return false;
        foreach (var label in name.Split('.'))
        {
            if (label.Length == 0 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_')) return false;
            }
        }
        return true;
    }
}
