using System.Data;
using Coexist.Schema.Objects;
using Coexist.Schema.Rules;
using Npgsql;

namespace Coexist.Schema.Live;

/// <summary>
/// Counts the rows of every text column that hold IPv4 addresses, in the server: one pass per
/// table, a regular expression per column, and only counts and a few matched addresses come back.
/// The client-side mode streams the same rows out and matches them here, for comparison.
/// </summary>
internal static class PostgresDataScan
{
    // PostgreSQL advanced regular expressions (postgresql.org/docs/current/functions-matching.html §9.7.3).
    // 0 to 255, leading zeros allowed (01.02.03.04), as the client-side scanner reads octets.
    private const string Octet = "(25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])";
    private const string Quad = Octet + @"(\." + Octet + "){3}";

    /// <summary>
    /// A dotted quad not glued to a longer token (1.2.3.4.5, v1.2.3.4) and not the IPv4 tail of an
    /// IPv6 address (::ffff:192.0.2.1): the rules the client-side scanner follows. The address is
    /// the first group, which <c>substring(x FROM pattern)</c> returns.
    /// </summary>
    public const string AddressPattern = "(?<![0-9A-Za-z_.])(?<!::)(?<![0-9A-Fa-f]:)(" + Quad + @")(?![0-9A-Za-z_]|\.[0-9])";

    private const string UrlPattern = "://([^/@ ]*@)?" + Quad;
    private const string CidrPattern = Quad + "/[0-9]{1,2}(?![0-9])";
    private const string ListPattern = Quad + ".*[^0-9.]" + Quad;

    /// <summary>
    /// Every dotted quad has three dots, and a digit, three dot-separated runs of 1-3 digits and a digit:
    /// LIKE and this lookaround-free expression reject nearly every value before the precise one runs.
    /// Measured on 1,000,000 rows (docs/performance.md): 7.8 s with the precise expression alone, 0.5 s with both filters.
    /// </summary>
    private const string Prefilter = "%.%.%.%";
    public const string CandidatePattern = @"[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]";

    /// <summary>Rows fetched to find example addresses; only the address and four flags cross the network.</summary>
    private const int ExampleRows = 20;

    private sealed record Target(ColumnModel Column, string Alias, ScanClass Class, bool CountValues);

    public sealed record Outcome(int TablesScanned, long RowsRead);

    public static async Task<Outcome> ScanAsync(
        PostgresSession session, RuleContext context, IReadOnlyDictionary<string, ScanClass> classes, SchemaOptions options,
        List<SkippedStatement> skipped, CancellationToken cancellationToken)
    {
        var numberColumns = AddressColumns.In(context.Model).Where(c => c.Kind == AddressColumnKind.IPv4Number).Select(c => c.Object)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tables = context.Model.Tables;
        var scanned = 0;
        long rowsRead = 0;
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            var targets = Targets(table, classes, numberColumns);
            if (targets.Count == 0) continue;
            options.Progress?.Report(new SchemaProgress("tables", t + 1, tables.Count));
            await ExecuteAsync(session, "SAVEPOINT coexist_scan", cancellationToken).ConfigureAwait(false);
            try
            {
                var read = options.DataMatching == DataMatching.Server
                    ? await ScanInServerAsync(session, context, table, targets, options.SampleRows, cancellationToken).ConfigureAwait(false)
                    : await ScanInClientAsync(session, context, table, targets, options.SampleRows, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(session, "RELEASE SAVEPOINT coexist_scan", cancellationToken).ConfigureAwait(false);
                scanned++;
                rowsRead += read;
            }
            catch (PostgresException e)
            {
                await ExecuteAsync(session, "ROLLBACK TO SAVEPOINT coexist_scan", cancellationToken).ConfigureAwait(false);
                skipped.Add(new SkippedStatement { Object = table.Name.ToString(), Reason = "data not read: " + Why(e, options, session.Target) });
            }
        }
        return new Outcome(scanned, rowsRead);
    }

