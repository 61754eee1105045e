using System.Text;
using HandlebarsDotNet;

namespace Coexist.Reports.Rendering;

/// <summary>
/// Escapes values for Markdown, as Handlebars' HTML encoder does for HTML: characters that would start markup,
/// HTML or a table cell boundary are escaped, and line breaks become spaces so that a value stays in its cell.
/// A banner holding <c>&lt;script&gt;</c> or <c>| a | b |</c> renders as the text it is.
/// </summary>
internal sealed class MarkdownEncoder : ITextEncoder
{
    public void Encode(StringBuilder? text, TextWriter target) => Encode(text?.ToString(), target);

    public void Encode(string? text, TextWriter target)
    {
        foreach (var c in text ?? "") Write(c, target);
    }

    public void Encode<T>(T? text, TextWriter target) where T : IEnumerator<char>
    {
        if (text is null) return;
        while (text.MoveNext()) Write(text.Current, target);
    }

    public static string Escape(string text)
    {
        var writer = new StringWriter();
        new MarkdownEncoder().Encode(text, writer);
        return writer.ToString();
    }

    private static void Write(char c, TextWriter target)
    {
        switch (c)
        {
            case '&': target.Write("&amp;"); break;
            case '<': target.Write("&lt;"); break;
            case '>': target.Write("&gt;"); break;
            case '"': target.Write("&quot;"); break;
            case '\r': break;
            case '\n' or '\t': target.Write(' '); break;
            case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '!' or '~':
                target.Write('\\');
                target.Write(c);
                break;
            default:
                // Other control characters would corrupt the file; they never carry meaning in a report.
                if (!char.IsControl(c)) target.Write(c);
                break;
        }
    }
}
