using System.Text;

namespace Coexist.Probes.Sip;

/// <summary>
/// One Via value (RFC 3261 §20.42): <c>SIP/2.0/UDP sent-by;branch=...;received=...;rport=...</c>.
/// White space may surround the slashes and semicolons (RFC 4475 §3.1.1.1).
/// </summary>
public sealed record SipVia(string Transport, SipHost Host, int? Port, SipParameters Parameters)
{
    public string ProtocolName { get; init; } = "SIP";

    public string ProtocolVersion { get; init; } = "2.0";

    public string? Branch => Parameters.Value("branch");

    /// <summary>Whether the branch starts with <see cref="SipLimits.BranchMagicCookie"/> (RFC 3261 §8.1.1.7).</summary>
    public bool HasMagicCookie => Branch?.StartsWith(SipLimits.BranchMagicCookie, StringComparison.Ordinal) == true;

    /// <summary>The <c>received</c> address, bracketed or not (RFC 5118 §4.5 asks readers to accept both).</summary>
    public SipHost? Received => Parameters.Value("received") is { } text && SipHost.TryParse(text, out var host) ? host : null;

    /// <summary>Whether <c>rport</c> is present, with or without a value (RFC 3581).</summary>
    public bool HasRPort => Parameters.Contains("rport");

    /// <summary>The port a server filled into <c>rport=</c> (RFC 3581 §4); null when absent or empty.</summary>
    public int? RPort => Parameters.Value("rport") is { } text && SipText.TryParseDigits(text, ushort.MaxValue, out var port) ? (int)port : null;

    public SipHost? MAddr => Parameters.Value("maddr") is { } text && SipHost.TryParse(text, out var host) ? host : null;

    public override string ToString()
    {
        var text = new StringBuilder().Append(ProtocolName).Append('/').Append(ProtocolVersion).Append('/').Append(Transport).Append(' ');
        text.Append(Host);
        if (Port is { } port) text.Append(':').Append(SipText.Invariant(port));
        return text.Append(Parameters).ToString();
    }

    public static SipVia Parse(string text) => Parse(text, -1);

    /// <summary>Reads every Via value of one header field: values separated by commas (RFC 3261 §7.3.1).</summary>
    internal static IEnumerable<SipVia> ParseList(string text, int position)
    {
        foreach (var piece in SipText.SplitTopLevel(text, ',', SipFormatError.InvalidVia, position, "Via"))
        {
            yield return Parse(piece, position);
        }
    }

    internal static SipVia Parse(string text, int position)
    {
        const SipFormatError error = SipFormatError.InvalidVia;
        var at = 0;
        var name = ReadToken(text, ref at, position, "protocol name");
        ExpectSlash(text, ref at, position);
        var version = ReadToken(text, ref at, position, "protocol version");
        ExpectSlash(text, ref at, position);
        var transport = ReadToken(text, ref at, position, "transport");
        if (at >= text.Length || !SipText.IsWhitespace(text[at]))
            throw new SipFormatException(error, position, $"Via '{text}' needs white space before its sent-by");

        var pieces = SipText.SplitTopLevel(text[at..], ';', error, position, "Via");
        if (pieces[0].Length == 0) throw new SipFormatException(error, position, $"Via '{text}' has no sent-by");
        var (host, port) = SipHost.ParseHostPort(pieces[0], position);
        var parameters = SipParameters.ParseHeaderParameters(pieces.Skip(1), error, position, "Via");
        Check(parameters, text, position);
        return new SipVia(transport.ToUpperInvariant(), host, port, parameters) { ProtocolName = name, ProtocolVersion = version };
    }

    // received = IPv4address / IPv6address (RFC 3261 §20.42), bracketed IPv6 tolerated (RFC 5118 §4.5);
    // rport = empty or a port (RFC 3581); maddr = host; branch = token.
    private static void Check(SipParameters parameters, string text, int position)
    {
        const SipFormatError error = SipFormatError.InvalidVia;
        if (parameters.Find("received") is { } received)
        {
            if (received.Value is null || !SipHost.TryParse(received.Value, out var host) || host!.IsName)
                throw new SipFormatException(error, position, $"Via received '{received.Value}' is not an IP address in '{text}'");
        }
        if (parameters.Value("rport") is { } rport && (!SipText.TryParseDigits(rport, ushort.MaxValue, out var port) || port == 0))
            throw new SipFormatException(error, position, $"Via rport '{rport}' is not a port in '{text}'");
        if (parameters.Find("maddr") is { } maddr && (maddr.Value is null || !SipHost.TryParse(maddr.Value, out _)))
            throw new SipFormatException(error, position, $"Via maddr '{maddr.Value}' is not a host in '{text}'");
        if (parameters.Find("branch") is { } branch && (branch.Value is null || !SipText.IsToken(branch.Value)))
            throw new SipFormatException(error, position, $"Via branch '{branch.Value}' is not a token in '{text}'");
    }

    private static string ReadToken(string text, ref int at, int position, string what)
    {
        while (at < text.Length && SipText.IsWhitespace(text[at])) at++;
        var start = at;
        while (at < text.Length && SipText.IsTokenChar(text[at])) at++;
        if (at == start) throw new SipFormatException(SipFormatError.InvalidVia, position, $"Via '{text}' has no {what}");
        return text[start..at];
    }

    private static void ExpectSlash(string text, ref int at, int position)
    {
        while (at < text.Length && SipText.IsWhitespace(text[at])) at++;
        if (at >= text.Length || text[at] != '/') throw new SipFormatException(SipFormatError.InvalidVia, position, $"Via '{text}' lacks a '/' in its sent-protocol");
        at++;
    }
}
