using Coexist.Schema.Ddl;
using Coexist.Schema.Objects;
using Npgsql;

namespace Coexist.Schema.Live;

/// <summary>A column as the data scan needs it: how to read it, and whether it holds text, inet, or neither.</summary>
internal enum ScanClass
{
    None,
    /// <summary>Text, varchar, char, json, jsonb, xml, and arrays of them: read as text.</summary>
    Text,
    /// <summary>inet and cidr: counted by family.</summary>
    Inet,
}

/// <summary>
/// Reads a PostgreSQL catalog into the same model a DDL file gives: tables and columns from
/// pg_attribute, keys and checks through pg_get_constraintdef, indexes through pg_get_indexdef,
/// and views, functions, triggers and policies through their definitions. The definitions are SQL,
/// so the DDL readers read them: one reader for files and for live databases.
/// </summary>
internal static class PostgresCatalogReader
{
    // System schemas and objects that belong to extensions are not the user's schema.
    private const string UserRelation = """
        n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.objid = c.oid AND dep.deptype = 'e')
        """;

    private const string UserFunction = """
        n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND dep.objid = p.oid AND dep.deptype = 'e')
        """;

    public sealed record Result(Dictionary<string, ScanClass> ScanClasses, List<SkippedStatement> Skipped);

    /// <summary>Reads the catalog into <paramref name="reader"/>'s model; code is checked as it arrives.</summary>
    public static async Task<Result> ReadAsync(PostgresSession session, SchemaReader reader, CancellationToken cancellationToken)
    {
        var model = reader.Model;
        var scanClasses = new Dictionary<string, ScanClass>(StringComparer.OrdinalIgnoreCase);
        var skipped = new List<SkippedStatement>();
        var domainChecks = await ReadDomainChecksAsync(session, cancellationToken).ConfigureAwait(false);

        await ReadColumnsAsync(session, model, scanClasses, domainChecks, cancellationToken).ConfigureAwait(false);
        await ReadConstraintsAsync(session, model, skipped, cancellationToken).ConfigureAwait(false);
        await ReadIndexesAsync(session, reader, skipped, cancellationToken).ConfigureAwait(false);

        var version = session.ServerVersion;
        var routineKinds = version.Major >= 11
            ? "p.prokind IN ('f', 'p')"
            : "NOT p.proisagg AND NOT p.proiswindow";
        var definitions = new (CodeKind Kind, string Sql)[]
        {
            (CodeKind.View, $"""
                SELECT n.nspname, c.relname, pg_catalog.pg_get_viewdef(c.oid)
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('v', 'm') AND {UserRelation} ORDER BY 1, 2
                """),
            (CodeKind.Function, $"""
                SELECT n.nspname, p.proname, pg_catalog.pg_get_functiondef(p.oid)
                FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                WHERE {routineKinds} AND l.lanname NOT IN ('c', 'internal') AND {UserFunction} ORDER BY 1, 2
                """),
            (CodeKind.Trigger, $"""
                SELECT n.nspname, c.relname || '.' || t.tgname, pg_catalog.pg_get_triggerdef(t.oid)
                FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT t.tgisinternal AND {UserRelation} ORDER BY 1, 2
                """),
            (CodeKind.Policy, """
                SELECT schemaname, tablename || '.' || policyname, concat_ws(' ', 'USING (' || qual || ')', 'WITH CHECK (' || with_check || ')')
                FROM pg_catalog.pg_policies WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2
                """),
        };
        foreach (var (kind, sql) in definitions)
        {
            await foreach (var (schema, name, definition) in ReadTriplesAsync(session, sql, cancellationToken).ConfigureAwait(false))
            {
                if (string.IsNullOrEmpty(definition)) continue;
                reader.Check(new CodeObject(kind, new ObjectName(schema, name), SqlLexer.Tokenize(definition, SqlDialect.Postgres).ToList(), 1));
            }
        }
        return new Result(scanClasses, skipped);
    }

