using System.Text;

namespace Coexist.Schema.Ddl;

/// <summary>
/// Turns SQL text into tokens, one at a time, for any of the four dialects. It never throws on
/// bad input: an unterminated literal or comment becomes an <see cref="TokenKind.Error"/> token,
/// and the text after the line it started on is read again as SQL, so that one stray quote
/// costs one statement, not the rest of the file.
/// </summary>
internal sealed class SqlLexer
{
    private readonly CharSource _source;
    private readonly DialectSyntax _syntax;
    private readonly int _maxLiteralChars;
    private string _delimiter = ";";
    private int _executableCommentDepth;
    private bool _lineHasToken;

    public SqlLexer(CharSource source, DialectSyntax syntax, int maxLiteralChars)
    {
        _source = source;
        _syntax = syntax;
        _maxLiteralChars = maxLiteralChars;
    }

    public static IEnumerable<SqlToken> Tokenize(string text, SqlDialect dialect, int firstLine = 1)
    {
        var lexer = new SqlLexer(new CharSource(new StringReader(text), firstLine: firstLine), DialectSyntax.For(dialect), int.MaxValue);
        while (lexer.Next() is { } token) yield return token;
    }

    /// <summary>True while a MySQL DELIMITER command has set something other than ;.</summary>
    public bool CustomDelimiter => _delimiter != ";";

    /// <summary>The next token, or null at the end of the input.</summary>
    public SqlToken? Next()
    {
        while (true)
        {
            var c = _source.Peek();
            if (c == CharSource.EndOfInput) return null;

            if (c == '\n')
            {
                _source.Read();
                _lineHasToken = false;
                continue;
            }
            if (char.IsWhiteSpace((char)c))
            {
                _source.Read();
                continue;
            }

            if (!_lineHasToken && _executableCommentDepth == 0)
            {
                if (_syntax.GoBatches && TryReadGo(out var go)) return go;
                if (_syntax.DelimiterCommand && TryReadDelimiterCommand()) continue;
                if (_syntax.BackslashMetaCommands && c == '\\')
                {
                    SkipLine();
                    continue;
                }
            }

            if (CustomDelimiter && _source.StartsWith(_delimiter))
                return Emit(ReadFixed(_delimiter.Length, TokenKind.Delimiter));

            var next = _source.Peek(1);
            if (c == '-' && next == '-' || _syntax.HashComments && c == '#')
            {
                SkipLine();
                continue;
            }
            if (c == '/' && next == '*')
            {
                if (_syntax.ExecutableComments && IsExecutableCommentStart())
                {
                    SkipExecutableCommentMarker();
                    continue;
                }
                if (SkipBlockComment() is { } error) return Emit(error);
                continue;
            }
            if (c == '*' && next == '/' && _executableCommentDepth > 0)
            {
                _source.Read();
                _source.Read();
                _executableCommentDepth--;
                continue;
            }

            return Emit(ReadToken(c));
        }
    }

    /// <summary>Skips the data rows of a PostgreSQL <c>COPY ... FROM stdin</c>, up to and including the <c>\.</c> line.</summary>
    public long SkipCopyData()
    {
        SkipLine();
        long rows = 0;
        while (_source.Peek() != CharSource.EndOfInput)
        {
            if (_source.StartsWith("\\.") && _source.Peek(2) is '\n' or '\r' or CharSource.EndOfInput)
            {
                SkipLine();
                break;
            }
            SkipLine();
            rows++;
        }
        _lineHasToken = false;
        return rows;
    }

    private SqlToken Emit(SqlToken token)
    {
        _lineHasToken = true;
        return token;
    }

    private SqlToken ReadToken(int c)
    {
        var line = _source.Line;
        var next = _source.Peek(1);
        switch (c)
        {
            case ';':
                return ReadFixed(1, CustomDelimiter ? TokenKind.Symbol : TokenKind.Delimiter);
            case '\'':
                return ReadQuoted('\'', TokenKind.String, line, _syntax.BackslashEscapes, prefixLength: 0, prefix: '\0');
            case '"':
                return _syntax.DoubleQuotedStrings
                    ? ReadQuoted('"', TokenKind.String, line, _syntax.BackslashEscapes, 0, '\0')
                    : ReadQuoted('"', TokenKind.QuotedName, line, backslashEscapes: false, 0, '\0');
            case '`' when _syntax.BacktickNames:
                return ReadQuoted('`', TokenKind.QuotedName, line, backslashEscapes: false, 0, '\0');
            case '[' when _syntax.BracketNames:
                return ReadQuoted(']', TokenKind.QuotedName, line, backslashEscapes: false, 0, '\0', open: '[');
            case '$' when _syntax.DollarQuotes && TryReadDollarTag(out var tag):
                return ReadDollarBody(tag, line);
            case '@' or ':' or '?' or '$' when IsWordStart(next) || c == '@' && next == '@' || c is '$' or '?' && IsDigit(next):
                return ReadParameter(line);
            case ':' when next == ':':
                return ReadFixed(2, TokenKind.Symbol);
        }

        if (next == '\'' && c is 'E' or 'e' or 'N' or 'n' or 'X' or 'x' or 'B' or 'b')
        {
            var escapes = c is 'E' or 'e' || _syntax.BackslashEscapes;
            return ReadQuoted('\'', TokenKind.String, line, escapes, prefixLength: 1, prefix: char.ToUpperInvariant((char)c));
        }
        if (IsDigit(c) || c == '.' && IsDigit(next)) return ReadNumber(line);
        if (IsWordStart(c)) return ReadWord(line);
        return ReadFixed(1, TokenKind.Symbol);
    }