    private static string Why(PostgresException e, SchemaOptions options, ConnectionTarget target) => e.SqlState switch
    {
        PostgresErrorCodes.QueryCanceled => $"the statement timeout ({options.StatementTimeout.TotalSeconds:0.###} s) ran out; raise it or lower --sample-rows",
        PostgresErrorCodes.InsufficientPrivilege => "permission denied; grant SELECT to the assessing role",
        PostgresErrorCodes.LockNotAvailable => "the table is locked",
        _ => target.Redact($"{e.MessageText} ({e.SqlState})"),
    };

    private static List<Target> Targets(TableModel table, IReadOnlyDictionary<string, ScanClass> classes, HashSet<string> numberColumns)
    {
        var targets = new List<Target>();
        foreach (var column in table.Columns)
        {
            var key = table.Describe(column.Name);
            var scanClass = classes.GetValueOrDefault(key);
            var countValues = numberColumns.Contains(key);
            if (scanClass != ScanClass.None || countValues)
                targets.Add(new Target(column, "c" + targets.Count, scanClass, countValues && scanClass == ScanClass.None));
        }
        return targets;
    }

    private static async Task<long> ScanInServerAsync(
        PostgresSession session, RuleContext context, TableModel table, List<Target> targets, long? sampleRows, CancellationToken cancellationToken)
    {
        var counts = new List<string> { "count(*)" };
        foreach (var target in targets)
        {
            counts.Add(target.Class switch
            {
                ScanClass.Text => $"count(*) FILTER (WHERE {Matches($"s.{target.Alias}", "$3")})",
                ScanClass.Inet => $"count(*) FILTER (WHERE pg_catalog.family(s.{target.Alias}) = 4)",
                _ => $"count(s.{target.Alias})",
            });
        }
        var sql = $"SELECT {string.Join(", ", counts)} FROM ({Sample(table, targets, sampleRows, "$2")}) s";
        long rows;
        var perColumn = new long[targets.Count];
        await using (var command = session.Command(sql))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = AddressPattern });
            command.Parameters.Add(new NpgsqlParameter { Value = sampleRows is { } n ? n : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter { Value = CandidatePattern });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            rows = reader.GetInt64(0);
            for (var i = 0; i < targets.Count; i++) perColumn[i] = reader.GetInt64(i + 1);
        }

        var sampled = sampleRows is { } limit && rows >= limit;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var data = target.Class switch
            {
                ScanClass.Text => new ColumnData { RowsRead = rows, RowsWithIPv4 = perColumn[i], Sampled = sampled },
                ScanClass.Inet => new ColumnData { RowsRead = rows, IPv4Values = perColumn[i], RowsWithIPv4 = perColumn[i], Sampled = sampled },
                _ => new ColumnData { RowsRead = rows, NonNullRows = perColumn[i], Sampled = sampled },
            };
            if (target.Class == ScanClass.Text && perColumn[i] > 0)
                data = await AddExamplesAsync(session, table, target, sampleRows, data, cancellationToken).ConfigureAwait(false);
            context.SetData(table, target.Column.Name, data);
        }
        return rows;
    }

    /// <summary>A few matched addresses and how they are written; the values themselves stay in the server.</summary>
    private static async Task<ColumnData> AddExamplesAsync(
        PostgresSession session, TableModel table, Target target, long? sampleRows, ColumnData data, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT substring(s.{target.Alias} FROM $1), s.{target.Alias} ~ $2, s.{target.Alias} ~ $3, s.{target.Alias} ~ $4
            FROM ({Sample(table, [target], sampleRows, "$5")}) s
            WHERE {Matches($"s.{target.Alias}", "$6")} LIMIT {ExampleRows}
            """;
        var examples = new List<string>();
        var shapes = new SortedSet<string>(StringComparer.Ordinal);
        await using var command = session.Command(sql);
        foreach (var pattern in new[] { AddressPattern, UrlPattern, ListPattern, CidrPattern })
            command.Parameters.Add(new NpgsqlParameter { Value = pattern });
        command.Parameters.Add(new NpgsqlParameter { Value = sampleRows is { } n ? n : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = CandidatePattern });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var address = reader.IsDBNull(0) ? null : reader.GetString(0);
            if (address is not null && examples.Count < StoredValueMatcher.MaxExamples && !examples.Contains(address)) examples.Add(address);
            shapes.Add(reader.GetBoolean(1) ? "url" : reader.GetBoolean(2) ? "list" : reader.GetBoolean(3) ? "cidr" : "address");
        }
        return data with { Examples = examples, Shapes = [.. shapes] };
    }

    /// <summary>What server matching replaces: every sampled value streamed out and matched here, one row at a time.</summary>
    private static async Task<long> ScanInClientAsync(
        PostgresSession session, RuleContext context, TableModel table, List<Target> targets, long? sampleRows, CancellationToken cancellationToken)
    {
        var matchers = targets.Select(_ => new StoredValueMatcher()).ToArray();
        var ipv4Values = new long[targets.Count];
        var columns = targets.Select(t => t.Class switch
        {
            ScanClass.Text => $"s.{t.Alias}",
            ScanClass.Inet => $"pg_catalog.family(s.{t.Alias}) = 4",
            _ => $"s.{t.Alias} IS NOT NULL",
        });
        var sql = $"SELECT {string.Join(", ", columns)} FROM ({Sample(table, targets, sampleRows, "$1")}) s";
        long rows = 0;
        await using (var command = session.Command(sql))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = sampleRows is { } n ? n : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows++;
                for (var i = 0; i < targets.Count; i++)
                {
                    var isNull = await reader.IsDBNullAsync(i, cancellationToken).ConfigureAwait(false);
                    switch (targets[i].Class)
                    {
                        case ScanClass.Text:
                            matchers[i].Add(isNull ? null : reader.GetString(i));
                            break;
                        case ScanClass.Inet:
                            matchers[i].AddPresence(!isNull);
                            if (!isNull && reader.GetBoolean(i)) ipv4Values[i]++;
                            break;
                        default:
                            matchers[i].AddPresence(!isNull && reader.GetBoolean(i));
                            break;
                    }
                }
            }
        }
        var sampled = sampleRows is { } limit && rows >= limit;
        for (var i = 0; i < targets.Count; i++)
        {
            var data = matchers[i].ToData(sampled);
            if (targets[i].Class == ScanClass.Inet) data = data with { IPv4Values = ipv4Values[i], RowsWithIPv4 = ipv4Values[i] };
            context.SetData(table, targets[i].Column.Name, data);
        }
        return rows;
    }

    /// <summary>The test for one value: the two cheap filters (the candidate pattern is the parameter <paramref name="candidate"/>), then the address pattern, $1.</summary>
    public static string Matches(string value, string candidate) =>
        $"{value} LIKE '{Prefilter}' AND {value} ~ {candidate} AND {value} ~ $1";

    /// <summary>
    /// The sampled rows of the target columns, text columns cast to text (char, json, arrays). Without a
    /// sample there is no LIMIT, so that the planner flattens the subquery and may match in parallel workers.
    /// </summary>
    private static string Sample(TableModel table, IReadOnlyList<Target> targets, long? sampleRows, string limitParameter)
    {
        var columns = targets.Select(t => $"t.{Quote(t.Column.Name)}{(t.Class == ScanClass.Text ? "::pg_catalog.text" : "")} AS {t.Alias}");
        var limit = sampleRows is null ? "" : $" LIMIT {limitParameter}";
        return $"SELECT {string.Join(", ", columns)} FROM {Quote(table.Name.Schema!)}.{Quote(table.Name.Name)} t{limit}";
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(PostgresSession session, string sql, CancellationToken cancellationToken)
    {
        await using var command = session.Command(sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
