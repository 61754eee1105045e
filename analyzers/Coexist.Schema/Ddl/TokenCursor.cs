using Coexist.Schema.Objects;

namespace Coexist.Schema.Ddl;

/// <summary>A statement the readers understood the start of but not the rest; it is skipped with this reason.</summary>
internal sealed class DdlReadException(string reason) : Exception(reason);

/// <summary>Walks the tokens of one statement (or a slice of it) for the statement readers.</summary>
internal sealed class TokenCursor
{
    private readonly IReadOnlyList<SqlToken> _tokens;
    private readonly int _end;

    public TokenCursor(IReadOnlyList<SqlToken> tokens, int start = 0, int? end = null)
    {
        _tokens = tokens;
        Position = start;
        _end = end ?? tokens.Count;
    }

    public int Position { get; set; }
    public int End => _end;
    public bool AtEnd => Position >= _end;
    public IReadOnlyList<SqlToken> Tokens => _tokens;

    /// <summary>The token <paramref name="ahead"/> places on; a blank symbol past the end.</summary>
    public SqlToken Peek(int ahead = 0) =>
        Position + ahead < _end ? _tokens[Position + ahead] : new SqlToken(TokenKind.Symbol, "", LastLine);

    public int LastLine => _end > 0 && _end <= _tokens.Count ? _tokens[_end - 1].Line : 0;

    public SqlToken Take()
    {
        var token = Peek();
        Position++;
        return token;
    }

    public bool IsWord(string word, int ahead = 0) => Peek(ahead).IsWord(word);

    public bool Accept(string word)
    {
        if (!IsWord(word)) return false;
        Position++;
        return true;
    }

    /// <summary>Accepts the words in order, or none of them.</summary>
    public bool Accept(params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (!IsWord(words[i], i)) return false;
        }
        Position += words.Length;
        return true;
    }

    public bool AcceptSymbol(string symbol)
    {
        if (!Peek().IsSymbol(symbol)) return false;
        Position++;
        return true;
    }

    public void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol))
            throw new DdlReadException($"expected '{symbol}' at line {Peek().Line}, found {Describe(Peek())}");
    }

    /// <summary>Skips IF EXISTS / IF NOT EXISTS.</summary>
    public void SkipIfExists()
    {
        if (Accept("IF", "NOT", "EXISTS")) return;
        Accept("IF", "EXISTS");
    }

    public string ReadIdentifier(string what)
    {
        var token = Peek();
        if (!token.IsName) throw new DdlReadException($"expected {what} at line {token.Line}, found {Describe(token)}");
        Position++;
        return token.Text;
    }

    /// <summary>Reads <c>name</c>, <c>schema.name</c> or <c>db.schema.name</c> (the last two parts are kept).</summary>
    public ObjectName ReadName(string what)
    {
        var parts = new List<string> { ReadIdentifier(what) };
        while (Peek().IsSymbol(".") && Peek(1).IsName)
        {
            Position++;
            parts.Add(Take().Text);
        }
        return parts.Count == 1 ? new ObjectName(null, parts[0]) : new ObjectName(parts[^2], parts[^1]);
    }

    /// <summary>Reads a parenthesised group; returns the slice inside it and leaves the cursor after the ')'.</summary>
    public TokenCursor ReadGroup()
    {
        var open = Peek();
        ExpectSymbol("(");
        var start = Position;
        var depth = 1;
        while (!AtEnd)
        {
            var token = Take();
            if (token.IsSymbol("(")) depth++;
            else if (token.IsSymbol(")") && --depth == 0) return new TokenCursor(_tokens, start, Position - 1);
        }
        throw new DdlReadException($"parenthesis opened at line {open.Line} is not closed");
    }

    /// <summary>Splits the rest of this slice at top-level <paramref name="separator"/>s.</summary>
    public List<TokenCursor> SplitTopLevel(string separator = ",")
    {
        var parts = new List<TokenCursor>();
        var depth = 0;
        var start = Position;
        for (var i = Position; i < _end; i++)
        {
            var token = _tokens[i];
            if (token.IsSymbol("(")) depth++;
            else if (token.IsSymbol(")")) depth--;
            else if (depth == 0 && token.IsSymbol(separator))
            {
                parts.Add(new TokenCursor(_tokens, start, i));
                start = i + 1;
            }
        }
        if (start < _end) parts.Add(new TokenCursor(_tokens, start, _end));
        Position = _end;
        return parts;
    }

    /// <summary>Skips one item: a word, a literal, or a whole parenthesised group.</summary>
    public void SkipItem()
    {
        if (Peek().IsSymbol("(")) ReadGroup();
        else Position++;
    }

    /// <summary>The tokens from the cursor up to (not including) the first top-level word in <paramref name="stops"/>, as code.</summary>
    public CodeText ReadExpressionUntil(ISet<string> stops)
    {
        var start = Position;
        var depth = 0;
        while (!AtEnd)
        {
            var token = Peek();
            if (depth == 0 && (token.Kind == TokenKind.Word && stops.Contains(token.Text) || token.IsSymbol(","))) break;
            if (token.IsSymbol("(")) depth++;
            else if (token.IsSymbol(")")) depth--;
            Position++;
        }
        return Code(start, Position);
    }

    /// <summary>The rest of this slice as code.</summary>
    public CodeText RestAsCode()
    {
        var code = Code(Position, _end);
        Position = _end;
        return code;
    }

    public CodeText Code(int start, int end) => new(Slice(start, end));

    public List<SqlToken> Slice(int start, int end)
    {
        var slice = new List<SqlToken>(Math.Max(0, end - start));
        for (var i = start; i < end; i++) slice.Add(_tokens[i]);
        return slice;
    }

    public static string Describe(SqlToken token) => token switch
    {
        { Kind: TokenKind.Symbol, Text: "" } => "the end of the statement",
        { Kind: TokenKind.String } => "a string",
        _ => $"'{token.Text}'",
    };
}
