using System.Text.RegularExpressions;

namespace Coexist.Schema.Ddl;

/// <summary>
/// Guesses the dialect of a DDL file from syntax only one dialect writes: backticks and ENGINE= for
/// MySQL, GO lines and [dbo] for T-SQL, $$ bodies and ::casts for PostgreSQL, AUTOINCREMENT and
/// PRAGMA for SQLite. The strongest total wins; the reason names what gave it away.
/// </summary>
internal static class DialectDetector
{
    /// <summary>How much of the file is looked at: dump headers and the first tables say enough.</summary>
    public const int SampleChars = 256 * 1024;

    private sealed record Signal(SqlDialect Dialect, int Weight, string Name, Regex Pattern);

    private static readonly Signal[] Signals =
    [
        new(SqlDialect.MySql, 10, "a mysqldump header", new Regex(@"^-- (MySQL|MariaDB) dump", RegexOptions.Multiline)),
        new(SqlDialect.MySql, 5, "/*!NNNNN */ comments", new Regex(@"/\*M?!\d{5}")),
        new(SqlDialect.MySql, 5, "ENGINE=", new Regex(@"\)\s*ENGINE\s*=", RegexOptions.IgnoreCase)),
        new(SqlDialect.MySql, 5, "DELIMITER", new Regex(@"^\s*DELIMITER\s+\S", RegexOptions.Multiline | RegexOptions.IgnoreCase)),
        new(SqlDialect.MySql, 3, "backtick names", new Regex(@"`\w+`")),
        new(SqlDialect.MySql, 3, "AUTO_INCREMENT", new Regex(@"\bAUTO_INCREMENT\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.MySql, 2, "UNSIGNED", new Regex(@"\bint(eger)?(\(\d+\))?\s+UNSIGNED\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.TSql, 5, "GO lines", new Regex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)),
        new(SqlDialect.TSql, 5, "[dbo] names", new Regex(@"\[dbo\]", RegexOptions.IgnoreCase)),
        new(SqlDialect.TSql, 5, "SET ANSI_NULLS / QUOTED_IDENTIFIER", new Regex(@"\bSET\s+(ANSI_NULLS|QUOTED_IDENTIFIER)\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.TSql, 4, "sp_addextendedproperty", new Regex(@"\bsp_addextendedproperty\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.TSql, 3, "IDENTITY(seed, step)", new Regex(@"\bIDENTITY\s*\(\s*\d+\s*,\s*\d+\s*\)", RegexOptions.IgnoreCase)),
        new(SqlDialect.TSql, 3, "CLUSTERED indexes", new Regex(@"\b(NON)?CLUSTERED\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.TSql, 2, "bracketed names", new Regex(@"\[\w+\]\.\[\w+\]")),
        new(SqlDialect.Postgres, 10, "a pg_dump header", new Regex(@"^-- PostgreSQL database dump", RegexOptions.Multiline)),
        new(SqlDialect.Postgres, 5, "$$ bodies", new Regex(@"\bAS\s+\$\w*\$", RegexOptions.IgnoreCase)),
        new(SqlDialect.Postgres, 5, "LANGUAGE plpgsql", new Regex(@"\bLANGUAGE\s+'?plpgsql", RegexOptions.IgnoreCase)),
        new(SqlDialect.Postgres, 5, "ALTER TABLE ONLY", new Regex(@"\bALTER\s+TABLE\s+ONLY\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.Postgres, 5, "SET search_path / pg_catalog", new Regex(@"\b(search_path|pg_catalog)\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.Postgres, 4, "CREATE EXTENSION", new Regex(@"\bCREATE\s+EXTENSION\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.Postgres, 4, "COMMENT ON", new Regex(@"\bCOMMENT\s+ON\s+(COLUMN|TABLE)\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.Postgres, 3, "::casts", new Regex(@"::\s*[a-z]", RegexOptions.IgnoreCase)),
        new(SqlDialect.Postgres, 3, "PostgreSQL types", new Regex(@"\b(inet|cidr|jsonb|bytea|timestamptz|bigserial|serial)\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.Postgres, 3, "USING btree", new Regex(@"\bUSING\s+(btree|gist|gin|hash|brin)\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.Sqlite, 5, "AUTOINCREMENT", new Regex(@"\bAUTOINCREMENT\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.Sqlite, 5, "PRAGMA", new Regex(@"^\s*PRAGMA\b", RegexOptions.Multiline | RegexOptions.IgnoreCase)),
        new(SqlDialect.Sqlite, 5, "WITHOUT ROWID", new Regex(@"\bWITHOUT\s+ROWID\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.Sqlite, 5, "sqlite_ tables", new Regex(@"\bsqlite_(sequence|master|schema|stat1)\b", RegexOptions.IgnoreCase)),
        new(SqlDialect.Sqlite, 2, "GLOB", new Regex(@"\bGLOB\s+'", RegexOptions.IgnoreCase)),
    ];

    /// <summary>The likeliest dialect of <paramref name="sample"/> (the start of a file) and why.</summary>
    public static (SqlDialect Dialect, string Reason) Detect(string sample)
    {
        var scores = new Dictionary<SqlDialect, (int Score, List<string> Seen)>();
        foreach (var signal in Signals)
        {
            if (!signal.Pattern.IsMatch(sample)) continue;
            if (!scores.TryGetValue(signal.Dialect, out var entry)) entry = (0, []);
            entry.Seen.Add(signal.Name);
            scores[signal.Dialect] = (entry.Score + signal.Weight, entry.Seen);
        }
        if (scores.Count == 0)
            return (SqlDialect.Postgres, "no dialect-specific syntax seen; read as postgres (standard SQL)");
        var best = scores.OrderByDescending(s => s.Value.Score).ThenBy(s => s.Key).First();
        return (best.Key, $"detected from {string.Join(", ", best.Value.Seen)}");
    }
}