    private SqlToken ReadFixed(int length, TokenKind kind)
    {
        var line = _source.Line;
        return new SqlToken(kind, _source.Take(length), line);
    }

    private SqlToken ReadWord(int line)
    {
        var length = 0;
        // "END$$" with DELIMITER $$: the delimiter ends the word.
        while (IsWordPart(_source.Peek(length)) && !(CustomDelimiter && length > 0 && StartsWithAt(length, _delimiter))) length++;
        return new SqlToken(TokenKind.Word, _source.Take(length), line);
    }

    private SqlToken ReadNumber(int line)
    {
        var length = 0;
        while (true)
        {
            var c = _source.Peek(length);
            if (IsDigit(c) || c == '.' || IsWordPart(c) && c != '$')
                length++;
            else if ((c is '+' or '-') && length > 0 && _source.Peek(length - 1) is 'e' or 'E')
                length++;
            else
                break;
        }
        return new SqlToken(TokenKind.Number, _source.Take(length), line);
    }

    private SqlToken ReadParameter(int line)
    {
        var length = _source.Peek(1) == '@' ? 2 : 1;
        while (IsWordPart(_source.Peek(length))) length++;
        return new SqlToken(TokenKind.Parameter, _source.Take(length), line);
    }

    private bool StartsWithAt(int offset, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (_source.Peek(offset + i) != text[i]) return false;
        }
        return true;
    }

    /// <summary>
    /// Reads a quoted construct up to its closing <paramref name="close"/>; a doubled close stands for itself.
    /// When it never closes (or grows past the limit), the text after its first line is pushed back.
    /// </summary>
    private SqlToken ReadQuoted(char close, TokenKind kind, int line, bool backslashEscapes, int prefixLength, char prefix, char? open = null)
    {
        for (var i = 0; i < prefixLength; i++) _source.Read();
        _source.Read(); // the opening quote
        // Most literals have no escapes: their text is the value, and one builder is enough.
        var raw = new StringBuilder();
        var escapes = false;
        while (true)
        {
            var c = _source.Read();
            if (c == CharSource.EndOfInput || raw.Length > _maxLiteralChars)
                return Unterminated(raw, line, kind == TokenKind.String ? "string literal" : "quoted name", c == CharSource.EndOfInput);
            if (backslashEscapes && c == '\\')
            {
                raw.Append((char)c);
                var escaped = _source.Read();
                if (escaped != CharSource.EndOfInput) raw.Append((char)escaped);
                escapes = true;
                continue;
            }
            if (c == close)
            {
                if (_source.Peek() == close)
                {
                    raw.Append(close);
                    raw.Append((char)_source.Read());
                    escapes = true;
                    continue;
                }
                var text = raw.ToString();
                return new SqlToken(kind, escapes ? Unescape(text, close, backslashEscapes) : text, line, prefix);
            }
            raw.Append((char)c);
        }
    }

    /// <summary>The value of a literal's raw text: doubled quotes and backslash escapes resolved.</summary>
    private static string Unescape(string raw, char close, bool backslashEscapes)
    {
        var value = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (backslashEscapes && c == '\\' && i + 1 < raw.Length) value.Append(Unescape(raw[++i]));
            else if (c == close && i + 1 < raw.Length && raw[i + 1] == close) value.Append(raw[++i]);
            else value.Append(c);
        }
        return value.ToString();
    }

    private static char Unescape(char c) => c switch
    {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '0' => '\0',
        _ => c,
    };

    private bool TryReadDollarTag(out string tag)
    {
        tag = "";
        var i = 1;
        var c = _source.Peek(i);
        if (c != '$')
        {
            if (!IsWordStart(c) || c == '$') return false;
            while (IsWordPart(c = _source.Peek(i)) && c != '$') i++;
            if (c != '$') return false;
        }
        var text = new StringBuilder();
        for (var k = 0; k <= i; k++) text.Append((char)_source.Peek(k));
        tag = text.ToString();
        return true;
    }

    private SqlToken ReadDollarBody(string tag, int line)
    {
        for (var i = 0; i < tag.Length; i++) _source.Read();
        var body = new StringBuilder();
        while (true)
        {
            if (_source.StartsWith(tag))
            {
                for (var i = 0; i < tag.Length; i++) _source.Read();
                return new SqlToken(TokenKind.String, body.ToString(), line, '$');
            }
            var c = _source.Read();
            if (c == CharSource.EndOfInput || body.Length > _maxLiteralChars)
                return Unterminated(body, line, $"{tag} body", c == CharSource.EndOfInput);
            body.Append((char)c);
        }
    }

    /// <returns>An error token when the comment never closes, else null.</returns>
    private SqlToken? SkipBlockComment()
    {
        var line = _source.Line;
        _source.Read();
        _source.Read();
        var depth = 1;
        var raw = new StringBuilder();
        while (true)
        {
            var c = _source.Read();
            if (c == CharSource.EndOfInput || raw.Length > _maxLiteralChars)
                return Unterminated(raw, line, "comment", c == CharSource.EndOfInput);
            raw.Append((char)c);
            if (c == '*' && _source.Peek() == '/')
            {
                raw.Append((char)_source.Read());
                if (--depth == 0) return null;
            }
            else if (_syntax.NestedComments && c == '/' && _source.Peek() == '*')
            {
                raw.Append((char)_source.Read());
                depth++;
            }
        }
    }

    /// <summary>
    /// Gives up on a literal or comment that never closed: its first line is lost with its statement,
    /// the rest is read again as SQL.
    /// </summary>
    private SqlToken Unterminated(StringBuilder consumed, int line, string what, bool atEnd)
    {
        var text = consumed.ToString();
        var firstBreak = text.IndexOf('\n');
        if (firstBreak >= 0) _source.PushBack(text[(firstBreak + 1)..], line + 1);
        var reason = atEnd
            ? $"unterminated {what} starting at line {line}"
            : $"{what} starting at line {line} is longer than {_maxLiteralChars} characters";
        return new SqlToken(TokenKind.Error, reason, line);
    }

    private bool IsExecutableCommentStart() =>
        _source.Peek(2) == '!' || _source.Peek(2) == 'M' && _source.Peek(3) == '!';

    private void SkipExecutableCommentMarker()
    {
        _source.Read();
        _source.Read();
        if (_source.Peek() == 'M') _source.Read();
        _source.Read();
        while (IsDigit(_source.Peek())) _source.Read();
        _executableCommentDepth++;
    }

    /// <summary>A T-SQL batch separator: GO alone on its line, perhaps with a repeat count and a comment.</summary>
    private bool TryReadGo(out SqlToken token)
    {
        token = default;
        if (!_source.StartsWith("GO", ignoreCase: true) || IsWordPart(_source.Peek(2))) return false;
        var i = 2;
        while (_source.Peek(i) is ' ' or '\t') i++;
        while (IsDigit(_source.Peek(i))) i++;
        while (_source.Peek(i) is ' ' or '\t') i++;
        var c = _source.Peek(i);
        var endsLine = c is '\n' or '\r' or CharSource.EndOfInput || c == '-' && _source.Peek(i + 1) == '-';
        if (!endsLine) return false;
        var line = _source.Line;
        SkipLine();
        token = new SqlToken(TokenKind.BatchSeparator, "GO", line);
        return true;
    }

    /// <summary>The mysql client's <c>DELIMITER x</c>: not SQL, it changes what ends a statement.</summary>
    private bool TryReadDelimiterCommand()
    {
        const string command = "DELIMITER";
        if (!_source.StartsWith(command, ignoreCase: true) || _source.Peek(command.Length) is not (' ' or '\t')) return false;
        for (var i = 0; i < command.Length; i++) _source.Read();
        while (_source.Peek() is ' ' or '\t') _source.Read();
        var delimiter = new StringBuilder();
        while (_source.Peek() is var c and not (CharSource.EndOfInput or ' ' or '\t' or '\r' or '\n'))
            delimiter.Append((char)_source.Read());
        SkipLine();
        if (delimiter.Length > 0) _delimiter = delimiter.ToString();
        return true;
    }

    private void SkipLine()
    {
        while (_source.Peek() is var c && c != CharSource.EndOfInput && c != '\n') _source.Read();
        if (_source.Peek() == '\n') _source.Read();
        _lineHasToken = false;
    }

    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private static bool IsWordStart(int c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_' or '#' || c > 127 && char.IsLetter((char)c);

    private static bool IsWordPart(int c) => IsWordStart(c) || IsDigit(c) || c == '$';
}
