using Microsoft.CodeAnalysis.Text;

namespace Coexist.Analyzers.Tests.Verification;

/// <summary>An expected diagnostic: a rule and the span it must cover.</summary>
public sealed record ExpectedDiagnostic(string? Id, TextSpan Span);

/// <summary>
/// Reads test markup: <c>[|code|]</c> expects the analyzer's only rule on <c>code</c>;
/// <c>{|COEX1003:code|}</c> names the rule. The markers are removed from the source.
/// </summary>
public static class Markup
{
    public static (string Source, IReadOnlyList<ExpectedDiagnostic> Expected) Parse(string markup)
    {
        var source = new System.Text.StringBuilder(markup.Length);
        var expected = new List<ExpectedDiagnostic>();
        var open = new Stack<(int Start, string? Id)>();
        var i = 0;
        while (i < markup.Length)
        {
            if (Starts(markup, i, "[|"))
            {
                open.Push((source.Length, null));
                i += 2;
            }
            else if (Starts(markup, i, "{|") && markup.IndexOf(':', i) is var colon and > 0 && IsRuleId(markup, i + 2, colon))
            {
                open.Push((source.Length, markup[(i + 2)..colon]));
                i = colon + 1;
            }
            else if ((Starts(markup, i, "|]") || Starts(markup, i, "|}")) && open.Count > 0)
            {
                var (start, id) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, source.Length)));
                i += 2;
            }
            else
            {
                source.Append(markup[i]);
                i++;
            }
        }
        if (open.Count > 0) throw new ArgumentException("markup has an unclosed [| or {|ID: marker");
        return (source.ToString(), expected.OrderBy(e => e.Span.Start).ToList());
    }

    private static bool Starts(string text, int index, string value) =>
        string.CompareOrdinal(text, index, value, 0, value.Length) == 0;

    private static bool IsRuleId(string text, int start, int end) =>
        end - start is > 0 and < 20 && text[start..end].All(char.IsLetterOrDigit);
}
