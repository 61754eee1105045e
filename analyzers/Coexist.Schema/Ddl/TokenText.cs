using System.Text;

namespace Coexist.Schema.Ddl;

/// <summary>Writes tokens back as readable SQL, for evidence and messages.</summary>
internal static class TokenText
{
    /// <summary>Evidence quotes code, it does not reproduce it: long expressions are cut here.</summary>
    public const int MaxChars = 200;

    public static string Join(IReadOnlyList<SqlToken> tokens, int maxChars = MaxChars)
    {
        var text = new StringBuilder();
        for (var i = 0; i < tokens.Count && text.Length < maxChars; i++)
        {
            var token = tokens[i];
            if (i > 0 && NeedsSpace(tokens[i - 1], token)) text.Append(' ');
            text.Append(Render(token));
        }
        return text.Length > maxChars ? text.ToString(0, maxChars) + "..." : text.ToString();
    }

    public static string Render(SqlToken token) => token.Kind switch
    {
        TokenKind.String when token.IsDollarBody => "$$" + token.Text + "$$",
        TokenKind.String => "'" + token.Text.Replace("'", "''", StringComparison.Ordinal) + "'",
        TokenKind.QuotedName => "\"" + token.Text + "\"",
        _ => token.Text,
    };

    private static bool NeedsSpace(SqlToken previous, SqlToken token) =>
        !(token.IsSymbol(")") || token.IsSymbol(",") || token.IsSymbol(".") || token.IsSymbol("::") || previous.IsSymbol("(")
          || previous.IsSymbol(".") || previous.IsSymbol("::") || token.IsSymbol("(") && previous.IsName);
}
