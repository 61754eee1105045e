using System.Globalization;
using System.Text;

namespace Coexist.Probes.Sip;

/// <summary>The character classes and small splitting rules of RFC 3261 §25.1 that every header parser shares.</summary>
internal static class SipText
{
    public static bool IsWhitespace(char c) => c is ' ' or '\t';

    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    public static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            if (!IsTokenChar(c)) return false;
        }
        return true;
    }

    /// <summary>word = 1*(token chars / "(" / ")" / "&lt;" / "&gt;" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}").</summary>
    public static bool IsWord(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            if (!IsTokenChar(c) && c is not ('(' or ')' or '<' or '>' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '{' or '}')) return false;
        }
        return true;
    }

    public static string TrimWhitespace(string text) => text.Trim(' ', '\t');

    public static bool ContainsWhitespaceOrControl(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c <= ' ' || c == '\x7F') return true;
        }
        return false;
    }

    /// <summary>
    /// Splits <paramref name="text"/> at <paramref name="separator"/> where it stands outside quoted strings and
    /// angle brackets, trimming each piece. Unbalanced quotes or brackets give <paramref name="error"/>.
    /// </summary>
    public static List<string> SplitTopLevel(string text, char separator, SipFormatError error, int position, string what)
    {
        var pieces = new List<string>();
        var inQuotes = false;
        var inAngles = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '\\') i++; // quoted-pair: the next character is literal
                else if (c == '"') inQuotes = false;
            }
            else if (inAngles)
            {
                if (c == '>') inAngles = false;
                else if (c == '<') throw new SipFormatException(error, position, $"{what}: '<' inside angle brackets in '{text}'");
            }
            else if (c == '"') inQuotes = true;
            else if (c == '<') inAngles = true;
            else if (c == '>') throw new SipFormatException(error, position, $"{what}: '>' without '<' in '{text}'");
            else if (c == separator)
            {
                pieces.Add(TrimWhitespace(text[start..i]));
                start = i + 1;
            }
        }
        if (inQuotes) throw new SipFormatException(error, position, $"{what}: unbalanced quote in '{text}'");
        if (inAngles) throw new SipFormatException(error, position, $"{what}: '<' without '>' in '{text}'");
        pieces.Add(TrimWhitespace(text[start..]));
        return pieces;
    }

    /// <summary>Reads a quoted string starting at <paramref name="start"/> (the opening quote); returns its unescaped content and the index after the closing quote.</summary>
    public static (string Content, int End) ReadQuotedString(string text, int start, SipFormatError error, int position)
    {
        var content = new StringBuilder();
        for (var i = start + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') return (content.ToString(), i + 1);
            if (c == '\\')
            {
                if (i + 1 >= text.Length) break;
                c = text[++i];
            }
            content.Append(c);
        }
        throw new SipFormatException(error, position, $"unbalanced quote in '{text}'");
    }

    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\') quoted.Append('\\');
            quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }

    public static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept("0123456789");

    /// <summary>Parses 1*DIGIT into a value no larger than <paramref name="max"/>; false on anything else, overflow included.</summary>
    public static bool TryParseDigits(ReadOnlySpan<char> text, long max, out long value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
            if (value > max) return false;
        }
        return true;
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
