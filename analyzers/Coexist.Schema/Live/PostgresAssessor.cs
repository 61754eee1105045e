using System.Diagnostics;
using Coexist.Schema.Ddl;
using Coexist.Schema.Objects;
using Coexist.Schema.Rules;
using Npgsql;

namespace Coexist.Schema.Live;

/// <summary>A live PostgreSQL database: catalog, code and (unless turned off) stored data, in one read-only transaction.</summary>
internal static class PostgresAssessor
{
    public static async Task<SchemaAssessment> AssessAsync(ConnectionTarget target, SchemaOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var session = await PostgresSession.OpenAsync(target, options, cancellationToken).ConfigureAwait(false);
        try
        {
            var reader = new SchemaReader(new RuleContext(new SchemaModel(SqlDialect.Postgres, "public"), options, file: null));
            var catalog = await PostgresCatalogReader.ReadAsync(session, reader, cancellationToken).ConfigureAwait(false);
            var skipped = catalog.Skipped;
            var scan = options.ScanData
                ? await PostgresDataScan.ScanAsync(session, reader.Context, catalog.ScanClasses, options, skipped, cancellationToken).ConfigureAwait(false)
                : new PostgresDataScan.Outcome(0, 0);
            reader.Finish();
            return new SchemaAssessment
            {
                Source = target.Display,
                Dialect = SqlDialect.Postgres,
                DialectReason = options.Dialect is null ? "a PostgreSQL connection" : "given",
                Findings = reader.Findings.OrderBy(f => f.Location?.Object, StringComparer.Ordinal).ToList(),
                Skipped = skipped,
                Statistics = reader.Statistics() with
                {
                    // Catalog definitions are read as statements too; only a DDL file's count means something.
                    Statements = 0,
                    SkippedStatements = skipped.Count,
                    TablesScanned = scan.TablesScanned,
                    RowsRead = scan.RowsRead,
                    Session = session.Safety,
                    Elapsed = stopwatch.Elapsed,
                },
            };
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException && e is not PostgresException { SqlState: PostgresErrorCodes.QueryCanceled })
        {
            throw new SchemaConnectionException($"reading {target.Display} failed: {PostgresSession.Reason(e, target)}", e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled)
        {
            throw new SchemaConnectionException($"reading the catalog of {target.Display} took longer than the statement timeout ({options.StatementTimeout.TotalSeconds:0.###} s); raise it", e);
        }
    }
}
