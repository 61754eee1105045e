namespace Coexist.Schema.Rules;

/// <summary>
/// Recognises patterns that only an IPv4 address in dotted-quad form matches: LIKE '%.%.%.%',
/// GLOB '[0-9]*.[0-9]*.[0-9]*.[0-9]*', and regular expressions such as
/// '^\d{1,3}(\.\d{1,3}){3}$' in CHECK constraints, views and routines. An IPv6 address never
/// matches them, so every row an IPv6 subscriber brings is rejected or missed.
/// </summary>
internal static class DottedQuadPattern
{
    /// <summary>Dots between the four parts of a dotted quad.</summary>
    private const int QuadDots = 3;

    private static readonly string[] DigitClasses = [@"\d", "[0-9]", "[[:digit:]]", "[0-9]{1,3}", "[0-9]+"];

    public static bool IsMatch(string literal)
    {
        if (literal.Length < 5) return false;
        return IsLikePattern(literal) || IsRegexOrGlob(literal);
    }

    /// <summary>LIKE: only wildcards (% and _) and exactly three dots, as in '%.%.%.%' or '_%._%._%._%'.</summary>
    private static bool IsLikePattern(string literal)
    {
        var dots = 0;
        var wildcards = 0;
        foreach (var c in literal)
        {
            if (c == '.') dots++;
            else if (c is '%' or '_') wildcards++;
            else return false;
        }
        return dots == QuadDots && wildcards >= QuadDots + 1;
    }

    /// <summary>A regular expression or GLOB: a digit class and three literal dots (or one repeated three times).</summary>
    private static bool IsRegexOrGlob(string literal)
    {
        if (!DigitClasses.Any(d => literal.Contains(d, StringComparison.Ordinal))) return false;
        var escapedDots = Count(literal, @"\.") + Count(literal, "[.]");
        if (escapedDots >= QuadDots) return true;
        if (escapedDots >= 1 && (literal.Contains("{3}", StringComparison.Ordinal) || literal.Contains("{3,3}", StringComparison.Ordinal))) return true;
        // GLOB has no escapes: '[0-9]*.[0-9]*.[0-9]*.[0-9]*'.
        return escapedDots == 0 && literal.Contains("[0-9]", StringComparison.Ordinal) && Count(literal, ".") == QuadDots && !literal.Contains('\\');
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
