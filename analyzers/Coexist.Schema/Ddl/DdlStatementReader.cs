using Coexist.Schema.Objects;

namespace Coexist.Schema.Ddl;

internal enum StatementOutcome
{
    /// <summary>The statement described tables, columns, keys or code, and is in the model now.</summary>
    Read,
    /// <summary>A statement the assessment has no use for (SET, INSERT, GRANT, CREATE SEQUENCE...).</summary>
    Ignored,
}

/// <summary>
/// Reads one statement into the model: CREATE/ALTER TABLE, CREATE INDEX, comments, and the code
/// objects (views, routines, triggers) that go to <paramref name="code"/>. A statement whose start it
/// does not know is skipped; one it knows but has no use for is ignored.
/// </summary>
internal static class DdlStatementReader
{
    /// <summary>Statements that are SQL but describe nothing an address column depends on.</summary>
    private static readonly HashSet<string> IgnoredStatements = new(StringComparer.OrdinalIgnoreCase)
    {
        "SET", "USE", "INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT", "WITH", "MERGE", "LOCK", "UNLOCK", "DROP", "GRANT",
        "REVOKE", "BEGIN", "COMMIT", "ROLLBACK", "START", "END", "SAVEPOINT", "RELEASE", "PRAGMA", "ANALYZE", "ANALYSE", "VACUUM",
        "REINDEX", "COPY", "TRUNCATE", "DECLARE", "PRINT", "IF", "WHILE", "RAISERROR", "THROW", "CHECKPOINT", "DBCC", "RESET",
        "SHOW", "CALL", "LISTEN", "NOTIFY", "SECURITY", "ATTACH", "DETACH", "CLUSTER", "REFRESH", "DISCARD", "LOAD", "FLUSH",
        "OPTIMIZE", "RENAME", "DEALLOCATE", "PREPARE", "EXPLAIN", "DESCRIBE", "DESC", "VALUES", "IMPORT", "SP_RENAME", "RETURN",
        "OPEN", "CLOSE", "FETCH", "ALTER", "EXEC", "EXECUTE", "COMMENT", "CREATE", "ABORT", "CHECKSUM", "KILL", "WAITFOR",
        "BACKUP", "RESTORE", "GO", "DENY", "ENABLE", "DISABLE", "REASSIGN", "UNLISTEN",
    };

    /// <summary>Objects CREATE may make that hold nothing an address depends on.</summary>
    private static readonly HashSet<string> IgnoredObjects = new(StringComparer.OrdinalIgnoreCase)
    {
        "SCHEMA", "DATABASE", "SEQUENCE", "TYPE", "EXTENSION", "ROLE", "USER", "LOGIN", "GROUP", "COLLATION",
        "OPERATOR", "AGGREGATE", "CAST", "SERVER", "PUBLICATION", "SUBSCRIPTION", "STATISTICS", "TABLESPACE", "TEXT",
        "FOREIGN", "SYNONYM", "CONVERSION", "LANGUAGE", "ACCESS", "TRANSFORM", "USER MAPPING", "ASSEMBLY", "CERTIFICATE",
        "MASTER", "SYMMETRIC", "ASYMMETRIC", "PARTITION", "XML", "FULLTEXT", "SPATIAL", "COLUMNSTORE", "DEFAULT",
        "CONTRIBUTOR", "QUEUE", "MESSAGE", "CONTRACT", "ROUTE", "SERVICE", "ENDPOINT", "CREDENTIAL", "AUDIT", "RESOURCE",
        "WORKLOAD", "SECURITY", "EXTERNAL", "PLAN", "LOGFILE",
    };

