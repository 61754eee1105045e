namespace Coexist.Schema.Ddl;

/// <summary>The lexical rules that differ between dialects, as data.</summary>
internal sealed record DialectSyntax
{
    public required SqlDialect Dialect { get; init; }
    /// <summary>`name` quotes an identifier (MySQL; SQLite accepts it too).</summary>
    public bool BacktickNames { get; init; }
    /// <summary>[name] quotes an identifier (T-SQL; SQLite accepts it too).</summary>
    public bool BracketNames { get; init; }
    /// <summary>"x" is a string, not a name (MySQL without ANSI_QUOTES).</summary>
    public bool DoubleQuotedStrings { get; init; }
    /// <summary>\' and \\ escape inside every string (MySQL); PostgreSQL only inside E'...'.</summary>
    public bool BackslashEscapes { get; init; }
    /// <summary>$tag$ ... $tag$ bodies (PostgreSQL).</summary>
    public bool DollarQuotes { get; init; }
    /// <summary># starts a comment to the end of the line (MySQL).</summary>
    public bool HashComments { get; init; }
    /// <summary>/* /* */ */ nests (PostgreSQL, T-SQL).</summary>
    public bool NestedComments { get; init; }
    /// <summary>/*!40101 ... */ holds SQL that MySQL runs (mysqldump writes them everywhere).</summary>
    public bool ExecutableComments { get; init; }
    /// <summary>DELIMITER ;; changes the statement delimiter (the mysql client; mysqldump uses it for triggers and routines).</summary>
    public bool DelimiterCommand { get; init; }
    /// <summary>A line holding only GO ends a batch (sqlcmd, SSMS).</summary>
    public bool GoBatches { get; init; }
    /// <summary>A line starting with \ is a psql meta-command (\connect, \restrict).</summary>
    public bool BackslashMetaCommands { get; init; }

    public static DialectSyntax For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => new() { Dialect = dialect, DollarQuotes = true, NestedComments = true, BackslashMetaCommands = true },
        SqlDialect.MySql => new()
        {
            Dialect = dialect, BacktickNames = true, DoubleQuotedStrings = true, BackslashEscapes = true,
            HashComments = true, ExecutableComments = true, DelimiterCommand = true,
        },
        SqlDialect.Sqlite => new() { Dialect = dialect, BacktickNames = true, BracketNames = true },
        SqlDialect.TSql => new() { Dialect = dialect, BracketNames = true, NestedComments = true, GoBatches = true },
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };
}
