using System.Net;
using System.Text;

namespace Coexist.Probes.Sip;

/// <summary>
/// A URI as SIP carries it (RFC 3261 §19.1). sip: and sips: URIs are read into user, host, port, parameters and
/// headers; any other scheme (tel:, urn:, ...) is kept whole in <see cref="Opaque"/> with a null <see cref="Host"/>.
/// </summary>
public sealed record SipUri
{
    /// <summary>The scheme in lower case: "sip", "sips", "tel", ...</summary>
    public required string Scheme { get; init; }

    /// <summary>user[:password] as written (still %-escaped), or null.</summary>
    public string? UserInfo { get; init; }

    public SipHost? Host { get; init; }

    public int? Port { get; init; }

    public SipParameters Parameters { get; init; } = SipParameters.Empty;

    /// <summary>The <c>?hname=hvalue&amp;...</c> part without the '?', as written, or null.</summary>
    public string? Headers { get; init; }

    /// <summary>Everything after "scheme:" for a scheme other than sip/sips; null for SIP URIs.</summary>
    public string? Opaque { get; init; }

    public bool IsSip => Scheme is "sip" or "sips";

    /// <summary>The user part, without a password.</summary>
    public string? User => UserInfo is { } info && info.IndexOf(':') is var colon and >= 0 ? info[..colon] : UserInfo;

    /// <summary>The <c>transport</c> URI parameter, if any.</summary>
    public string? Transport => Parameters.Value("transport");

    /// <summary>A sip: URI for <paramref name="host"/>, with <c>;transport=</c> for anything but UDP (RFC 3261 §19.1.1).</summary>
    public static SipUri ForHost(SipHost host, int? port = null, string? user = null, SipTransport transport = SipTransport.Udp)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new SipUri
        {
            Scheme = transport == SipTransport.Tls ? "sips" : "sip",
            UserInfo = user,
            Host = host.IsIPv6 && !host.Bracketed ? SipHost.FromAddress(host.Address!) : host,
            Port = port,
            Parameters = transport is SipTransport.Udp or SipTransport.Tls
                ? SipParameters.Empty
                : new SipParameters([new SipParameter("transport", transport.WireName().ToLowerInvariant())]),
        };
    }

    /// <summary>A sip: URI for an address and port (IPv6 bracketed).</summary>
    public static SipUri ForEndPoint(IPEndPoint endPoint, SipTransport transport = SipTransport.Udp, string? user = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return ForHost(SipHost.FromAddress(endPoint.Address), endPoint.Port, user, transport);
    }

    public static SipUri Parse(string text) => Parse(text, -1);

    public static bool TryParse(string text, out SipUri? uri)
    {
        try
        {
            uri = Parse(text, -1);
            return true;
        }
        catch (SipFormatException)
        {
            uri = null;
            return false;
        }
    }

    public override string ToString()
    {
        if (!IsSip) return $"{Scheme}:{Opaque}";
        var text = new StringBuilder(Scheme).Append(':');
        if (UserInfo is not null) text.Append(UserInfo).Append('@');
        if (Host is not null) text.Append(Host);
        if (Port is { } port) text.Append(':').Append(SipText.Invariant(port));
        text.Append(Parameters);
        if (Headers is not null) text.Append('?').Append(Headers);
        return text.ToString();
    }

    internal static SipUri Parse(string text, int position)
    {
        if (SipText.ContainsWhitespaceOrControl(text) || text.IndexOfAny(['<', '>', '"']) >= 0)
            throw new SipFormatException(SipFormatError.InvalidUri, position, $"URI '{text}' contains white space, a control character, '<', '>' or '\"'");
        var colon = text.IndexOf(':');
        if (colon <= 0 || !IsScheme(text.AsSpan(0, colon)))
            throw new SipFormatException(SipFormatError.InvalidUri, position, $"'{text}' has no URI scheme");
        var scheme = text[..colon].ToLowerInvariant();
        var rest = text[(colon + 1)..];
        if (rest.Length == 0) throw new SipFormatException(SipFormatError.InvalidUri, position, $"'{text}' has nothing after its scheme");
        if (scheme is not ("sip" or "sips")) return new SipUri { Scheme = scheme, Opaque = rest };

        // The user part may hold ';', '?', ':' and '/' (user-unreserved), but never an unescaped '@', so the first
        // '@' ends it (RFC 3261 §25.1; RFC 4475 §3.1.1.2 and §3.1.1.10 test this).
        string? userInfo = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            userInfo = rest[..at];
            if (userInfo.Length == 0) throw new SipFormatException(SipFormatError.InvalidUri, position, $"'{text}' has an empty user part");
            rest = rest[(at + 1)..];
        }

        string? headers = null;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            headers = rest[(question + 1)..];
            rest = rest[..question];
        }
        var semicolon = rest.IndexOf(';');
        var hostPort = semicolon < 0 ? rest : rest[..semicolon];
        var parameters = semicolon < 0 ? SipParameters.Empty : SipParameters.ParseUriParameters(rest[(semicolon + 1)..], position);
        if (hostPort.Length == 0) throw new SipFormatException(SipFormatError.InvalidUri, position, $"'{text}' has no host");
        var (host, port) = SipHost.ParseHostPort(hostPort, position);
        return new SipUri { Scheme = scheme, UserInfo = userInfo, Host = host, Port = port, Parameters = parameters, Headers = headers };
    }

    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )  (RFC 3986 §3.1)
    private static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (!char.IsAsciiLetter(text[0])) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false;
        }
        return true;
    }
}
