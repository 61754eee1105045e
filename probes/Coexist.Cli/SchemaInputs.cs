using System.Text;
using Coexist.Schema;

namespace Coexist.Cli;

/// <summary>A schema FILE may be DDL or a SQLite database itself; the second is read live (read-only).</summary>
internal static class SchemaInputs
{
    // Every SQLite database file begins with these 16 bytes (sqlite.org/fileformat.html, 1.3 "The database header").
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    public static bool IsSqliteDatabase(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var header = new byte[SqliteHeader.Length];
            return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.AsSpan().SequenceEqual(SqliteHeader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the DDL reader reports the file as unreadable, with its reason
        }
    }

    public static Task<SchemaAssessment> AssessFileAsync(string path, SchemaOptions options, CancellationToken cancellationToken) =>
        IsSqliteDatabase(path)
            ? SchemaAssessor.AssessLiveAsync($"Data Source={path}", options, cancellationToken)
            : SchemaAssessor.AssessDdlFileAsync(path, options, cancellationToken);
}
