namespace Coexist.Schema.Ddl;

/// <summary>One statement: its tokens and the line it starts on, or the reason it cannot be read.</summary>
internal sealed record SqlStatement(int Line, IReadOnlyList<SqlToken> Tokens, string? SkipReason = null);

/// <summary>
/// Groups tokens into statements the way each dialect's client does: at ; (or the MySQL DELIMITER),
/// at T-SQL GO lines, around BEGIN ... END bodies of triggers and routines, and at the start of
/// a new statement in T-SQL batches written without semicolons. Holds one statement at a time.
/// </summary>
internal sealed class StatementSplitter
{
    /// <summary>Routine heads are short: CREATE OR REPLACE DEFINER=`u`@`h` PROCEDURE is within this many tokens.</summary>
    private const int RoutineHeadTokens = 16;

    private static readonly HashSet<string> RoutineKinds = new(StringComparer.OrdinalIgnoreCase)
        { "TRIGGER", "FUNCTION", "PROCEDURE", "PROC", "EVENT" };

    // T-SQL modules (CREATE PROCEDURE, VIEW, ...) run to the end of their batch (the next GO).
    private static readonly HashSet<string> TSqlModuleKinds = new(StringComparer.OrdinalIgnoreCase)
        { "TRIGGER", "FUNCTION", "PROCEDURE", "PROC", "VIEW" };

    // In a T-SQL batch without semicolons these words start a new statement.
    private static readonly HashSet<string> TSqlObjectWords = new(StringComparer.OrdinalIgnoreCase)
        { "TABLE", "VIEW", "PROC", "PROCEDURE", "FUNCTION", "TRIGGER", "INDEX", "SCHEMA", "DATABASE", "TYPE", "SEQUENCE", "SYNONYM" };

