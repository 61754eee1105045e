using System.Text;

namespace Coexist.Analyzers;

/// <summary>
/// Recognizes regular expressions written to match a dotted-quad IPv4 address: four runs of digits
/// joined by dots, however they are spelled (<c>\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}</c>,
/// <c>(\d+\.){3}\d+</c>, <c>[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+</c>, <c>(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}...</c>).
/// </summary>
/// <remarks>
/// The pattern is parsed into the shapes of text it matches at the least, written over three letters:
/// N a run of digits, D a dot, O anything else. Counted repetition is expanded to its minimum
/// (<c>(\d+\.){3}</c> is NDNDND), an optional part (<c>x?</c>) gives shapes with and without it,
/// and digit runs merge. A pattern is IPv4 when one of its shapes holds exactly NDNDNDN: a fifth part
/// (an OID, a long version) or an open-ended repetition (<c>\d+(\.\d+)*</c>, any number of parts) is not.
/// Patterns that also take hex digits and colons handle IPv6 and are left alone. Anything the parser
/// does not understand is not reported.
/// </remarks>
internal static class IPv4RegexPattern
{
    private const int MaxShapes = 64;
    private const int MaxShapeLength = 64;
    private const int MaxRepeat = 8;
    private const string Quad = "NDNDNDN";

