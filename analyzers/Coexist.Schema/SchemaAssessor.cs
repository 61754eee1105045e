using System.Text;
using Coexist.Schema.Ddl;
using Coexist.Schema.Live;

namespace Coexist.Schema;

/// <summary>
/// The entry point of schema assessment (<c>coexist schema</c>): a DDL file in any of the four
/// dialects, or a live PostgreSQL or SQLite database, read-only. Failures a user can fix arrive as
/// <see cref="SchemaException"/> with a one-line message that never holds a password.
/// </summary>
public static class SchemaAssessor
{
    /// <summary>Assesses a DDL file (a dump such as <c>pg_dump --schema-only</c> or <c>mysqldump --no-data</c>), streaming it.</summary>
    /// <exception cref="SchemaInputException">The file is missing, unreadable, or a database rather than DDL.</exception>
    public static Task<SchemaAssessment> AssessDdlFileAsync(string path, SchemaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SchemaOptions();
        if (Directory.Exists(path)) throw new SchemaInputException($"{path} is a directory; give a DDL file");
        if (!File.Exists(path)) throw new SchemaInputException($"{path}: no such file");
        return Task.Run(() =>
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
                using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true);
                return DdlAssessor.Assess(reader, path, options, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SchemaInputException($"{path}: {e.Message}", e);
            }
        }, cancellationToken);
    }

    /// <summary>Assesses DDL from a reader (standard input, a string); <paramref name="source"/> names it in findings.</summary>
    public static Task<SchemaAssessment> AssessDdlAsync(TextReader ddl, string source, SchemaOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => DdlAssessor.Assess(ddl, source, options ?? new SchemaOptions(), cancellationToken), cancellationToken);

    /// <summary>
    /// Assesses a live database, read-only: PostgreSQL (<c>Host=...;Database=...</c> or a <c>postgres://</c> URI)
    /// or SQLite (<c>Data Source=FILE</c> or a path to the file).
    /// </summary>
    /// <exception cref="SchemaInputException">The connection string names no database Coexist can read.</exception>
    /// <exception cref="SchemaConnectionException">The database cannot be reached or refused the login.</exception>
    public static Task<SchemaAssessment> AssessLiveAsync(string connectionString, SchemaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SchemaOptions();
        var target = ConnectionTarget.Parse(connectionString, options.Dialect);
        return target.Dialect switch
        {
            SqlDialect.Postgres => PostgresAssessor.AssessAsync(target, options, cancellationToken),
            _ => SqliteAssessor.AssessAsync(target, options, cancellationToken),
        };
    }
}
