using Coexist.Analyzers;
using Coexist.Schema.Ddl;
using Coexist.Schema.Objects;

namespace Coexist.Schema.Rules;

/// <summary>Code in the database: a view, routine or trigger, or a column's default, generated expression or CHECK.</summary>
/// <param name="What">How the report names it: "view public.v_sessions", "default of shop.sessions.ip".</param>
/// <param name="Object">The database object, schema-qualified.</param>
internal sealed record CodeSite(string What, string Object, IReadOnlyList<SqlToken> Tokens, int? Line, bool IsDefinition)
{
    public static CodeSite Of(CodeObject code) =>
        new($"{code.KindText} {code.Name}", code.Name.ToString(), code.Tokens, code.Line, IsDefinition: true);
}

internal enum CodeHitKind
{
    Literal,
    Pattern,
    Function,
    /// <summary>A parameter or variable whose name says address and whose type is sized for IPv4.</summary>
    Declaration,
}

internal sealed record CodeHit(CodeHitKind Kind, SqlToken Token, string Text)
{
    public IPv4LiteralKind? LiteralKind { get; init; }
    public IPv4Function? Function { get; init; }
    public AddressColumn? Declaration { get; init; }
}

/// <summary>
/// Finds what COEX2005 and COEX2006 report in code: IPv4 literals and dotted-quad patterns in
/// strings, IPv4-only functions, and declarations sized for IPv4. Routine bodies ($$ ... $$) are
/// read as SQL again, so comments in them never count.
/// </summary>
internal static class CodeScanner
{
    /// <summary>Bodies inside bodies (EXECUTE of a $q$ string in a $$ function) are followed this deep.</summary>
    private const int MaxBodyDepth = 4;

    private static readonly TableModel Declarations = new(new ObjectName(null, "code"), null);

    public static List<CodeHit> Scan(IReadOnlyList<SqlToken> tokens, SqlDialect dialect, bool isDefinition)
    {
        var hits = new List<CodeHit>();
        Scan(tokens, dialect, isDefinition, hits, depth: 0);
        return hits;
    }

    private static void Scan(IReadOnlyList<SqlToken> tokens, SqlDialect dialect, bool isDefinition, List<CodeHit> hits, int depth)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.String)
            {
                if (IsBody(tokens, i, isDefinition, dialect) && depth < MaxBodyDepth)
                {
                    var body = SqlLexer.Tokenize(token.Text, dialect, token.Line).ToList();
                    Scan(body, dialect, isDefinition: false, hits, depth + 1);
                    continue;
                }
                ScanLiteral(token, hits);
            }
            else if (token.IsName && i + 1 < tokens.Count && tokens[i + 1].IsSymbol("(") && IPv4Functions.Find(token.Text) is { } function)
            {
                if (Applies(function, tokens, i + 1)) hits.Add(new CodeHit(CodeHitKind.Function, token, token.Text) { Function = function });
            }
            else if ((token.IsName || token.Kind == TokenKind.Parameter) && i + 1 < tokens.Count && tokens[i + 1].IsName)
            {
                if (Declaration(tokens, i, dialect) is { } declaration)
                    hits.Add(new CodeHit(CodeHitKind.Declaration, token, declaration.Column.Name) { Declaration = declaration });
            }
        }
    }

    /// <summary>A dollar-quoted body, or the single-quoted body after AS in a PostgreSQL CREATE FUNCTION.</summary>
    private static bool IsBody(IReadOnlyList<SqlToken> tokens, int i, bool isDefinition, SqlDialect dialect) =>
        tokens[i].IsDollarBody
        || isDefinition && dialect == SqlDialect.Postgres && i > 0 && tokens[i - 1].IsWord("AS") && tokens[i].Text.Contains(' ', StringComparison.Ordinal)
           && tokens.Take(Math.Min(tokens.Count, 8)).Any(t => t.IsWord("FUNCTION") || t.IsWord("PROCEDURE"));

    private static void ScanLiteral(SqlToken token, List<CodeHit> hits)
    {
        if (DottedQuadPattern.IsMatch(token.Text))
        {
            hits.Add(new CodeHit(CodeHitKind.Pattern, token, token.Text));
            return;
        }
        if (IPv4TextScanner.Find(token.Text) is not { } matches) return;
        foreach (var match in matches)
            hits.Add(new CodeHit(CodeHitKind.Literal, token, match.Text) { LiteralKind = match.Kind });
    }

    /// <summary>PARSENAME and the split functions count only on an address argument (and a '.' separator).</summary>
    private static bool Applies(IPv4Function function, IReadOnlyList<SqlToken> tokens, int open)
    {
        if (!function.NeedsAddressArgument) return true;
        var depth = 0;
        var addressArgument = false;
        var dotSeparator = false;
        for (var i = open; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.IsSymbol("(")) depth++;
            else if (t.IsSymbol(")") && --depth == 0) break;
            else if ((t.IsName || t.Kind == TokenKind.Parameter) && AddressNames.OfName(t.Text.TrimStart('@', ':')) != AddressHint.None) addressArgument = true;
            else if (t.Kind == TokenKind.String && t.Text == ".") dotSeparator = true;
        }
        return addressArgument && (dotSeparator || !function.NeedsDotSeparator);
    }

    /// <summary>A parameter or variable named for an address and typed for IPv4: IN p_ip VARCHAR(15), DECLARE @ip int.</summary>
    private static AddressColumn? Declaration(IReadOnlyList<SqlToken> tokens, int i, SqlDialect dialect)
    {
        var name = tokens[i].Text.TrimStart('@', ':');
        if (AddressNames.OfName(name) == AddressHint.None) return null;
        var cursor = new TokenCursor(tokens, i + 1);
        ColumnType type;
        try
        {
            type = TableElementReader.ReadType(cursor);
        }
        catch (DdlReadException)
        {
            return null;
        }
        // An address column named in a query (SELECT ip FROM t) is followed by a word that is no type.
        if (type.FamilyIn(dialect) == TypeFamily.Other || type.Length is null && type.FamilyIn(dialect) == TypeFamily.Text) return null;
        var column = AddressColumns.Classify(Declarations, new ColumnModel(name, type, tokens[i].Line), dialect);
        return column?.Kind is AddressColumnKind.IPv4Text or AddressColumnKind.IPv4Number ? column : null;
    }
}