    private static readonly HashSet<string> TSqlSetOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        "ANSI_NULLS", "ANSI_PADDING", "ANSI_WARNINGS", "QUOTED_IDENTIFIER", "NOCOUNT", "XACT_ABORT", "ARITHABORT",
        "CONCAT_NULL_YIELDS_NULL", "NUMERIC_ROUNDABORT", "IDENTITY_INSERT", "ANSI_NULL_DFLT_ON", "DATEFORMAT", "LANGUAGE",
    };

    // After an unreadable stretch, a line starting with one of these starts the next statement,
    // so that a stray quote costs its own statement and not the next one as well.
    private static readonly HashSet<string> RecoveryWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE", "COMMENT", "SET", "GRANT", "REVOKE", "SELECT", "COPY", "USE",
        "BEGIN", "COMMIT", "LOCK", "UNLOCK", "EXEC", "EXECUTE", "PRAGMA", "TRUNCATE",
    };

    private readonly SqlLexer _lexer;
    private readonly SqlDialect _dialect;
    private readonly int _maxStatementChars;
    // Tokens read ahead of the statement being built: a T-SQL split needs to see one word further.
    private readonly List<SqlToken> _pending = [];

    public StatementSplitter(SqlLexer lexer, SqlDialect dialect, int maxStatementChars)
    {
        _lexer = lexer;
        _dialect = dialect;
        _maxStatementChars = maxStatementChars;
    }

    /// <summary>Rows of <c>COPY ... FROM stdin</c> data passed over (pg_dump with data).</summary>
    public long CopyRowsSkipped { get; private set; }

    public static IEnumerable<SqlStatement> Split(string text, SqlDialect dialect, int maxStatementChars = 1 << 20)
    {
        var lexer = new SqlLexer(new CharSource(new StringReader(text)), DialectSyntax.For(dialect), maxStatementChars);
        var splitter = new StatementSplitter(lexer, dialect, maxStatementChars);
        while (splitter.Next() is { } statement) yield return statement;
    }

    public SqlStatement? Next()
    {
        var state = new State();
        while (true)
        {
            var token = Take();
            if (token is not { } t)
                return state.IsEmpty ? null : Finish(state);

            var startsLine = t.Line > state.LastLine;
            state.LastLine = t.Line;
            if (state.SkipReason is not null && startsLine && t.Kind == TokenKind.Word && RecoveryWords.Contains(t.Text))
            {
                _pending.Insert(0, t);
                return Finish(state);
            }

            switch (t.Kind)
            {
                case TokenKind.Error:
                    state.Skip(t.Text, t.Line);
                    continue;
                case TokenKind.BatchSeparator:
                    if (state.IsEmpty) continue;
                    return Finish(state);
                case TokenKind.Delimiter when t.Text == ";" && (state.BlockDepth > 0 || state.TSqlModule):
                    state.Add(t with { Kind = TokenKind.Symbol }, _maxStatementChars);
                    continue;
                case TokenKind.Delimiter:
                    if (state.IsEmpty) continue;
                    return Finish(state);
            }

            if (_dialect == SqlDialect.TSql && state.Tokens.Count > 0 && state.ParenDepth == 0 && !state.TSqlModule && StartsTSqlStatement(t))
            {
                _pending.Insert(0, t);
                return Finish(state);
            }

            if (IsBinary(t)) state.Skip("binary data, not SQL", t.Line);
            Track(state, t);
            state.Add(t, _maxStatementChars);
        }
    }

    private SqlToken? Take()
    {
        if (_pending.Count == 0) return _lexer.Next();
        var token = _pending[0];
        _pending.RemoveAt(0);
        return token;
    }

    /// <summary>The token after the one just taken, left in place.</summary>
    private SqlToken? PeekNext()
    {
        if (_pending.Count == 0 && _lexer.Next() is { } next) _pending.Add(next);
        return _pending.Count > 0 ? _pending[0] : null;
    }

    private SqlStatement Finish(State state)
    {
        var statement = state.SkipReason is { } reason
            ? new SqlStatement(state.Line, [], reason)
            : new SqlStatement(state.Line, state.Tokens);
        if (_dialect == SqlDialect.Postgres && state.SkipReason is null && IsCopyFromStdin(state.Tokens))
            CopyRowsSkipped += _lexer.SkipCopyData();
        return statement;
    }

    /// <summary>Follows parentheses, routine heads and BEGIN ... END nesting, which decide where a statement ends.</summary>
    private void Track(State state, SqlToken t)
    {
        if (t.IsSymbol("(")) state.ParenDepth++;
        else if (t.IsSymbol(")")) state.ParenDepth = Math.Max(0, state.ParenDepth - 1);

        if (state.Routine is null && state.Tokens.Count > 0)
        {
            var head = state.Tokens[0];
            var opensRoutine = head.IsWord("CREATE") || _dialect == SqlDialect.TSql && head.IsWord("ALTER");
            if (!opensRoutine || state.Tokens.Count > RoutineHeadTokens || t.IsSymbol("(") || t.IsWord("AS"))
                state.Routine = false;
            else if (t.Kind == TokenKind.Word && RoutineKinds.Contains(t.Text))
                state.Routine = true;
            if (_dialect == SqlDialect.TSql && opensRoutine && t.Kind == TokenKind.Word && TSqlModuleKinds.Contains(t.Text) && state.Tokens.Count <= RoutineHeadTokens)
                state.TSqlModule = true;
        }

        if (state.Routine != true || _lexer.CustomDelimiter || _dialect == SqlDialect.TSql || t.Kind != TokenKind.Word || state.Tokens.Count == 0) return;
        var previous = state.Tokens[^1];
        if (t.IsWord("BEGIN") || t.IsWord("CASE") && !previous.IsWord("END"))
            state.BlockDepth++;
        else if (t.IsWord("END"))
            state.BlockDepth = Math.Max(0, state.BlockDepth - 1);
        // END IF, END LOOP ... close blocks that were never counted; BEGIN TRANSACTION opens none.
        else if (previous.IsWord("END") && (t.IsWord("IF") || t.IsWord("LOOP") || t.IsWord("WHILE") || t.IsWord("REPEAT")))
            state.BlockDepth++;
        else if (previous.IsWord("BEGIN") && (t.IsWord("TRANSACTION") || t.IsWord("WORK") || t.IsWord("TRAN")))
            state.BlockDepth = Math.Max(0, state.BlockDepth - 1);
    }

    /// <summary>Whether <paramref name="t"/> starts a new T-SQL statement in a batch written without semicolons.</summary>
    private bool StartsTSqlStatement(SqlToken t)
    {
        if (t.Kind != TokenKind.Word) return false;
        if (t.IsWord("CREATE") || t.IsWord("USE") || t.IsWord("GRANT") || t.IsWord("PRINT")) return true;
        if (t.IsWord("EXEC") || t.IsWord("EXECUTE")) return true;
        if (!(t.IsWord("ALTER") || t.IsWord("DROP") || t.IsWord("SET"))) return false;
        var next = PeekNext();
        return next is { Kind: TokenKind.Word } n && (t.IsWord("SET") ? TSqlSetOptions.Contains(n.Text) : TSqlObjectWords.Contains(n.Text));
    }

    /// <summary>Control characters and undecodable bytes (U+FFFD) outside literals: not SQL.</summary>
    private static bool IsBinary(SqlToken t)
    {
        if (t.Kind is not (TokenKind.Symbol or TokenKind.Word)) return false;
        foreach (var c in t.Text)
        {
            if (c == '\uFFFD' || c < ' ' && c is not ('\t' or '\r' or '\n')) return true;
        }
        return false;
    }

    private static bool IsCopyFromStdin(IReadOnlyList<SqlToken> tokens)
    {
        if (tokens.Count < 3 || !tokens[0].IsWord("COPY")) return false;
        for (var i = 1; i < tokens.Count - 1; i++)
        {
            if (tokens[i].IsWord("FROM") && tokens[i + 1].IsWord("STDIN")) return true;
        }
        return false;
    }

    private sealed class State
    {
        public List<SqlToken> Tokens { get; } = [];
        public int Line { get; private set; }
        public string? SkipReason { get; private set; }
        public int ParenDepth { get; set; }
        public int BlockDepth { get; set; }
        public bool? Routine { get; set; }
        public int LastLine { get; set; }
        public bool TSqlModule { get; set; }
        private long _chars;

        public bool IsEmpty => Tokens.Count == 0 && SkipReason is null;

        public void Add(SqlToken token, int maxChars)
        {
            if (Tokens.Count == 0 && SkipReason is null) Line = token.Line;
            if (SkipReason is not null) return;
            _chars += token.Text.Length + 1;
            if (_chars > maxChars)
            {
                Skip($"statement longer than {maxChars} characters", token.Line);
                return;
            }
            Tokens.Add(token);
        }

        /// <summary>Marks the statement unreadable and lets go of its tokens; it still runs to its delimiter.</summary>
        public void Skip(string reason, int line)
        {
            if (Tokens.Count == 0 && SkipReason is null) Line = line;
            SkipReason ??= reason;
            Tokens.Clear();
            Tokens.TrimExcess();
        }
    }
}
