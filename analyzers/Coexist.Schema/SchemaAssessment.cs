using Coexist.Model;

namespace Coexist.Schema;

/// <summary>What one schema assessment found, what it could not read, and what it looked at.</summary>
public sealed record SchemaAssessment
{
    /// <summary>The DDL file as given, or the database as <c>postgres://user@host:port/db</c> (never with a password).</summary>
    public required string Source { get; init; }
    public required SqlDialect Dialect { get; init; }
    /// <summary>Why the dialect was chosen: "given", or the syntax that gave it away.</summary>
    public required string DialectReason { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    /// <summary>Statements (or objects) that could not be read; everything else was still assessed.</summary>
    public required IReadOnlyList<SkippedStatement> Skipped { get; init; }
    public required SchemaStatistics Statistics { get; init; }

    /// <summary>The findings as an assessment document, ready to merge with scan and probe results.</summary>
    public Assessment ToAssessment() => new() { Findings = Findings };
}

/// <summary>A statement or object left out of the assessment, and why.</summary>
public sealed record SkippedStatement
{
    /// <summary>The first line of the statement in a DDL file.</summary>
    public int? Line { get; init; }
    /// <summary>The database object, for live assessments.</summary>
    public string? Object { get; init; }
    public required string Reason { get; init; }

    public override string ToString() =>
        Line is { } line ? $"skipped statement at line {line} ({Reason})" : $"skipped {Object} ({Reason})";
}

/// <summary>How much was read: for the report, for benchmarks, and for people who want to know the coverage.</summary>
public sealed record SchemaStatistics
{
    public long Statements { get; init; }
    public long SkippedStatements { get; init; }
    public int Tables { get; init; }
    public int Columns { get; init; }
    public int Indexes { get; init; }
    public int CodeObjects { get; init; }
    /// <summary>Tables whose stored data was read.</summary>
    public int TablesScanned { get; init; }
    /// <summary>Rows the data scan read, over all tables.</summary>
    public long RowsRead { get; init; }
    /// <summary>The session settings a live assessment ran under, as the server reported them.</summary>
    public SessionSafety? Session { get; init; }
    public TimeSpan Elapsed { get; init; }
}

/// <summary>What the database said about the session: proof that the assessment could not write.</summary>
public sealed record SessionSafety(bool ReadOnly, string StatementTimeout);
