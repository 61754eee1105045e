using System.Text;
using System.Text.Unicode;

namespace Coexist.Probes.Sip;

/// <summary>
/// Reads messages from octets. The header section is checked octet by octet first (NUL, controls, bare CR or
/// LF, UTF-8), then split into lines, then the start line and fields are read; every fault is one
/// <see cref="SipFormatException"/> with the octet position of the line that holds it.
/// </summary>
internal static class SipMessageParser
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    private static ReadOnlySpan<byte> EmptyLine => "\r\n\r\n"u8;

    /// <summary>The start line and fields of one message, read before its body so that a stream reader knows how much body to wait for.</summary>
    internal sealed class HeaderSection
    {
        public required string? Method { get; init; }

        public required SipUri? RequestUri { get; init; }

        public required int StatusCode { get; init; }

        public required string ReasonPhrase { get; init; }

        public required List<SipHeader> Headers { get; init; }

        public required List<int> Positions { get; init; }

        /// <summary>Octets from the start line through the empty line.</summary>
        public required int Length { get; init; }
    }

    public static SipMessage ParseDatagram(ReadOnlySpan<byte> data, SipReadLimits limits)
    {
        var start = SkipLeadingCrlfs(data);
        if (start >= data.Length) throw new SipFormatException(SipFormatError.Empty, 0, "the datagram holds no SIP message");
        var rest = data[start..];
        var end = rest.IndexOf(EmptyLine);
        if (end < 0)
        {
            if (rest.Length > limits.MaxHeaderSectionBytes) throw TooLarge(start, limits);
            throw new SipFormatException(SipFormatError.UnterminatedHeaderSection, data.Length, "the header section does not end with an empty line");
        }
        var section = ReadHeaderSection(rest[..(end + EmptyLine.Length)], start, limits);
        var available = rest.Length - section.Length;
        // RFC 3261 §18.3: over UDP a missing Content-Length means the body runs to the end of the datagram, a
        // larger one means the message is truncated, and octets past a smaller one are discarded.
        var length = ContentLength(section, limits) ?? available;
        if (length > available)
            throw new SipFormatException(SipFormatError.BodyTruncated, start + section.Length, $"Content-Length is {length} but the datagram holds {available} body octets");
        return Build(section, rest.Slice(section.Length, length).ToArray());
    }

    /// <summary>The number of CRLF octets before a message: RFC 3261 §7.5 lets them precede the start line, and RFC 5626 keep-alives are CRLFs.</summary>
    internal static int SkipLeadingCrlfs(ReadOnlySpan<byte> data)
    {
        var at = 0;
        while (at + 1 < data.Length && data[at] == '\r' && data[at + 1] == '\n') at += 2;
        return at;
    }

    /// <summary>Reads a header section: <paramref name="section"/> runs from the start line through CRLF CRLF; <paramref name="offset"/> is where it sits in the input.</summary>
    internal static HeaderSection ReadHeaderSection(ReadOnlySpan<byte> section, int offset, SipReadLimits limits)
    {
        if (section.Length > limits.MaxHeaderSectionBytes) throw TooLarge(offset, limits);
        CheckOctets(section, offset);

        // Every line, the last field's included, ends in CRLF; the section's final CRLF is the empty line.
        var lines = section[..^Crlf.Length];
        var lineEnd = lines.IndexOf(Crlf);
        var startLine = Encoding.UTF8.GetString(lines[..lineEnd]);
        if (startLine.Length == 0 || SipText.IsWhitespace(startLine[0]))
            throw new SipFormatException(SipFormatError.InvalidStartLine, offset, "the start line is empty or begins with white space");
        var (method, uri, status, reason) = ReadStartLine(startLine, offset);

        var headers = new List<SipHeader>();
        var positions = new List<int>();
        string? name = null;
        var value = new StringBuilder();
        var at = lineEnd + Crlf.Length;
        while (at < lines.Length)
        {
            var length = lines[at..].IndexOf(Crlf);
            var line = Encoding.UTF8.GetString(lines.Slice(at, length));
            var position = offset + at;
            if (SipText.IsWhitespace(line[0]))
            {
                // RFC 3261 §7.3.1: a line starting with white space continues the field above; the folding is one SP.
                if (name is null) throw new SipFormatException(SipFormatError.FoldingBeforeFirstHeader, position, "a continuation line comes before any header field");
                var more = SipText.TrimWhitespace(line);
                if (more.Length > 0) value.Append(value.Length > 0 ? " " : "").Append(more);
            }
            else
            {
                if (name is not null) headers.Add(new SipHeader(name, value.ToString()));
                var colon = line.IndexOf(':');
                if (colon < 0) throw new SipFormatException(SipFormatError.HeaderWithoutColon, position, $"header line '{Shorten(line)}' has no colon");
                name = line[..colon].TrimEnd(' ', '\t');
                if (!SipText.IsToken(name)) throw new SipFormatException(SipFormatError.InvalidHeaderName, position, $"header name '{Shorten(name)}' is not a token");
                if (headers.Count >= limits.MaxHeaders) throw new SipFormatException(SipFormatError.TooManyHeaders, position, $"more than {limits.MaxHeaders} header fields");
                positions.Add(position);
                value.Clear().Append(SipText.TrimWhitespace(line[(colon + 1)..]));
            }
            at += length + Crlf.Length;
        }
        if (name is not null) headers.Add(new SipHeader(name, value.ToString()));
        return new HeaderSection
        {
            Method = method,
            RequestUri = uri,
            StatusCode = status,
            ReasonPhrase = reason,
            Headers = headers,
            Positions = positions,
            Length = section.Length,
        };
    }

    /// <summary>The Content-Length the fields announce, or null without one.</summary>
    internal static int? ContentLength(HeaderSection section, SipReadLimits limits)
    {
        int? length = null;
        for (var i = 0; i < section.Headers.Count; i++)
        {
            var header = section.Headers[i];
            if (header.Name != SipHeaderNames.ContentLength) continue;
            var position = section.Positions[i];
            if (length is not null) throw new SipFormatException(SipFormatError.DuplicateHeader, position, "Content-Length appears more than once");
            if (!SipText.IsDigits(header.Value))
                throw new SipFormatException(SipFormatError.InvalidContentLength, position, $"Content-Length '{Shorten(header.Value)}' is not a non-negative decimal number");
            if (!SipText.TryParseDigits(header.Value, limits.MaxBodyBytes, out var value))
                throw new SipFormatException(SipFormatError.ContentLengthTooLarge, position, $"Content-Length {Shorten(header.Value)} is over the limit of {limits.MaxBodyBytes} octets");
            length = (int)value;
        }
        return length;
    }

    internal static SipMessage Build(HeaderSection section, byte[] body) => section.Method is { } method
        ? new SipRequest(method, section.RequestUri!, section.Headers, body, section.Positions)
        : new SipResponse(section.StatusCode, section.ReasonPhrase, section.Headers, body, section.Positions);

    internal static SipFormatException TooLarge(int position, SipReadLimits limits) =>
        new(SipFormatError.HeaderSectionTooLarge, position, $"the header section is longer than {limits.MaxHeaderSectionBytes} octets");

    private static (string? Method, SipUri? Uri, int Status, string Reason) ReadStartLine(string line, int position)
    {
        if (line.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.2).
            var firstSpace = line.IndexOf(' ');
            var version = firstSpace < 0 ? line : line[..firstSpace];
            CheckVersion(version, position);
            if (firstSpace < 0) throw new SipFormatException(SipFormatError.InvalidStatusCode, position, $"status line '{Shorten(line)}' has no status code");
            var rest = line[(firstSpace + 1)..];
            var secondSpace = rest.IndexOf(' ');
            var code = secondSpace < 0 ? rest : rest[..secondSpace];
            if (code.Length != 3 || !SipText.TryParseDigits(code, 999, out var status) || status is < 100 or > 699)
                throw new SipFormatException(SipFormatError.InvalidStatusCode, position, $"status code '{Shorten(code)}' is not three digits from 100 to 699");
            return (null, null, (int)status, secondSpace < 0 ? "" : rest[(secondSpace + 1)..]);
        }

        if (LooksLikeHeaderField(line)) throw new SipFormatException(SipFormatError.MissingStartLine, position, $"the message starts with a header field, '{Shorten(line)}'");
        // Request-Line = Method SP Request-URI SP SIP-Version: exactly one SP each (RFC 4475 §3.1.2.11, §3.1.2.13).
        var parts = line.Split(' ');
        if (parts.Length != 3) throw new SipFormatException(SipFormatError.InvalidStartLine, position, $"request line '{Shorten(line)}' is not 'Method SP Request-URI SP SIP/2.0'");
        if (!SipText.IsToken(parts[0])) throw new SipFormatException(SipFormatError.InvalidMethod, position, $"method '{Shorten(parts[0])}' is not a token");
        CheckVersion(parts[2], position);
        return (parts[0], SipUri.Parse(parts[1], position), 0, "");
    }

    private static void CheckVersion(string version, int position)
    {
        if (!string.Equals(version, "SIP/2.0", StringComparison.OrdinalIgnoreCase))
            throw new SipFormatException(SipFormatError.UnsupportedVersion, position, $"version '{Shorten(version)}' is not SIP/2.0");
    }

    // "Via: ..." or "Via  : ...": a token, optional white space, a colon.
    private static bool LooksLikeHeaderField(string line)
    {
        var at = 0;
        while (at < line.Length && SipText.IsTokenChar(line[at])) at++;
        if (at == 0) return false;
        while (at < line.Length && SipText.IsWhitespace(line[at])) at++;
        return at < line.Length && line[at] == ':';
    }

    private static void CheckOctets(ReadOnlySpan<byte> section, int offset)
    {
        for (var i = 0; i < section.Length; i++)
        {
            var octet = section[i];
            switch (octet)
            {
                case 0:
                    throw new SipFormatException(SipFormatError.NulByte, offset + i, "NUL in the header section");
                case (byte)'\r':
                    if (i + 1 >= section.Length || section[i + 1] != '\n') throw new SipFormatException(SipFormatError.InvalidLineEnding, offset + i, "CR without LF");
                    i++;
                    break;
                case (byte)'\n':
                    throw new SipFormatException(SipFormatError.InvalidLineEnding, offset + i, "LF without CR");
                case (byte)'\t':
                    break;
                case < 0x20 or 0x7F:
                    throw new SipFormatException(SipFormatError.ControlCharacter, offset + i, $"control character 0x{octet:X2} in the header section");
            }
        }
        if (!Utf8.IsValid(section))
        {
            Span<char> scratch = stackalloc char[256];
            var at = 0;
            while (at < section.Length)
            {
                var status = Utf8.ToUtf16(section[at..], scratch, out var read, out _, replaceInvalidSequences: false);
                at += read;
                if (status != System.Buffers.OperationStatus.DestinationTooSmall) break;
            }
            throw new SipFormatException(SipFormatError.InvalidUtf8, offset + at, "the header section is not UTF-8");
        }
    }

    // Messages echo bits of hostile input; a bound keeps an error message readable.
    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
