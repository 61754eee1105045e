using System.Text;

namespace Coexist.Probes.Sip;

/// <summary>
/// A From, To, Contact, Route or Record-Route value: <c>"Name" &lt;uri&gt;;params</c> (name-addr) or
/// <c>uri;params</c> (addr-spec). In the addr-spec form every parameter after the URI belongs to the header,
/// not the URI (RFC 3261 §20.10), so <c>sip:a@b;tag=1</c> has the tag as a header parameter.
/// </summary>
public sealed record SipNameAddress(string? DisplayName, SipUri Uri, SipParameters Parameters)
{
    public SipNameAddress(SipUri uri) : this(null, uri, SipParameters.Empty)
    {
    }

    /// <summary>The <c>tag</c> parameter of From and To (RFC 3261 §19.3).</summary>
    public string? Tag => Parameters.Value("tag");

    public SipNameAddress WithTag(string tag) => this with { Parameters = Parameters.With("tag", tag) };

    /// <summary>Always the name-addr form, which is never ambiguous.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (DisplayName is { Length: > 0 } name) text.Append(SipText.Quote(name)).Append(' ');
        return text.Append('<').Append(Uri).Append('>').Append(Parameters).ToString();
    }

    public static SipNameAddress Parse(string text) => Parse(text, -1);

    internal static SipNameAddress Parse(string text, int position)
    {
        const SipFormatError error = SipFormatError.InvalidNameAddress;
        var value = SipText.TrimWhitespace(text);
        if (value.Length == 0) throw new SipFormatException(error, position, "empty name-addr");

        string? displayName = null;
        int open;
        if (value[0] == '"')
        {
            var (content, end) = SipText.ReadQuotedString(value, 0, error, position);
            displayName = content;
            open = end;
            while (open < value.Length && SipText.IsWhitespace(value[open])) open++;
            if (open >= value.Length || value[open] != '<')
                throw new SipFormatException(error, position, $"a quoted display name must be followed by '<uri>' in '{value}'");
        }
        else
        {
            open = value.IndexOf('<');
            if (open > 0)
            {
                // display-name = *(token LWS): several tokens (RFC 4475 §3.1.1.2), nothing else unquoted.
                var tokens = SipText.TrimWhitespace(value[..open]);
                foreach (var word in tokens.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!SipText.IsToken(word)) throw new SipFormatException(error, position, $"display name '{tokens}' must be quoted");
                }
                displayName = string.Join(' ', tokens.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            }
        }

        if (open < 0)
        {
            // addr-spec: the URI ends at the first ';' after its user part; the rest are header parameters.
            if (value.Contains('>')) throw new SipFormatException(error, position, $"'>' without '<' in '{value}'");
            var at = value.IndexOf('@');
            var semicolon = value.IndexOf(';', at < 0 ? 0 : at);
            var uriText = semicolon < 0 ? value : SipText.TrimWhitespace(value[..semicolon]);
            if (uriText.Contains('?') || uriText.Contains(','))
                throw new SipFormatException(error, position, $"an addr-spec with '?' or ',' must be enclosed in '<>': '{value}'");
            var uri = SipUri.Parse(uriText, position);
            var parameters = semicolon < 0 ? SipParameters.Empty : ReadParameters(value[(semicolon + 1)..], position);
            return new SipNameAddress(null, uri, parameters);
        }

        var close = value.IndexOf('>', open + 1);
        if (close < 0) throw new SipFormatException(error, position, $"'<' without '>' in '{value}'");
        var inner = value[(open + 1)..close];
        if (inner.Contains('<')) throw new SipFormatException(error, position, $"nested '<' in '{value}'");
        var angled = SipUri.Parse(inner, position);
        var after = SipText.TrimWhitespace(value[(close + 1)..]);
        if (after.Length == 0) return new SipNameAddress(displayName, angled, SipParameters.Empty);
        if (after[0] != ';') throw new SipFormatException(error, position, $"'{after}' follows '>' in '{value}'");
        return new SipNameAddress(displayName, angled, ReadParameters(after[1..], position));
    }

    private static SipParameters ReadParameters(string text, int position)
    {
        var pieces = SipText.SplitTopLevel(text, ';', SipFormatError.InvalidNameAddress, position, "header parameters");
        return SipParameters.ParseHeaderParameters(pieces, SipFormatError.InvalidParameter, position, "header parameter");
    }
}
