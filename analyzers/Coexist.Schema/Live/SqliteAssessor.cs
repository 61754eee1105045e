using System.Diagnostics;
using System.Globalization;
using Coexist.Schema.Ddl;
using Coexist.Schema.Objects;
using Coexist.Schema.Rules;
using Microsoft.Data.Sqlite;

namespace Coexist.Schema.Live;

/// <summary>
/// A live SQLite database file, opened read-only with <c>query_only</c> on. Its schema is the SQL
/// stored in sqlite_master, read by the DDL readers; its data is streamed in-process and matched
/// row by row (SQLite runs in this process, so there is no network to spare).
/// </summary>
internal static class SqliteAssessor
{
    /// <summary>SQLite virtual-machine steps between two looks at the clock (sqlite.org/c3ref/progress_handler.html).</summary>
    private const int ProgressSteps = 10_000;

    /// <summary>SQLite's result code for a statement stopped by the progress handler (sqlite.org/rescode.html#interrupt).</summary>
    private const int SqliteInterrupt = 9;

    public static Task<SchemaAssessment> AssessAsync(ConnectionTarget target, SchemaOptions options, CancellationToken cancellationToken) =>
        Task.Run(() => Assess(target, options, cancellationToken), cancellationToken);

    private static SchemaAssessment Assess(ConnectionTarget target, SchemaOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var connection = new SqliteConnection(target.ConnectionString);
        SessionSafety safety;
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA query_only = ON");
            safety = new SessionSafety(
                ReadOnly: Scalar(connection, "PRAGMA query_only") == "1",
                StatementTimeout: $"{options.StatementTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s");
            if (!safety.ReadOnly) throw new SchemaConnectionException($"{target.Display} would not turn query_only on; nothing was read");
        }
        catch (SqliteException e)
        {
            throw new SchemaConnectionException($"cannot open {target.Display}: {target.Redact(e.Message.Split('\n')[0])}", e);
        }
        using var clock = new StatementClock(connection, options.StatementTimeout, cancellationToken);

        var reader = new SchemaReader(new RuleContext(new SchemaModel(SqlDialect.Sqlite, null), options, file: null));
        var skipped = new List<SkippedStatement>();
        try
        {
            foreach (var (name, sql) in ReadSchema(connection, clock))
            {
                foreach (var statement in StatementSplitter.Split(sql, SqlDialect.Sqlite, options.MaxStatementChars))
                {
                    if (reader.Read(statement) is { } reason) skipped.Add(new SkippedStatement { Object = name, Reason = reason });
                }
            }
        }
        catch (SqliteException e)
        {
            throw new SchemaConnectionException($"reading the schema of {target.Display} failed: {target.Redact(e.Message.Split('\n')[0])}", e);
        }

        var (scanned, rowsRead) = options.ScanData ? ScanData(connection, clock, reader.Context, options, skipped) : (0, 0L);
        reader.Finish();
        return new SchemaAssessment
        {
            Source = target.Display,
            Dialect = SqlDialect.Sqlite,
            DialectReason = options.Dialect is null ? "a SQLite database file" : "given",
            Findings = reader.Findings.OrderBy(f => f.Location?.Object, StringComparer.Ordinal).ToList(),
            Skipped = skipped,
            Statistics = reader.Statistics() with
            {
                SkippedStatements = skipped.Count,
                TablesScanned = scanned,
                RowsRead = rowsRead,
                Session = safety,
                Elapsed = stopwatch.Elapsed,
            },
        };
    }

    private static List<(string Name, string Sql)> ReadSchema(SqliteConnection connection, StatementClock clock)
    {
        var schema = new List<(string, string)>();
        using var command = connection.CreateCommand();
        // Tables first, so that indexes and triggers find them; internal sqlite_ objects are not the user's schema.
        command.CommandText = """
            SELECT name, sql FROM sqlite_master
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
            ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, rowid
            """;
        clock.Start();
        using var reader = command.ExecuteReader();
        while (reader.Read()) schema.Add((reader.GetString(0), reader.GetString(1)));
        return schema;
    }

    private static (int Tables, long Rows) ScanData(SqliteConnection connection, StatementClock clock, RuleContext context, SchemaOptions options, List<SkippedStatement> skipped)
    {
        var numberColumns = AddressColumns.In(context.Model).Where(c => c.Kind == AddressColumnKind.IPv4Number).Select(c => c.Object)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var scanned = 0;
        long total = 0;
        var tables = context.Model.Tables;
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            if (table.Columns.Count == 0) continue;
            options.Progress?.Report(new SchemaProgress("tables", t + 1, tables.Count));
            var matchers = table.Columns.Select(_ => new StoredValueMatcher()).ToArray();
            long rows = 0;
            try
            {
                using var command = connection.CreateCommand();
                var columns = string.Join(", ", table.Columns.Select(c => PostgresDataScan.Quote(c.Name)));
                // LIMIT -1 is SQLite's "no limit".
                command.CommandText = $"SELECT {columns} FROM {PostgresDataScan.Quote(table.Name.Name)} LIMIT $limit";
                command.Parameters.AddWithValue("$limit", options.SampleRows ?? -1);
                clock.Start();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rows++;
                    for (var i = 0; i < matchers.Length; i++)
                    {
                        // SQLite types values, not columns: any column may hold text.
                        if (reader.IsDBNull(i)) matchers[i].Add(null);
                        else if (reader.GetFieldType(i) == typeof(string)) matchers[i].Add(reader.GetString(i));
                        else matchers[i].AddPresence(true);
                    }
                }
            }
            catch (SqliteException e)
            {
                clock.ThrowIfCancelled();
                skipped.Add(new SkippedStatement
                {
                    Object = table.Name.ToString(),
                    Reason = "data not read: " + (e.SqliteErrorCode == SqliteInterrupt
                        ? $"the statement timeout ({options.StatementTimeout.TotalSeconds:0.###} s) ran out; raise it or lower --sample-rows"
                        : e.Message.Split('\n')[0]),
                });
                continue;
            }
            var sampled = options.SampleRows is { } limit && rows >= limit;
            for (var i = 0; i < matchers.Length; i++)
            {
                var column = table.Columns[i];
                var data = matchers[i].ToData(sampled);
                if (data.RowsWithIPv4 > 0 || numberColumns.Contains(table.Describe(column.Name)) || AddressNames.OfName(column.Name) != AddressHint.None)
                    context.SetData(table, column.Name, data);
            }
            scanned++;
            total += rows;
        }
        return (scanned, total);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// SQLite has no statement_timeout: a progress handler looks at the clock every few thousand
    /// steps and interrupts the statement once its time is up, or when the assessment is cancelled.
    /// </summary>
    private sealed class StatementClock : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly TimeSpan _timeout;
        private readonly CancellationToken _cancellationToken;
        private readonly Stopwatch _elapsed = new();

        public StatementClock(SqliteConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
        {
            _connection = connection;
            _timeout = timeout;
            _cancellationToken = cancellationToken;
            SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, ProgressSteps, Tick, null);
        }

        public void Start() => _elapsed.Restart();

        public void ThrowIfCancelled() => _cancellationToken.ThrowIfCancellationRequested();

        private int Tick(object user) => _elapsed.Elapsed > _timeout || _cancellationToken.IsCancellationRequested ? 1 : 0;

        public void Dispose() => SQLitePCL.raw.sqlite3_progress_handler(_connection.Handle, 0, null, null);
    }
}
