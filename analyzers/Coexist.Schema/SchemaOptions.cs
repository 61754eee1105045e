using System.Globalization;
using Coexist.Model;

namespace Coexist.Schema;

/// <summary>How an assessment runs. Every setting has a safe default; the CLI maps its options onto these.</summary>
public sealed record SchemaOptions
{
    /// <summary>Rows read per table by the data scan when nothing else is asked: enough to see a pattern, bounded in time.</summary>
    public const int DefaultSampleRows = 10_000;

    /// <summary>The dialect of a DDL file or a connection; null detects it (<c>--dialect</c>).</summary>
    public SqlDialect? Dialect { get; init; }

    /// <summary>Rows read per table by the data scan; null reads every row (<c>--sample-rows N|all</c>).</summary>
    public long? SampleRows { get; init; } = DefaultSampleRows;

    /// <summary>Whether a live assessment reads stored data at all (catalogs only when false).</summary>
    public bool ScanData { get; init; } = true;

    /// <summary>Where stored values are matched: in the server (PostgreSQL regex) or by pulling rows (SQLite always pulls).</summary>
    public DataMatching DataMatching { get; init; } = DataMatching.Server;

    /// <summary>The server aborts any single statement running longer than this (PostgreSQL <c>statement_timeout</c>).</summary>
    public TimeSpan StatementTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long opening a connection may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Stamped on every finding, so that the planner knows which service the schema belongs to.</summary>
    public string? Service { get; init; }

    /// <summary>Per-rule severity overrides; a rule mapped to null is turned off.</summary>
    public IReadOnlyDictionary<string, Severity?> SeverityOverrides { get; init; } = new Dictionary<string, Severity?>();

    /// <summary>A statement longer than this is skipped, so that one runaway statement cannot exhaust memory.</summary>
    public int MaxStatementChars { get; init; } = 1 << 20;

    /// <summary>Receives progress (statements read, tables scanned) for a terminal display.</summary>
    public IProgress<SchemaProgress>? Progress { get; init; }

    /// <summary>Parses <c>--sample-rows</c>: a positive number, or <c>all</c> for every row (null).</summary>
    /// <exception cref="SchemaInputException">Neither a positive number nor <c>all</c>.</exception>
    public static long? ParseSampleRows(string text)
    {
        if (string.Equals(text.Trim(), "all", StringComparison.OrdinalIgnoreCase)) return null;
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows > 0) return rows;
        throw new SchemaInputException($"--sample-rows '{text}' is not a positive number or 'all'");
    }

    /// <summary>Parses <c>--dialect</c> (postgres, mysql, sqlite, tsql; mariadb and sqlserver are accepted too).</summary>
    public static SqlDialect ParseDialect(string text) => text.Trim().ToLowerInvariant() switch
    {
        "mariadb" => SqlDialect.MySql,
        "sqlserver" or "mssql" or "t-sql" => SqlDialect.TSql,
        "postgresql" or "pg" => SqlDialect.Postgres,
        _ => WireNames.TryParse<SqlDialect>(text, out var dialect)
            ? dialect
            : throw new SchemaInputException($"--dialect '{text}' is not one of {string.Join(", ", WireNames.All<SqlDialect>())}"),
    };
}

/// <summary>Where the data scan decides whether a stored value holds an IPv4 address.</summary>
public enum DataMatching
{
    /// <summary>In the database (PostgreSQL regular expressions): only counts cross the network.</summary>
    Server,
    /// <summary>In Coexist: rows are streamed to the client and matched there (what server matching replaces).</summary>
    Client,
}

/// <summary>Where a long assessment is.</summary>
public sealed record SchemaProgress(string Stage, long Done, long? Total);
