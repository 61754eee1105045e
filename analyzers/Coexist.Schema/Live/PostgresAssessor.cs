using System.Diagnostics;
using Coexist.Model;
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
            // Code arrives before the model is complete; it is checked once the context exists.
            var code = new List<Objects.CodeObject>();
            var catalog = await PostgresCatalogReader.ReadAsync(session, code.Add, cancellationToken).ConfigureAwait(false);
            var context = new RuleContext(catalog.Model, options, file: null);
            var findings = code.SelectMany(c => RuleSet.CheckCode(context, CodeSite.Of(c))).ToList();

            var skipped = catalog.Skipped;
            PostgresDataScan.Outcome scan = new(0, 0);
            if (options.ScanData)
                scan = await PostgresDataScan.ScanAsync(session, context, catalog.ScanClasses, options, skipped, cancellationToken).ConfigureAwait(false);

            findings.AddRange(RuleSet.CheckModel(context));
            return new SchemaAssessment
            {
                Source = target.Display,
                Dialect = SqlDialect.Postgres,
                DialectReason = options.Dialect is null ? "a PostgreSQL connection" : "given",
                Findings = findings.OrderBy(f => f.Location?.Object, StringComparer.Ordinal).ToList(),
                Skipped = skipped,
                Statistics = new SchemaStatistics
                {
                    Tables = catalog.Model.Tables.Count,
                    Columns = catalog.Model.Tables.Sum(t => t.Columns.Count),
                    Indexes = catalog.Model.Tables.Sum(t => t.Keys.Count),
                    CodeObjects = catalog.CodeObjects,
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
