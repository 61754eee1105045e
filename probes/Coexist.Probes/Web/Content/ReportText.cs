using System.Globalization;
using System.Text;

namespace Coexist.Probes.Web.Content;

/// <summary>
/// Text a server chose (headers, titles, URLs) made fit for a report: no control or format characters (no escape
/// sequences, no line breaks, no bidirectional overrides), runs of spaces collapsed, and cut to a length. Escaping
/// for HTML or Markdown stays the renderer's job.
/// </summary>
public static class ReportText
{
    /// <summary>What stands for the text cut off.</summary>
    public const string Ellipsis = "…";

    public static string Clean(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        var space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length >= maxLength) return Cut(builder, maxLength);
            var category = Rune.GetUnicodeCategory(rune);
            var blank = Rune.IsWhiteSpace(rune) || category is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
            if (blank)
            {
                space = builder.Length > 0;
                continue;
            }
            if (space) builder.Append(' ');
            space = false;
            builder.Append(rune.ToString());
        }
        return builder.Length > maxLength ? Cut(builder, maxLength) : builder.ToString();
    }

    private static string Cut(StringBuilder builder, int maxLength)
    {
        var keep = Math.Max(0, maxLength - Ellipsis.Length);
        // Never split a surrogate pair.
        if (keep > 0 && keep < builder.Length && char.IsHighSurrogate(builder[keep - 1])) keep--;
        return builder.ToString(0, Math.Min(keep, builder.Length)).TrimEnd() + Ellipsis;
    }
}
