namespace Coexist.Schema.Ddl;

internal enum TokenKind
{
    /// <summary>A keyword or an unquoted identifier, as written.</summary>
    Word,
    /// <summary>An identifier in double quotes, backticks or brackets; the text is without the quotes.</summary>
    QuotedName,
    /// <summary>A string literal or a dollar-quoted body; the text is the value, escapes resolved.</summary>
    String,
    Number,
    /// <summary>Punctuation and operators: ( ) , . ; = ~ :: and the like.</summary>
    Symbol,
    /// <summary>A variable or parameter: @name, @@name, :name, $1.</summary>
    Parameter,
    /// <summary>The end of a statement: ; or the delimiter a MySQL DELIMITER command set.</summary>
    Delimiter,
    /// <summary>A T-SQL GO line: the end of a batch.</summary>
    BatchSeparator,
    /// <summary>Something that could not be read (an unterminated literal); the text is the reason.</summary>
    Error,
}

/// <summary>One token with the line it starts on. <see cref="Prefix"/> marks E'', N'', X'' and $$ strings.</summary>
internal readonly record struct SqlToken(TokenKind Kind, string Text, int Line, char Prefix = '\0')
{
    public bool IsWord(string word) => Kind == TokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    /// <summary>A name: an unquoted word or a quoted identifier.</summary>
    public bool IsName => Kind is TokenKind.Word or TokenKind.QuotedName;

    /// <summary>True for a dollar-quoted body ($$ ... $$), which holds code rather than data.</summary>
    public bool IsDollarBody => Kind == TokenKind.String && Prefix == '$';

    public override string ToString() => $"{Kind}:{Text}@{Line}";
}