    private static readonly Dictionary<string, CodeKind> CodeObjects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["VIEW"] = CodeKind.View, ["FUNCTION"] = CodeKind.Function, ["PROCEDURE"] = CodeKind.Procedure, ["PROC"] = CodeKind.Procedure,
        ["TRIGGER"] = CodeKind.Trigger, ["EVENT"] = CodeKind.Event, ["RULE"] = CodeKind.Rule, ["POLICY"] = CodeKind.Policy,
    };

    // Words between CREATE and the kind of object: CREATE OR REPLACE TEMPORARY TABLE, CREATE UNIQUE CLUSTERED INDEX.
    private static readonly HashSet<string> CreateModifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "UNIQUE", "CLUSTERED", "NONCLUSTERED", "MATERIALIZED",
        "RECURSIVE", "CONSTRAINT", "VIRTUAL", "ONLINE", "OFFLINE", "IGNORE", "TRUSTED", "PROCEDURAL", "DEFINER", "ALGORITHM", "SQL",
        "SECURITY", "INVOKER", "UNDEFINED", "MERGE", "TEMPTABLE", "EDITIONABLE", "NONEDITIONABLE", "FORCE", "NOFORCE", "ALTER",
    };

    /// <summary>Reads <paramref name="statement"/>; throws <see cref="DdlReadException"/> when it cannot.</summary>
    public static StatementOutcome Read(SqlStatement statement, SchemaModel model, Action<CodeObject> code)
    {
        var cursor = new TokenCursor(statement.Tokens);
        var first = cursor.Peek();
        if (first.Kind != TokenKind.Word)
            throw new DdlReadException($"not a statement: starts with {TokenCursor.Describe(first)}");

        if (first.IsWord("CREATE")) return ReadCreate(cursor, model, code, statement);
        if (first.IsWord("ALTER") && cursor.IsWord("TABLE", 1)) return AlterTableReader.Read(cursor, model);
        if (first.IsWord("COMMENT") && cursor.IsWord("ON", 1)) return ReadCommentOn(cursor, model);
        if ((first.IsWord("EXEC") || first.IsWord("EXECUTE")) && IsExtendedProperty(cursor)) return ReadExtendedProperty(cursor, model);
        if (first.IsWord("DO") && model.Dialect == SqlDialect.Postgres)
        {
            code(new CodeObject(CodeKind.Block, new ObjectName(null, "DO block"), statement.Tokens, statement.Line));
            return StatementOutcome.Read;
        }
        if (first.IsWord("USE") && cursor.Peek(1).IsName && model.Dialect == SqlDialect.MySql)
        {
            model.DefaultSchema = cursor.Peek(1).Text;
            return StatementOutcome.Ignored;
        }
        if (IgnoredStatements.Contains(first.Text)) return StatementOutcome.Ignored;
        throw new DdlReadException($"unknown statement '{Shorten(first.Text)}'");
    }

    private static StatementOutcome ReadCreate(TokenCursor cursor, SchemaModel model, Action<CodeObject> code, SqlStatement statement)
    {
        cursor.Position++;
        while (!cursor.AtEnd)
        {
            var word = cursor.Peek();
            if (word.Kind == TokenKind.Word && CreateModifiers.Contains(word.Text))
            {
                cursor.Position++;
                // DEFINER=`root`@`localhost`, ALGORITHM=UNDEFINED: skip the value too.
                if (cursor.AcceptSymbol("="))
                {
                    cursor.Position++;
                    if (cursor.Peek().IsSymbol("@") || cursor.Peek().Kind == TokenKind.Parameter)
                    {
                        if (cursor.AcceptSymbol("@")) cursor.Position++;
                        else cursor.Position++;
                    }
                }
                continue;
            }
            break;
        }
        var kind = cursor.Peek();
        if (kind.IsWord("TABLE")) return CreateTableReader.Read(cursor, model);
        if (kind.IsWord("INDEX")) return ReadCreateIndex(cursor, model);
        if (kind.IsWord("DOMAIN") || kind.IsWord("TYPE") && IsAliasType(cursor)) return ReadDomain(cursor, model);
        if (kind.Kind == TokenKind.Word && CodeObjects.TryGetValue(kind.Text, out var codeKind))
        {
            cursor.Position++;
            cursor.SkipIfExists();
            var name = cursor.Peek().IsName ? cursor.ReadName("a name") : new ObjectName(null, kind.Text.ToLowerInvariant());
            code(new CodeObject(codeKind, model.Qualify(name), statement.Tokens, statement.Line));
            return StatementOutcome.Read;
        }
        if (kind.Kind == TokenKind.Word && IgnoredObjects.Contains(kind.Text)) return StatementOutcome.Ignored;
        throw new DdlReadException($"unknown statement 'CREATE {Shorten(kind.Text)}'");
    }

    /// <summary>T-SQL: CREATE TYPE name FROM base type, an alias type that works like a domain.</summary>
    private static bool IsAliasType(TokenCursor cursor)
    {
        for (var i = 1; i < 8 && !cursor.Peek(i).IsSymbol(""); i++)
        {
            if (cursor.Peek(i).IsWord("FROM")) return true;
            if (cursor.Peek(i).IsWord("AS")) return false;
        }
        return false;
    }

    /// <summary>CREATE DOMAIN name [AS] type [DEFAULT ...] [CONSTRAINT n] CHECK (...), or CREATE TYPE name FROM type.</summary>
    private static StatementOutcome ReadDomain(TokenCursor cursor, SchemaModel model)
    {
        cursor.Position++;
        var name = cursor.ReadName("a domain name");
        if (!cursor.Accept("AS")) cursor.Accept("FROM");
        var type = TableElementReader.ReadType(cursor);
        var checks = new List<CodeText>();
        while (!cursor.AtEnd)
        {
            if (cursor.Accept("CHECK") && cursor.Peek().IsSymbol("(")) checks.Add(cursor.ReadGroup().RestAsCode());
            else cursor.SkipItem();
        }
        model.AddDomain(new DomainModel(name.Name, type, checks));
        return StatementOutcome.Read;
    }

    /// <summary>CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] name ON [ONLY] table [USING m] (columns).</summary>
    private static StatementOutcome ReadCreateIndex(TokenCursor cursor, SchemaModel model)
    {
        var unique = false;
        for (var i = 0; i < cursor.Position; i++) unique |= cursor.Tokens[i].IsWord("UNIQUE");
        var line = cursor.Peek().Line;
        cursor.Position++;
        cursor.Accept("CONCURRENTLY");
        cursor.SkipIfExists();
        string? name = null;
        if (!cursor.IsWord("ON")) name = cursor.ReadName("an index name").Name;
        while (cursor.Accept("USING")) cursor.Position++;
        if (!cursor.Accept("ON")) throw new DdlReadException($"expected ON after the index name at line {cursor.Peek().Line}");
        cursor.Accept("ONLY");
        var tableName = cursor.ReadName("a table name");
        while (!cursor.AtEnd && !cursor.Peek().IsSymbol("(")) cursor.Position++;
        if (cursor.AtEnd) throw new DdlReadException($"index {name} lists no columns");
        var columns = TableElementReader.ColumnList(cursor.ReadGroup());
        var table = model.FindTable(tableName) ?? model.AddTable(tableName, null);
        table.Keys.Add(new KeyModel(unique ? KeyKind.Unique : KeyKind.Index, name, columns, line));
        return StatementOutcome.Read;
    }

    /// <summary>PostgreSQL (and Oracle) COMMENT ON COLUMN [schema.]table.column IS 'text'.</summary>
    private static StatementOutcome ReadCommentOn(TokenCursor cursor, SchemaModel model)
    {
        cursor.Position += 2;
        if (!cursor.Accept("COLUMN")) return StatementOutcome.Ignored;
        var parts = new List<string> { cursor.ReadIdentifier("a column name") };
        while (cursor.AcceptSymbol(".")) parts.Add(cursor.ReadIdentifier("a column name"));
        if (parts.Count < 2) throw new DdlReadException("COMMENT ON COLUMN needs table.column");
        if (!cursor.Accept("IS")) throw new DdlReadException("expected IS in COMMENT ON COLUMN");
        var text = cursor.Peek().Kind == TokenKind.String ? cursor.Take().Text : null;
        var tableName = new ObjectName(parts.Count > 2 ? parts[^3] : null, parts[^2]);
        var column = model.FindTable(tableName)?.FindColumn(parts[^1]);
        if (column is not null) column.Comment = text;
        return StatementOutcome.Read;
    }

    private static bool IsExtendedProperty(TokenCursor cursor)
    {
        for (var i = 1; i <= 3; i++)
        {
            if (cursor.Peek(i).IsWord("sp_addextendedproperty") || cursor.Peek(i).IsWord("sp_updateextendedproperty")) return true;
        }
        return false;
    }

    /// <summary>
    /// SQL Server's column descriptions: EXEC sp_addextendedproperty 'MS_Description', 'text',
    /// 'SCHEMA', 'dbo', 'TABLE', 't', 'COLUMN', 'c', by position or as @name=... arguments.
    /// </summary>
    private static StatementOutcome ReadExtendedProperty(TokenCursor cursor, SchemaModel model)
    {
        string[] order = ["@name", "@value", "@level0type", "@level0name", "@level1type", "@level1name", "@level2type", "@level2name"];
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (!cursor.AtEnd && !cursor.Peek().IsWord("sp_addextendedproperty") && !cursor.Peek().IsWord("sp_updateextendedproperty")) cursor.Position++;
        cursor.Position++;
        var position = 0;
        foreach (var argument in cursor.SplitTopLevel())
        {
            var key = order[Math.Min(position, order.Length - 1)];
            if (argument.Peek().Kind == TokenKind.Parameter && argument.Peek(1).IsSymbol("="))
            {
                key = argument.Take().Text;
                argument.Position++;
            }
            if (argument.Peek().Kind == TokenKind.String) values[key] = argument.Peek().Text;
            position++;
        }
        if (!values.TryGetValue("@level2type", out var level2) || !level2.Equals("COLUMN", StringComparison.OrdinalIgnoreCase)) return StatementOutcome.Ignored;
        if (!values.TryGetValue("@level1name", out var tableName) || !values.TryGetValue("@level2name", out var columnName)) return StatementOutcome.Ignored;
        var table = model.FindTable(new ObjectName(values.GetValueOrDefault("@level0name"), tableName));
        var column = table?.FindColumn(columnName);
        if (column is not null && values.TryGetValue("@value", out var description)) column.Comment = description;
        return StatementOutcome.Read;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
