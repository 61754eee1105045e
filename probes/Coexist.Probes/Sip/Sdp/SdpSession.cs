using System.Net;
using System.Text;

namespace Coexist.Probes.Sip;

/// <summary>
/// A session description (RFC 8866): the fields a probe judges typed (o=, c= at both levels, m=, a=), the rest
/// kept as lines so that a description encodes again as it came. <see cref="Parse(ReadOnlySpan{byte})"/>
/// checks every typed attribute, so the typed properties of a parsed description never throw.
/// </summary>
public sealed record SdpSession
{
    public int Version { get; init; }

    public required SdpOrigin Origin { get; init; }

    /// <summary>s=; "-" when there is nothing to say (RFC 8866 §5.3).</summary>
    public string SessionName { get; init; } = "-";

    /// <summary>The session-level c=, the default for every media description without its own.</summary>
    public SdpConnection? Connection { get; init; }

    /// <summary>The t= values, "0 0" for an unbounded session.</summary>
    public IReadOnlyList<string> Timing { get; init; } = ["0 0"];

    public IReadOnlyList<SdpAttribute> Attributes { get; init; } = [];

    public IReadOnlyList<SdpMedia> Media { get; init; } = [];

    public IReadOnlyList<SdpLine> OtherLines { get; init; } = [];

    public IReadOnlyList<SdpGroup> Groups => [.. Attributes.Where(a => a.Name == "group").Select(a => SdpGroup.Parse(a.Value, -1))];

    /// <summary>Whether the description uses ANAT (<c>a=group:ANAT</c>, RFC 4091), obsolete since ICE.</summary>
    public bool UsesAnat => Groups.Any(g => g.IsAnat);

    /// <summary>The c= that applies to <paramref name="media"/>: its own, else the session's (RFC 8866 §5.7).</summary>
    public SdpConnection? ConnectionFor(SdpMedia media) => media.Connection ?? Connection;

    /// <summary>Every c= in the description, session level first.</summary>
    public IEnumerable<SdpConnection> Connections =>
        (Connection is null ? [] : new[] { Connection }).Concat(Media.Where(m => m.Connection is not null).Select(m => m.Connection!));

    /// <summary>
    /// A minimal audio offer (RFC 3264 §5) whose o= and c= carry <paramref name="address"/>, so the media family
    /// follows the signalling family: PCMU and PCMA, sendrecv.
    /// </summary>
    public static SdpSession AudioOffer(IPAddress address, int port, ulong? sessionId = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        var connection = SdpConnection.FromAddress(address);
        // RFC 8866 §5.2 suggests an NTP timestamp for the session id; seconds since 1900 will do.
        var id = SipText.Invariant((long)(sessionId ?? (ulong)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2208988800L)));
        return new SdpSession
        {
            Origin = new SdpOrigin("coexist", id, id, connection.NetworkType, connection.AddressType, connection.Address),
            SessionName = "Coexist probe",
            Connection = connection,
            Media =
            [
                new SdpMedia("audio", port, "RTP/AVP", ["0", "8"])
                {
                    Attributes = [new("rtpmap", "0 PCMU/8000"), new("rtpmap", "8 PCMA/8000"), new("sendrecv")],
                },
            ],
        };
    }

    public static SdpSession Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>Reads a description; every fault is a <see cref="SipFormatException"/> with the octet position of its line.</summary>
    public static SdpSession Parse(ReadOnlySpan<byte> utf8) => SdpParser.Parse(utf8);

    /// <summary>The description with CRLF line ends, in RFC 8866 §5's field order.</summary>
    public string Encode()
    {
        var text = new StringBuilder();
        void Line(char type, object value) => text.Append(type).Append('=').Append(value).Append("\r\n");
        void Others(IEnumerable<SdpLine> lines, string types)
        {
            foreach (var line in lines.Where(l => types.Contains(l.Type, StringComparison.Ordinal))) Line(line.Type, line.Value);
        }
        const string sessionKnown = "vosiuepcbtrzkam";

        Line('v', SipText.Invariant(Version));
        Line('o', Origin);
        Line('s', SessionName);
        Others(OtherLines, "iuep");
        if (Connection is not null) Line('c', Connection);
        Others(OtherLines, "b");
        foreach (var t in Timing) Line('t', t);
        Others(OtherLines, "rzk");
        foreach (var line in OtherLines.Where(l => !sessionKnown.Contains(l.Type, StringComparison.Ordinal))) Line(line.Type, line.Value);
        foreach (var a in Attributes) Line('a', a);
        foreach (var media in Media)
        {
            Line('m', media);
            Others(media.OtherLines, "i");
            if (media.Connection is not null) Line('c', media.Connection);
            foreach (var line in media.OtherLines.Where(l => l.Type != 'i')) Line(line.Type, line.Value);
            foreach (var a in media.Attributes) Line('a', a);
        }
        return text.ToString();
    }

    public byte[] EncodeUtf8() => Encoding.UTF8.GetBytes(Encode());

    public override string ToString() => Encode();
}
