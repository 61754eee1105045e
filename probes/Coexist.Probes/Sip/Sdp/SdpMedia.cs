namespace Coexist.Probes.Sip;

/// <summary>One media description (RFC 8866 §5.14): the m= line and the c=, a= and other lines under it.</summary>
public sealed record SdpMedia(string Media, int Port, string Protocol, IReadOnlyList<string> Formats)
{
    /// <summary>The <c>/&lt;number of ports&gt;</c> of the m= line, if any.</summary>
    public int? PortCount { get; init; }

    /// <summary>The media-level c= (the first, if several); it overrides the session's (RFC 8866 §5.7).</summary>
    public SdpConnection? Connection { get; init; }

    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];

    public IReadOnlyList<SdpLine> OtherLines { get; init; } = [];

    /// <summary>The first value of attribute <paramref name="name"/>; null when absent or a flag.</summary>
    public string? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name)?.Value;

    public bool HasAttribute(string name) => Attributes.Any(a => a.Name == name);

    /// <summary>The <c>a=mid</c> identification tag (RFC 5888), which ANAT and BUNDLE groups name.</summary>
    public string? Mid => Attribute("mid");

    /// <summary>The last direction attribute given, or null (then sendrecv is implied, RFC 8866 §6.7).</summary>
    public SdpDirection? Direction => Attributes.LastOrDefault(a => a.Value is null && DirectionOf(a.Name) is not null) is { } a ? DirectionOf(a.Name) : null;

    /// <summary>The well-formed rtpmap attributes; a malformed one (RFC 4475's <c>a=rtpmap:31 LPC</c>) is left out.</summary>
    public IReadOnlyList<SdpRtpMap> RtpMaps => [.. Attributes.Where(a => a.Name == "rtpmap").Select(a => SdpRtpMap.TryParse(a.Value)).OfType<SdpRtpMap>()];

    /// <summary>ICE candidates (RFC 8839), each with its own address family.</summary>
    public IReadOnlyList<SdpIceCandidate> Candidates => [.. Attributes.Where(a => a.Name == "candidate").Select(a => SdpIceCandidate.Parse(a.Value, -1))];

    public SdpRtcp? Rtcp => Attributes.FirstOrDefault(a => a.Name == "rtcp") is { } a ? SdpRtcp.Parse(a.Value, -1) : null;

    public override string ToString()
    {
        var port = PortCount is { } count ? $"{SipText.Invariant(Port)}/{SipText.Invariant(count)}" : SipText.Invariant(Port);
        return $"{Media} {port} {Protocol} {string.Join(' ', Formats)}";
    }

    internal static SdpDirection? DirectionOf(string name) => name switch
    {
        "sendrecv" => SdpDirection.SendRecv,
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => null,
    };

    internal static SdpMedia Parse(string value, int position)
    {
        var fields = value.Split(' ');
        if (fields.Length < 4 || fields.Any(f => f.Length == 0))
            throw new SipFormatException(SipFormatError.SdpInvalidField, position, $"m= '{value}' is not '<media> <port> <proto> <fmt> ...'");
        var slash = fields[1].IndexOf('/');
        var portText = slash < 0 ? fields[1] : fields[1][..slash];
        if (!SipText.TryParseDigits(portText, ushort.MaxValue, out var port))
            throw new SipFormatException(SipFormatError.SdpInvalidField, position, $"m= port '{fields[1]}' is not a port");
        int? count = null;
        if (slash >= 0)
        {
            count = SipText.TryParseDigits(fields[1].AsSpan(slash + 1), ushort.MaxValue, out var n) && n > 0
                ? (int)n
                : throw new SipFormatException(SipFormatError.SdpInvalidField, position, $"m= port count in '{fields[1]}' is not a number");
        }
        return new SdpMedia(fields[0], (int)port, fields[2], fields[3..]) { PortCount = count };
    }
}
