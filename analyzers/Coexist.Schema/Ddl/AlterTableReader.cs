using Coexist.Schema.Objects;

namespace Coexist.Schema.Ddl;

/// <summary>
/// ALTER TABLE actions that change what the rules see: added columns, keys, indexes and defaults,
/// changed types, renames and drops. Other actions (OWNER TO, ENABLE TRIGGER...) are left alone.
/// </summary>
internal static class AlterTableReader
{
    /// <summary>Reads an ALTER TABLE whose cursor stands on ALTER.</summary>
    public static StatementOutcome Read(TokenCursor cursor, SchemaModel model)
    {
        cursor.Position += 2;
        cursor.SkipIfExists();
        cursor.Accept("ONLY");
        var line = cursor.Peek().Line;
        var name = cursor.ReadName("a table name");
        // A table first seen here (ALTER TABLE ONLY t ADD CONSTRAINT ...) is added; OWNER TO on a sequence adds nothing.
        var table = model.FindTable(name);
        TableModel Table() => table ??= model.AddTable(name, line);
        // T-SQL: ALTER TABLE t WITH CHECK ADD CONSTRAINT ..., ALTER TABLE t CHECK CONSTRAINT c.
        if (cursor.Accept("WITH", "CHECK") || cursor.Accept("WITH", "NOCHECK")) { }

        var addingColumns = false;
        foreach (var action in cursor.SplitTopLevel())
        {
            if (action.AtEnd) continue;
            if (action.Accept("ADD"))
            {
                addingColumns = ReadAdd(action, Table(), model.Dialect);
            }
            else if (addingColumns && action.Peek().IsName && !IsActionWord(action.Peek()))
            {
                // T-SQL: ALTER TABLE t ADD a int, b varchar(15): one ADD, several columns.
                TableElementReader.ReadElement(action, Table(), model.Dialect);
            }
            else
            {
                addingColumns = false;
                if (table is not null) ReadOtherAction(action, table, model.Dialect);
            }
        }
        return StatementOutcome.Read;
    }

    private static readonly HashSet<string> ActionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ADD", "ALTER", "MODIFY", "CHANGE", "DROP", "RENAME", "OWNER", "ENABLE", "DISABLE", "SET", "RESET", "VALIDATE", "CLUSTER",
        "INHERIT", "NO", "ATTACH", "DETACH", "REPLICA", "FORCE", "NOCHECK", "CHECK", "SWITCH", "REBUILD", "LOCK", "ALGORITHM",
        "ENGINE", "CONVERT", "DEFAULT", "CHARACTER", "COLLATE", "COMMENT", "AUTO_INCREMENT", "ORDER", "PARTITION",
    };

    private static bool IsActionWord(SqlToken token) => token.Kind == TokenKind.Word && ActionWords.Contains(token.Text);

    /// <returns>True when the action added a column, so that following bare column definitions belong to it.</returns>
    private static bool ReadAdd(TokenCursor action, TableModel table, SqlDialect dialect)
    {
        // T-SQL: ADD [CONSTRAINT n] DEFAULT (expr) FOR column.
        var start = action.Position;
        if (action.Accept("CONSTRAINT") && action.Peek().IsName) action.Position++;
        if (action.Accept("DEFAULT"))
        {
            var expressionStart = action.Position;
            while (!action.AtEnd && !action.IsWord("FOR")) action.SkipItem();
            var expression = action.Code(expressionStart, action.Position);
            if (action.Accept("FOR") && table.FindColumn(action.ReadIdentifier("a column name")) is { } column)
                column.Default = expression;
            return false;
        }
        action.Position = start;

        if (TableElementReader.StartsConstraint(action))
        {
            TableElementReader.ReadElement(action, table, dialect);
            return false;
        }
        action.Accept("COLUMN");
        action.SkipIfExists();
        if (action.Peek().IsSymbol("("))
        {
            // MySQL: ADD (a int, b varchar(15)).
            foreach (var element in action.ReadGroup().SplitTopLevel()) TableElementReader.ReadElement(element, table, dialect);
            return false;
        }
        TableElementReader.ReadColumn(action, table, dialect);
        return true;
    }

    private static void ReadOtherAction(TokenCursor action, TableModel table, SqlDialect dialect)
    {
        if (action.Accept("MODIFY"))
        {
            // MySQL: MODIFY [COLUMN] definition.
            action.Accept("COLUMN");
            TableElementReader.ReadColumn(action, table, dialect);
        }
        else if (action.Accept("CHANGE"))
        {
            // MySQL: CHANGE [COLUMN] old new definition.
            action.Accept("COLUMN");
            var old = table.FindColumn(action.ReadIdentifier("a column name"));
            var column = TableElementReader.ReadColumn(action, table, dialect);
            if (old is not null && !old.Name.Equals(column.Name, StringComparison.OrdinalIgnoreCase))
                table.RemoveColumn(old.Name);
        }
        else if (action.Accept("ALTER"))
        {
            action.Accept("COLUMN");
            var column = table.FindColumn(action.ReadIdentifier("a column name"));
            if (column is null) return;
            if (action.Accept("SET", "DEFAULT"))
                column.Default = action.RestAsCode();
            else if (action.Accept("DROP", "DEFAULT"))
                column.Default = null;
            else if (action.Accept("TYPE") || action.Accept("SET", "DATA", "TYPE"))
                column.Type = TableElementReader.ReadType(action);
            else if (dialect == SqlDialect.TSql && !action.IsWord("ADD") && !action.IsWord("DROP"))
                column.Type = TableElementReader.ReadType(action);
        }
        else if (action.Accept("RENAME", "COLUMN") || dialect != SqlDialect.MySql && action.Accept("RENAME") && !action.IsWord("TO"))
        {
            var from = action.ReadIdentifier("a column name");
            if (action.Accept("TO")) table.RenameColumn(from, action.ReadIdentifier("a column name"));
        }
        else if (action.Accept("DROP", "COLUMN") || action.Accept("DROP") && action.Peek().IsName && !IsDropObjectWord(action.Peek()))
        {
            action.SkipIfExists();
            table.RemoveColumn(action.ReadIdentifier("a column name"));
        }
    }

    private static bool IsDropObjectWord(SqlToken token) =>
        token.IsWord("CONSTRAINT") || token.IsWord("INDEX") || token.IsWord("KEY") || token.IsWord("PRIMARY") || token.IsWord("FOREIGN")
        || token.IsWord("DEFAULT") || token.IsWord("CHECK") || token.IsWord("PARTITION") || token.IsWord("NOT") || token.IsWord("EXPRESSION")
        || token.IsWord("IDENTITY");
}