    private static async Task ReadColumnsAsync(
        PostgresSession session, SchemaModel model, Dictionary<string, ScanClass> scanClasses,
        Dictionary<uint, List<string>> domainChecks, CancellationToken cancellationToken)
    {
        var generated = session.ServerVersion.Major >= 12 ? "a.attgenerated::text" : "''";
        var sql = $"""
            SELECT n.nspname, c.relname, a.attname,
                   pg_catalog.format_type(a.atttypid, a.atttypmod),
                   CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,
                   CASE WHEN t.typtype = 'd' THEN t.oid END,
                   pg_catalog.col_description(c.oid, a.attnum),
                   pg_catalog.pg_get_expr(ad.adbin, ad.adrelid),
                   {generated},
                   CASE WHEN bt.typcategory = 'S' OR et.typcategory = 'S' OR bt.typname IN ('json', 'jsonb', 'xml') OR et.typname IN ('json', 'jsonb') THEN 'text'
                        WHEN bt.typname IN ('inet', 'cidr') THEN 'inet' END
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
            LEFT JOIN pg_catalog.pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
            LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND {UserRelation}
            ORDER BY n.nspname, c.relname, a.attnum
            """;
        await using var command = session.Command(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var table = model.AddTable(new ObjectName(reader.GetString(0), reader.GetString(1)), null);
            var name = reader.GetString(2);
            var declared = reader.GetString(3);
            var domainBase = reader.IsDBNull(4) ? null : reader.GetString(4);
            var type = ParseType(domainBase ?? declared);
            if (domainBase is not null) type = type with { Declared = $"{declared} (domain over {domainBase})" };
            var column = table.AddColumn(new ColumnModel(name, type, null)
            {
                Comment = reader.IsDBNull(6) ? null : reader.GetString(6),
            });
            if (!reader.IsDBNull(7))
            {
                var expression = new CodeText(SqlLexer.Tokenize(reader.GetString(7), SqlDialect.Postgres).ToList());
                if (reader.GetString(8) is "s" or "v") column.Generated = expression;
                else column.Default = expression;
            }
            if (!reader.IsDBNull(5) && domainChecks.TryGetValue(reader.GetFieldValue<uint>(5), out var checks))
            {
                // A domain's CHECK speaks of VALUE; on the column it constrains the column.
                foreach (var check in checks)
                    table.Checks.Add(new CheckModel(null, new CodeText(SqlLexer.Tokenize(check, SqlDialect.Postgres).ToList()), [name]));
            }
            scanClasses[table.Describe(name)] = reader.IsDBNull(9) ? ScanClass.None : reader.GetString(9) == "inet" ? ScanClass.Inet : ScanClass.Text;
        }
    }

    private static async Task<Dictionary<uint, List<string>>> ReadDomainChecksAsync(PostgresSession session, CancellationToken cancellationToken)
    {
        var checks = new Dictionary<uint, List<string>>();
        await using var command = session.Command("SELECT contypid, pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint WHERE contypid <> 0 AND contype = 'c'");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var domain = reader.GetFieldValue<uint>(0);
            if (!checks.TryGetValue(domain, out var list)) checks[domain] = list = [];
            list.Add(reader.GetString(1));
        }
        return checks;
    }

    /// <summary>Primary, unique and foreign keys and checks, read back through the CREATE TABLE element reader.</summary>
    private static async Task ReadConstraintsAsync(PostgresSession session, SchemaModel model, List<SkippedStatement> skipped, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT n.nspname, c.relname, 'CONSTRAINT ' || pg_catalog.quote_ident(con.conname) || ' ' || pg_catalog.pg_get_constraintdef(con.oid)
            FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE con.contype IN ('p', 'u', 'f', 'c') AND {UserRelation} ORDER BY 1, 2, con.conname
            """;
        await foreach (var (schema, tableName, definition) in ReadTriplesAsync(session, sql, cancellationToken).ConfigureAwait(false))
        {
            if (definition is null) continue;
            var table = model.AddTable(new ObjectName(schema, tableName), null);
            try
            {
                TableElementReader.ReadElement(new TokenCursor(SqlLexer.Tokenize(definition, SqlDialect.Postgres).ToList()), table, SqlDialect.Postgres);
            }
            catch (DdlReadException e)
            {
                skipped.Add(new SkippedStatement { Object = $"{table.Name} constraint", Reason = e.Message });
            }
        }
    }

    private static async Task ReadIndexesAsync(PostgresSession session, SchemaReader reader, List<SkippedStatement> skipped, CancellationToken cancellationToken)
    {
        // Indexes behind primary keys, unique and exclusion constraints came with the constraints.
        var sql = $"""
            SELECT n.nspname, ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid)
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            WHERE c.relkind IN ('r', 'p') AND {UserRelation}
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
            ORDER BY 1, 2
            """;
        await foreach (var (schema, index, definition) in ReadTriplesAsync(session, sql, cancellationToken).ConfigureAwait(false))
        {
            if (definition is null) continue;
            if (reader.Read(new SqlStatement(1, SqlLexer.Tokenize(definition, SqlDialect.Postgres).ToList())) is { } reason)
                skipped.Add(new SkippedStatement { Object = $"{schema}.{index}", Reason = reason });
        }
    }

    /// <summary>A type as format_type writes it (<c>character varying(15)[]</c>), read by the DDL type reader.</summary>
    public static ColumnType ParseType(string text) =>
        TableElementReader.ReadType(new TokenCursor(SqlLexer.Tokenize(text, SqlDialect.Postgres).ToList()));

    private static async IAsyncEnumerable<(string, string, string?)> ReadTriplesAsync(
        PostgresSession session, string sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = session.Command(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            yield return (reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
    }
}
