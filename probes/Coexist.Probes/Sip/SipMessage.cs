using System.Text;

namespace Coexist.Probes.Sip;

/// <summary>
/// A SIP request or response (RFC 3261 §7): start line, header fields in order, body. The header fields a probe
/// judges are read when the message is made, so a message that exists has a valid Via list, From, To, Call-ID
/// and CSeq, and its typed properties never throw. Everything else stays as text in <see cref="Headers"/>.
/// </summary>
public abstract class SipMessage
{
    private byte[]? _encoded;

    private protected SipMessage(IReadOnlyList<SipHeader> headers, ReadOnlyMemory<byte> body, IReadOnlyList<int>? positions, string? requestMethod)
    {
        Headers = headers;
        Body = body;
        var vias = new List<SipVia>();
        var contacts = new List<SipNameAddress>();
        var routes = new List<SipNameAddress>();
        var recordRoutes = new List<SipNameAddress>();
        SipNameAddress? from = null, to = null;
        string? callId = null;
        SipCSeq? cseq = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var at = positions?[i] ?? -1;
            CheckField(header, at);
            if (IsSingleValued(header.Name) && !seen.Add(header.Name))
                throw new SipFormatException(SipFormatError.DuplicateHeader, at, $"{header.Name} appears more than once");
            switch (header.Name)
            {
                case SipHeaderNames.Via:
                    vias.AddRange(SipVia.ParseList(header.Value, at));
                    break;
                case SipHeaderNames.From:
                    from = SipNameAddress.Parse(header.Value, at);
                    break;
                case SipHeaderNames.To:
                    to = SipNameAddress.Parse(header.Value, at);
                    break;
                case SipHeaderNames.CallId:
                    if (!IsCallId(header.Value))
                        throw new SipFormatException(SipFormatError.InvalidCallId, at, $"Call-ID '{header.Value}' is not word[@word]");
                    callId = header.Value;
                    break;
                case SipHeaderNames.CSeq:
                    cseq = SipCSeq.Parse(header.Value, at);
                    break;
                case SipHeaderNames.MaxForwards:
                    MaxForwards = SipText.TryParseDigits(header.Value, SipLimits.MaxMaxForwards, out var hops)
                        ? (int)hops
                        : throw new SipFormatException(SipFormatError.InvalidMaxForwards, at, $"Max-Forwards '{header.Value}' is not an integer from 0 to 255");
                    break;
                case SipHeaderNames.Contact:
                    if (header.Value == "*") IsWildcardContact = true;
                    else if (SipText.SplitTopLevel(header.Value, ',', SipFormatError.InvalidNameAddress, at, "Contact").Contains("*"))
                        throw new SipFormatException(SipFormatError.InvalidNameAddress, at, "Contact '*' cannot be combined with addresses");
                    else contacts.AddRange(ParseNameAddressList(header.Value, at));
                    break;
                case SipHeaderNames.Route:
                    routes.AddRange(ParseNameAddressList(header.Value, at));
                    break;
                case SipHeaderNames.RecordRoute:
                    recordRoutes.AddRange(ParseNameAddressList(header.Value, at));
                    break;
                case SipHeaderNames.ContentLength:
                    if (!SipText.IsDigits(header.Value))
                        throw new SipFormatException(SipFormatError.InvalidContentLength, at, $"Content-Length '{header.Value}' is not a decimal number");
                    break;
                case SipHeaderNames.ContentType:
                    ContentType = header.Value;
                    break;
            }
        }
        if (IsWildcardContact && contacts.Count > 0)
            throw new SipFormatException(SipFormatError.InvalidNameAddress, positions is null ? -1 : 0, "Contact '*' cannot be combined with addresses");

