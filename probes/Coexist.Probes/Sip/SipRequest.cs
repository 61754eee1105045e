namespace Coexist.Probes.Sip;

/// <summary>A SIP request: <c>Method SP Request-URI SP SIP/2.0</c>, header fields, body.</summary>
public sealed class SipRequest : SipMessage
{
    /// <summary>Builds a request; the fields are checked as if read from the wire (<see cref="SipFormatException"/> when wrong).</summary>
    public SipRequest(string method, SipUri requestUri, IEnumerable<SipHeader> headers, ReadOnlyMemory<byte> body = default)
        : this(method, requestUri, [.. headers], body.ToArray(), null)
    {
    }

    internal SipRequest(string method, SipUri requestUri, IReadOnlyList<SipHeader> headers, ReadOnlyMemory<byte> body, IReadOnlyList<int>? positions)
        : base(headers, body, positions, CheckMethod(method, positions is null ? -1 : 0))
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>The method, case-sensitive (RFC 3261 §7.1): INVITE, OPTIONS, ...</summary>
    public string Method { get; }

    public SipUri RequestUri { get; }

    public override string StartLine => $"{Method} {RequestUri} SIP/2.0";

    private static string CheckMethod(string method, int position) =>
        SipText.IsToken(method) ? method : throw new SipFormatException(SipFormatError.InvalidMethod, position, $"method '{method}' is not a token");
}

/// <summary>A SIP response: <c>SIP/2.0 SP Status-Code SP Reason-Phrase</c>, header fields, body.</summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string reasonPhrase, IEnumerable<SipHeader> headers, ReadOnlyMemory<byte> body = default)
        : this(statusCode, reasonPhrase, [.. headers], body.ToArray(), null)
    {
    }

    internal SipResponse(int statusCode, string reasonPhrase, IReadOnlyList<SipHeader> headers, ReadOnlyMemory<byte> body, IReadOnlyList<int>? positions)
        : base(headers, body, positions, null)
    {
        ArgumentNullException.ThrowIfNull(reasonPhrase);
        if (statusCode is < 100 or > 699) throw new SipFormatException(SipFormatError.InvalidStatusCode, positions is null ? -1 : 0, $"status code {statusCode} is not from 100 to 699");
        if (reasonPhrase.Any(c => c < ' ' && c != '\t' || c == '\x7F')) throw new SipFormatException(SipFormatError.ControlCharacter, -1, "control character in the reason phrase");
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public int StatusCode { get; }

    /// <summary>The reason phrase, possibly empty (RFC 4475 §3.1.1.13), possibly UTF-8 (§3.1.1.12).</summary>
    public string ReasonPhrase { get; }

    /// <summary>1xx (RFC 3261 §21.1).</summary>
    public bool IsProvisional => StatusCode < 200;

    /// <summary>2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public override string StartLine => $"SIP/2.0 {SipText.Invariant(StatusCode)} {ReasonPhrase}";

    /// <summary>
    /// A response to <paramref name="request"/> as a UAS forms it (RFC 3261 §8.2.6.2): the same Via values,
    /// From, Call-ID and CSeq, the To with <paramref name="toTag"/> added when given, then <paramref name="extra"/>.
    /// </summary>
    public static SipResponse For(SipRequest request, int statusCode, string reasonPhrase, string? toTag = null,
        IEnumerable<SipHeader>? extra = null, ReadOnlyMemory<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var to = toTag is null || request.To.Tag is not null ? request.To : request.To.WithTag(toTag);
        var headers = request.Headers.Where(h => h.Is(SipHeaderNames.Via)).ToList();
        headers.Add(new SipHeader(SipHeaderNames.From, request.From.ToString()));
        headers.Add(new SipHeader(SipHeaderNames.To, to.ToString()));
        headers.Add(new SipHeader(SipHeaderNames.CallId, request.CallId));
        headers.Add(new SipHeader(SipHeaderNames.CSeq, request.CSeq.ToString()));
        if (extra is not null) headers.AddRange(extra);
        headers.Add(new SipHeader(SipHeaderNames.ContentLength, SipText.Invariant(body.Length)));
        return new SipResponse(statusCode, reasonPhrase, headers, body);
    }
}