    public static bool MatchesDottedQuad(string pattern, bool ignorePatternWhitespace = false)
    {
        if (HandlesIPv6(pattern)) return false;
        try
        {
            var parser = new Parser(pattern, ignorePatternWhitespace);
            var shapes = parser.ParseAlternation();
            return parser.AtEnd && shapes.Any(IsQuad);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsQuad(string shape)
    {
        for (var i = shape.IndexOf(Quad, StringComparison.Ordinal); i >= 0; i = shape.IndexOf(Quad, i + 1, StringComparison.Ordinal))
        {
            var end = i + Quad.Length;
            if ((i == 0 || shape[i - 1] != 'D') && (end == shape.Length || shape[end] != 'D')) return true;
        }
        return false;
    }

    private static bool HandlesIPv6(string pattern) =>
        pattern.IndexOf(':') >= 0 && pattern.IndexOf("a-f", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>Joins two shapes; digit runs that meet become one run.</summary>
    private static string Join(string left, string right)
    {
        if (left.Length > 0 && right.Length > 0 && left[left.Length - 1] == 'N' && right[0] == 'N')
            right = right.Substring(1);
        var joined = left + right;
        return joined.Length > MaxShapeLength ? joined.Substring(0, MaxShapeLength) : joined;
    }

    private static List<string> Concat(List<string> left, List<string> right)
    {
        var result = new List<string>();
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                var joined = Join(l, r);
                if (!result.Contains(joined)) result.Add(joined);
                if (result.Count >= MaxShapes) return result;
            }
        }
        return result;
    }

    private static List<string> Union(List<string> left, List<string> right)
    {
        var result = new List<string>(left);
        foreach (var shape in right)
        {
            if (result.Count < MaxShapes && !result.Contains(shape)) result.Add(shape);
        }
        return result;
    }

    private static List<string> Repeat(List<string> shapes, int times)
    {
        var result = new List<string> { "" };
        for (var i = 0; i < Math.Min(times, MaxRepeat); i++) result = Concat(result, shapes);
        return result;
    }

    private sealed class Parser(string pattern, bool ignoreWhitespace)
    {
        private static readonly List<string> Empty = [""];
        private static readonly List<string> Digits = ["N"];
        private static readonly List<string> Dot = ["D"];
        private static readonly List<string> Other = ["O"];

        private int _position;
        private bool _ignoreWhitespace = ignoreWhitespace;

        public bool AtEnd => _position >= pattern.Length;

        private char Peek(int ahead = 0) => _position + ahead < pattern.Length ? pattern[_position + ahead] : '\0';

        private char Next() => _position < pattern.Length ? pattern[_position++] : throw new FormatException("pattern ends early");

        public List<string> ParseAlternation()
        {
            var result = ParseSequence();
            while (Peek() == '|')
            {
                _position++;
                result = Union(result, ParseSequence());
            }
            return result;
        }

        private List<string> ParseSequence()
        {
            var result = Empty;
            while (!AtEnd && Peek() != '|' && Peek() != ')')
            {
                if (_ignoreWhitespace && SkipWhitespaceOrComment()) continue;
                var (atom, anyChar) = ParseAtom();
                var (min, max) = ParseQuantifier();
                // An unquantified '.' is taken for a sloppy separator (\d+.\d+.\d+.\d+); ".*" and ".+" are not.
                if (anyChar) atom = min == 1 && max == 1 ? Dot : Other;
                var repeated = Repeat(atom, min);
                // "x?" may be there or not: both shapes count (the \.?\b trick of some IPv4 patterns). A range
                // such as {2,3} keeps its minimum: three-or-four dotted numbers are versions as often as addresses.
                if (min == 0 && max == 1) repeated = Union(repeated, atom);
                result = Concat(result, repeated);
            }
            return result;
        }

        private bool SkipWhitespaceOrComment()
        {
            if (char.IsWhiteSpace(Peek()))
            {
                _position++;
                return true;
            }
            if (Peek() != '#') return false;
            while (!AtEnd && Peek() != '\n') _position++;
            return true;
        }

        /// <summary>How often the atom may occur: (1, 1) without a quantifier, max null when unbounded.</summary>
        private (int Min, int? Max) ParseQuantifier()
        {
            (int, int?) range;
            switch (Peek())
            {
                case '*':
                    _position++;
                    range = (0, null);
                    break;
                case '?':
                    _position++;
                    range = (0, 1);
                    break;
                case '+':
                    _position++;
                    range = (1, null);
                    break;
                case '{' when TryReadBraces(out var braced):
                    range = braced;
                    break;
                default:
                    return (1, 1);
            }
            if (Peek() == '?') _position++;
            return range;
        }

        /// <summary>Reads {n}, {n,} or {n,m}; anything else is a literal brace.</summary>
        private bool TryReadBraces(out (int Min, int? Max) range)
        {
            range = default;
            var i = _position + 1;
            if (!TryReadNumber(ref i, out var min)) return false;
            int? max = min;
            if (i < pattern.Length && pattern[i] == ',')
            {
                i++;
                max = TryReadNumber(ref i, out var upper) ? upper : null;
            }
            if (i >= pattern.Length || pattern[i] != '}') return false;
            _position = i + 1;
            range = (min, max);
            return true;
        }

        private bool TryReadNumber(ref int i, out int number)
        {
            var start = i;
            while (i < pattern.Length && char.IsDigit(pattern[i])) i++;
            number = 0;
            return i > start && int.TryParse(pattern.Substring(start, i - start), out number);
        }

        private (List<string> Shapes, bool AnyChar) ParseAtom()
        {
            var c = Next();
            switch (c)
            {
                case '(':
                    return (ParseGroup(), false);
                case '[':
                    return (ParseClass(), false);
                case '\\':
                    return (ParseEscape(inClass: false), false);
                case '^':
                case '$':
                    return (Empty, false);
                case '.':
                    return (Dot, true);
                default:
                    return (char.IsDigit(c) ? Digits : Other, false);
            }
        }

        private List<string> ParseGroup()
        {
            var zeroWidth = false;
            if (Peek() == '?')
            {
                _position++;
                var kind = Next();
                switch (kind)
                {
                    case ':':
                    case '>':
                        break;
                    case '=':
                    case '!':
                        zeroWidth = true;
                        break;
                    case '#':
                        while (Next() != ')') { }
                        return Empty;
                    case '<' when Peek() is '=' or '!':
                        _position++;
                        zeroWidth = true;
                        break;
                    case '<':
                        SkipPast('>');
                        break;
                    case '\'':
                        SkipPast('\'');
                        break;
                    case '(':
                        // A conditional (?(condition)yes|no): skip the condition, read the branches.
                        SkipPast(')');
                        break;
                    default:
                        // Inline options (?imnsx-imnsx) or (?imnsx-imnsx:...).
                        _position--;
                        var options = new StringBuilder();
                        while (!AtEnd && Peek() != ')' && Peek() != ':') options.Append(Next());
                        var enablesX = options.ToString().Split('-')[0].IndexOf('x') >= 0;
                        if (Next() == ')')
                        {
                            if (enablesX) _ignoreWhitespace = true;
                            return Empty;
                        }
                        break;
                }
            }
            var inner = ParseAlternation();
            if (Next() != ')') throw new FormatException("unclosed group");
            return zeroWidth ? Empty : inner;
        }

        private void SkipPast(char end)
        {
            while (Next() != end) { }
        }

        /// <summary>A character class: digits only is N, a dot only is D, anything else (or negated) is O.</summary>
        private List<string> ParseClass()
        {
            var negated = Peek() == '^';
            if (negated) _position++;
            bool digits = false, dot = false, other = false;
            var first = true;
            while (true)
            {
                var c = Next();
                if (c == ']' && !first) break;
                first = false;
                if (c == '-' && Peek() == '[')
                {
                    // Class subtraction [a-z-[aeiou]]: too clever to judge.
                    _position++;
                    ParseClass();
                    other = true;
                    continue;
                }
                var kind = c == '\\' ? ParseEscape(inClass: true) : c == '.' ? Dot : char.IsDigit(c) ? Digits : Other;
                if (Peek() == '-' && Peek(1) is not ']' and not '\0' and not '[')
                {
                    // A range is digits when both ends are ([0-9], [1-5]).
                    _position++;
                    var to = Next();
                    if (to == '\\') to = Next();
                    kind = kind == Digits && char.IsDigit(to) ? Digits : Other;
                }
                if (kind == Digits) digits = true;
                else if (kind == Dot) dot = true;
                else if (kind != Empty) other = true;
            }
            if (negated || other || (digits && dot)) return Other;
            return digits ? Digits : dot ? Dot : Other;
        }

        /// <summary>After a backslash: \d is a digit, \. a dot, anchors are empty, the rest is other.</summary>
        private List<string> ParseEscape(bool inClass)
        {
            var c = Next();
            switch (c)
            {
                case 'd':
                    return Digits;
                case 'b' when !inClass:
                case 'B':
                case 'A':
                case 'z':
                case 'Z':
                case 'G':
                    return Empty;
                case 'p':
                case 'P':
                    if (Next() != '{') throw new FormatException("bad \\p");
                    SkipPast('}');
                    return Other;
                case 'k' when Peek() is '<' or '\'':
                    SkipPast(Next() == '<' ? '>' : '\'');
                    return Other;
                case 'x':
                    _position += 2;
                    return Other;
                case 'u':
                    _position += 4;
                    return Other;
                case 'c':
                    _position += 1;
                    return Other;
                case '.':
                    return Dot;
                default:
                    // \1 backreferences, \w \s \D and escaped punctuation: not a digit run, not a dot.
                    return Other;
            }
        }
    }
}