        var missing = positions is null ? -1 : 0;
        if (vias.Count == 0) throw Missing(SipHeaderNames.Via, missing);
        Vias = vias;
        From = from ?? throw Missing(SipHeaderNames.From, missing);
        To = to ?? throw Missing(SipHeaderNames.To, missing);
        CallId = callId ?? throw Missing(SipHeaderNames.CallId, missing);
        CSeq = cseq ?? throw Missing(SipHeaderNames.CSeq, missing);
        if (requestMethod is not null)
        {
            if (MaxForwards is null) throw Missing(SipHeaderNames.MaxForwards, missing);
            if (!string.Equals(CSeq.Method, requestMethod, StringComparison.Ordinal))
                throw new SipFormatException(SipFormatError.CSeqMethodMismatch, missing, $"CSeq method {CSeq.Method} is not the request method {requestMethod}");
        }
        Contacts = contacts;
        Routes = routes;
        RecordRoutes = recordRoutes;
    }

    /// <summary>Header fields in order, names in their long form.</summary>
    public IReadOnlyList<SipHeader> Headers { get; }

    /// <summary>The body: exactly Content-Length octets, or the rest of a datagram that had no Content-Length.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Every Via value, top first, across separate fields and comma-separated values.</summary>
    public IReadOnlyList<SipVia> Vias { get; }

    public SipVia TopVia => Vias[0];

    public SipNameAddress From { get; }

    public SipNameAddress To { get; }

    public string CallId { get; }

    public SipCSeq CSeq { get; }

    /// <summary>Required in requests; null when a response has none.</summary>
    public int? MaxForwards { get; }

    /// <summary>Every Contact address, in order; empty for <c>Contact: *</c>.</summary>
    public IReadOnlyList<SipNameAddress> Contacts { get; }

    /// <summary>Whether the message carried <c>Contact: *</c> (REGISTER removing every binding).</summary>
    public bool IsWildcardContact { get; }

    public IReadOnlyList<SipNameAddress> Routes { get; }

    public IReadOnlyList<SipNameAddress> RecordRoutes { get; }

    public string? ContentType { get; }

    /// <summary>Whether Content-Type names application/sdp (parameters and case ignored).</summary>
    public bool HasSdpBody => !Body.IsEmpty && ContentType is { } type &&
        string.Equals(type.Split(';')[0].Trim(), "application/sdp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first line without its CRLF.</summary>
    public abstract string StartLine { get; }

    /// <summary>The octets <see cref="Encode"/> writes.</summary>
    public int EncodedLength => EncodedBytes().Length;

    /// <summary>The value of the first field called <paramref name="name"/> (long or compact form, any case), or null.</summary>
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Is(name))?.Value;

    /// <summary>The values of every field called <paramref name="name"/>, in order.</summary>
    public IEnumerable<string> HeaderValues(string name) => Headers.Where(h => h.Is(name)).Select(h => h.Value);

    /// <summary>The SDP body, or null when the body is empty or not application/sdp; malformed SDP throws <see cref="SipFormatException"/>.</summary>
    public SdpSession? ReadSdp() => HasSdpBody ? SdpSession.Parse(Body.Span) : null;

    /// <summary>
    /// The message on the wire: start line, fields in order under their long names, Content-Length set to the
    /// body's length (in place of the field that was there, or last), the empty line, the body.
    /// </summary>
    public byte[] Encode() => (byte[])EncodedBytes().Clone();

    public override string ToString() => Encoding.UTF8.GetString(EncodedBytes());

    /// <summary>Reads one message from one UDP datagram (RFC 3261 §18.3): without Content-Length the body is the rest of the datagram.</summary>
    public static SipMessage ParseDatagram(ReadOnlySpan<byte> datagram, SipReadLimits? limits = null) =>
        SipMessageParser.ParseDatagram(datagram, limits ?? SipReadLimits.Default);

    private byte[] EncodedBytes() => _encoded ??= SipMessageWriter.Write(this);

    private static bool IsSingleValued(string name) => name is SipHeaderNames.From or SipHeaderNames.To or SipHeaderNames.CallId
        or SipHeaderNames.CSeq or SipHeaderNames.MaxForwards or SipHeaderNames.ContentLength or SipHeaderNames.ContentType;

    // callid = word ["@" word] (RFC 3261 §25.1); '@' is not a word character, so there is at most one.
    private static bool IsCallId(string value) => value.IndexOf('@') is var at and >= 0
        ? SipText.IsWord(value.AsSpan(0, at)) && SipText.IsWord(value.AsSpan(at + 1))
        : SipText.IsWord(value);

    private static List<SipNameAddress> ParseNameAddressList(string value, int position) =>
        SipText.SplitTopLevel(value, ',', SipFormatError.InvalidNameAddress, position, "address list")
            .Select(piece => SipNameAddress.Parse(piece, position))
            .ToList();

    // A field built in code must be as clean as one read from the wire, or encoding it would make a different message.
    private static void CheckField(SipHeader header, int position)
    {
        if (!SipText.IsToken(header.Name)) throw new SipFormatException(SipFormatError.InvalidHeaderName, position, $"header name '{header.Name}' is not a token");
        foreach (var c in header.Value)
        {
            if (c == '\0') throw new SipFormatException(SipFormatError.NulByte, position, $"NUL in {header.Name}");
            if ((c < ' ' && c != '\t') || c == '\x7F') throw new SipFormatException(SipFormatError.ControlCharacter, position, $"control character U+{(int)c:X4} in {header.Name}");
        }
        if (header.Value.Length > 0 && (SipText.IsWhitespace(header.Value[0]) || SipText.IsWhitespace(header.Value[^1])))
            throw new SipFormatException(SipFormatError.ControlCharacter, position, $"{header.Name} value has leading or trailing white space");
    }

    private static SipFormatException Missing(string name, int position) =>
        new(SipFormatError.MissingHeader, position, $"the message has no {name} header (RFC 3261 §8.1.1)");
}
