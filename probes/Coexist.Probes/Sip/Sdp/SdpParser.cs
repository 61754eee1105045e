using System.Text;
using System.Text.Unicode;

namespace Coexist.Probes.Sip;

/// <summary>Reads RFC 8866 descriptions: <c>type=value</c> lines, session part until the first m=, then media parts.</summary>
internal static class SdpParser
{
    public static SdpSession Parse(ReadOnlySpan<byte> utf8)
    {
        var nul = utf8.IndexOf((byte)0);
        if (nul >= 0) throw new SipFormatException(SipFormatError.NulByte, nul, "NUL in the SDP body");
        if (!Utf8.IsValid(utf8)) throw new SipFormatException(SipFormatError.InvalidUtf8, 0, "the SDP body is not UTF-8");
        var lines = SplitLines(Encoding.UTF8.GetString(utf8));
        if (lines.Count == 0) throw new SipFormatException(SipFormatError.SdpMissingField, 0, "the SDP body is empty");
        if (lines[0].Type != 'v') throw new SipFormatException(SipFormatError.SdpMissingField, 0, "SDP must start with v= (RFC 8866 §5)");
        if (lines[0].Value != "0") throw new SipFormatException(SipFormatError.SdpInvalidField, 0, $"v={lines[0].Value} is not version 0");

        SdpOrigin? origin = null;
        string? name = null;
        SdpConnection? connection = null;
        var timing = new List<string>();
        var attributes = new List<SdpAttribute>();
        var others = new List<SdpLine>();
        var media = new List<SdpMedia>();

        var i = 1;
        for (; i < lines.Count && lines[i].Type != 'm'; i++)
        {
            var (type, value, at) = lines[i];
            switch (type)
            {
                case 'v':
                    throw new SipFormatException(SipFormatError.SdpInvalidLine, at, "a second v= line");
                case 'o':
                    origin = origin is null ? SdpOrigin.Parse(value, at) : throw Repeated(type, at);
                    break;
                case 's':
                    name = name is null ? value : throw Repeated(type, at);
                    break;
                case 'c':
                    connection = connection is null ? SdpConnection.Parse(value, at, "c=") : throw Repeated(type, at);
                    break;
                case 't':
                    timing.Add(value);
                    break;
                case 'a':
                    attributes.Add(Attribute(value, at));
                    break;
                default:
                    others.Add(new SdpLine(type, value));
                    break;
            }
        }
        if (origin is null) throw new SipFormatException(SipFormatError.SdpMissingField, 0, "SDP has no o= line");
        if (name is null) throw new SipFormatException(SipFormatError.SdpMissingField, 0, "SDP has no s= line");
        if (timing.Count == 0) throw new SipFormatException(SipFormatError.SdpMissingField, 0, "SDP has no t= line");

        while (i < lines.Count)
        {
            var (_, mValue, mAt) = lines[i++];
            var description = SdpMedia.Parse(mValue, mAt);
            SdpConnection? mediaConnection = null;
            var mediaAttributes = new List<SdpAttribute>();
            var mediaOthers = new List<SdpLine>();
            for (; i < lines.Count && lines[i].Type != 'm'; i++)
            {
                var (type, value, at) = lines[i];
                switch (type)
                {
                    case 'v' or 'o' or 's' or 't' or 'z' or 'r' or 'u' or 'e' or 'p':
                        throw new SipFormatException(SipFormatError.SdpInvalidLine, at, $"{type}= is a session-level line but comes after m=");
                    case 'c' when mediaConnection is null:
                        mediaConnection = SdpConnection.Parse(value, at, "c=");
                        break;
                    case 'c':
                        SdpConnection.Parse(value, at, "c="); // a second c= (layered multicast) is kept as a line, but must still be well formed
                        mediaOthers.Add(new SdpLine(type, value));
                        break;
                    case 'a':
                        mediaAttributes.Add(Attribute(value, at));
                        break;
                    default:
                        mediaOthers.Add(new SdpLine(type, value));
                        break;
                }
            }
            media.Add(description with { Connection = mediaConnection, Attributes = mediaAttributes, OtherLines = mediaOthers });
        }

        return new SdpSession
        {
            Origin = origin,
            SessionName = name,
            Connection = connection,
            Timing = timing,
            Attributes = attributes,
            Media = media,
            OtherLines = others,
        };
    }

    /// <summary>Reads an address in o=, c=, a=rtcp or a=candidate; any fault is an SDP field fault.</summary>
    internal static SipHost Host(string text, int position, string what)
    {
        try
        {
            return SipHost.Parse(text, position);
        }
        catch (SipFormatException e)
        {
            throw new SipFormatException(SipFormatError.SdpInvalidField, position, $"{what} address '{text}': {e.Message}");
        }
    }

    // a=<attribute>[:<value>]; the typed ones that carry addresses or groups are checked here, so that their
    // accessors never throw later.
    private static SdpAttribute Attribute(string value, int position)
    {
        var colon = value.IndexOf(':');
        var attribute = colon < 0 ? new SdpAttribute(value) : new SdpAttribute(value[..colon], value[(colon + 1)..]);
        if (!SipText.IsToken(attribute.Name)) throw new SipFormatException(SipFormatError.SdpInvalidLine, position, $"attribute name '{attribute.Name}' is not a token");
        switch (attribute.Name)
        {
            case "candidate":
                SdpIceCandidate.Parse(attribute.Value, position);
                break;
            case "rtcp":
                SdpRtcp.Parse(attribute.Value, position);
                break;
            case "group":
                SdpGroup.Parse(attribute.Value, position);
                break;
        }
        return attribute;
    }

    private static SipFormatException Repeated(char type, int position) =>
        new(SipFormatError.SdpInvalidLine, position, $"a second session-level {type}= line");

    // Lines end in CRLF; a bare LF is accepted (RFC 8866 §5 asks parsers to), a CR elsewhere is not. Empty lines
    // may only trail the description.
    private static List<(char Type, string Value, int Position)> SplitLines(string text)
    {
        var lines = new List<(char, string, int)>();
        var position = 0;
        var blankAt = -1;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            var at = position;
            position += Encoding.UTF8.GetByteCount(raw) + 1;
            if (line.Length == 0)
            {
                if (blankAt < 0) blankAt = at;
                continue;
            }
            if (blankAt >= 0) throw new SipFormatException(SipFormatError.SdpInvalidLine, blankAt, "an empty line inside the SDP body");
            if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
                throw new SipFormatException(SipFormatError.SdpInvalidLine, at, $"SDP line '{(line.Length > 40 ? line[..40] + "..." : line)}' is not '<type>=<value>'");
            if (line.Contains('\r') || line.Any(c => c < ' ' && c != '\t'))
                throw new SipFormatException(SipFormatError.SdpInvalidLine, at, "a control character inside an SDP line");
            lines.Add((line[0], line[2..], at));
        }
        return lines;
    }
}
