using System.Diagnostics;
using Coexist.Schema.Objects;
using Coexist.Schema.Rules;

namespace Coexist.Schema.Ddl;

/// <summary>
/// Assesses a DDL file statement by statement: code is checked as it is read and let go, tables
/// are kept (their columns, keys and comments arrive in later statements), and the column rules run
/// at the end. Memory follows the number of tables, not the size of the file.
/// </summary>
internal static class DdlAssessor
{
    /// <summary>Skipped statements listed one by one; beyond this only their number is kept.</summary>
    public const int MaxSkippedListed = 1000;

    private const int ProgressEvery = 1000;

    /// <summary>The first bytes of every SQLite database file (sqlite.org/fileformat.html §1.3).</summary>
    private const string SqliteHeader = "SQLite format 3\0";

    public static SchemaAssessment Assess(TextReader text, string source, SchemaOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var sample = ReadSample(text);
        if (sample.StartsWith(SqliteHeader, StringComparison.Ordinal))
            throw new SchemaInputException($"{source} is a SQLite database, not a DDL file: assess it as a connection (Data Source={source})");

        var (dialect, dialectReason) = options.Dialect is { } given ? (given, "given") : DialectDetector.Detect(sample);
        var reader = new SchemaReader(new RuleContext(new SchemaModel(dialect, DefaultSchema(dialect)), options, source));
        var skipped = new List<SkippedStatement>();
        long skippedCount = 0;

        var lexer = new SqlLexer(new CharSource(text, sample), DialectSyntax.For(dialect), options.MaxStatementChars);
        var splitter = new StatementSplitter(lexer, dialect, options.MaxStatementChars);
        while (splitter.Next() is { } statement)
        {
            if (reader.Read(statement) is { } reason)
            {
                skippedCount++;
                if (skipped.Count < MaxSkippedListed) skipped.Add(new SkippedStatement { Line = statement.Line, Reason = reason });
            }
            if (reader.Statements % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                options.Progress?.Report(new SchemaProgress("statements", reader.Statements, null));
            }
        }

        reader.Finish();
        return new SchemaAssessment
        {
            Source = source,
            Dialect = dialect,
            DialectReason = dialectReason,
            Findings = reader.Findings.OrderBy(f => f.Location?.Line ?? 0).ToList(),
            Skipped = skipped,
            Statistics = reader.Statistics() with { SkippedStatements = skippedCount, Elapsed = stopwatch.Elapsed },
        };
    }

    /// <summary>Where unqualified names live: public in PostgreSQL, dbo in SQL Server; MySQL and SQLite names carry none.</summary>
    public static string? DefaultSchema(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => "public",
        SqlDialect.TSql => "dbo",
        _ => null,
    };

    private static string ReadSample(TextReader reader)
    {
        var buffer = new char[DialectDetector.SampleChars];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = reader.Read(buffer, length, buffer.Length - length)) > 0) length += read;
        return new string(buffer, 0, length);
    }
}
