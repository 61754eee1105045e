namespace Coexist.Probes.Sip;

/// <summary>
/// One header field: its name in the long, conventional spelling for the fields this codec knows (a compact
/// "v" or a shouted "VIA" both read as "Via"), and its value with folding undone and outer white space trimmed.
/// </summary>
public sealed record SipHeader
{
    public SipHeader(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = SipHeaderNames.Canonical(name);
        Value = value;
    }

    public string Name { get; }

    public string Value { get; }

    public bool Is(string name) => string.Equals(Name, SipHeaderNames.Canonical(name), StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Name}: {Value}";
}

/// <summary>Header names the codec reads, and the compact forms (RFC 3261 §7.3.3 and the IANA SIP header registry).</summary>
public static class SipHeaderNames
{
    public const string Via = "Via";
    public const string From = "From";
    public const string To = "To";
    public const string CallId = "Call-ID";
    public const string CSeq = "CSeq";
    public const string MaxForwards = "Max-Forwards";
    public const string Contact = "Contact";
    public const string Route = "Route";
    public const string RecordRoute = "Record-Route";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string Accept = "Accept";
    public const string Allow = "Allow";
    public const string Supported = "Supported";
    public const string UserAgent = "User-Agent";
    public const string Server = "Server";

    private static readonly Dictionary<string, string> Compact = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = "Accept-Contact", // RFC 3841
        ["b"] = "Referred-By", // RFC 3892
        ["c"] = ContentType,
        ["d"] = "Request-Disposition", // RFC 3841
        ["e"] = "Content-Encoding",
        ["f"] = From,
        ["i"] = CallId,
        ["j"] = "Reject-Contact", // RFC 3841
        ["k"] = Supported,
        ["l"] = ContentLength,
        ["m"] = Contact,
        ["n"] = "Identity-Info", // RFC 4474
        ["o"] = "Event", // RFC 6665
        ["r"] = "Refer-To", // RFC 3515
        ["s"] = "Subject",
        ["t"] = To,
        ["u"] = "Allow-Events", // RFC 6665
        ["v"] = Via,
        ["x"] = "Session-Expires", // RFC 4028
        ["y"] = "Identity", // RFC 8224
    };

    private static readonly Dictionary<string, string> Known = new[]
    {
        Via, From, To, CallId, CSeq, MaxForwards, Contact, Route, RecordRoute, ContentLength, ContentType, Accept,
        Allow, Supported, UserAgent, Server, "Expires", "Require", "Proxy-Require", "Unsupported", "Date", "Timestamp",
        "Warning", "Organization", "Priority", "Subject", "Content-Encoding", "Content-Disposition", "Content-Language",
        "MIME-Version", "Min-Expires", "Retry-After", "Reply-To", "In-Reply-To", "Alert-Info", "Call-Info", "Error-Info",
        "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate", "Authentication-Info",
        "Accept-Encoding", "Accept-Language", "Accept-Contact", "Reject-Contact", "Request-Disposition", "Referred-By",
        "Refer-To", "Event", "Allow-Events", "Session-Expires", "Identity", "Identity-Info", "Path", "Service-Route",
    }.ToDictionary(name => name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The long, conventionally cased name for a known or compact name; other names unchanged.</summary>
    public static string Canonical(string name) =>
        Compact.TryGetValue(name, out var expanded) ? expanded
        : Known.TryGetValue(name, out var known) ? known
        : name;
}

/// <summary>The CSeq header (RFC 3261 §20.16): a sequence number and the method it counts.</summary>
public sealed record SipCSeq(uint Number, string Method)
{
    public override string ToString() => $"{SipText.Invariant(Number)} {Method}";

    internal static SipCSeq Parse(string text, int position)
    {
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !SipText.TryParseDigits(parts[0], uint.MaxValue, out var number) || !SipText.IsToken(parts[1]))
            throw new SipFormatException(SipFormatError.InvalidCSeq, position, $"CSeq '{text}' is not a 32-bit number and a method");
        return new SipCSeq((uint)number, parts[1]);
    }
}
