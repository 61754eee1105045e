using Coexist.Schema.Objects;

namespace Coexist.Schema.Ddl;

/// <summary>
/// Reads what goes between the parentheses of CREATE TABLE, and after ALTER TABLE ... ADD:
/// column definitions, keys, indexes and checks, in any of the four dialects.
/// </summary>
internal static class TableElementReader
{
    /// <summary>Words that end a column's type and start its constraints; a column without a type (SQLite) starts with one.</summary>
    private static readonly HashSet<string> ConstraintWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "NOT", "NULL", "PRIMARY", "UNIQUE", "CHECK", "DEFAULT", "REFERENCES", "COLLATE", "GENERATED", "AS",
        "COMMENT", "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "ON", "CHARACTER", "CHARSET", "STORED", "VIRTUAL",
        "PERSISTED", "ROWGUIDCOL", "SPARSE", "FILESTREAM", "MASKED", "VISIBLE", "INVISIBLE", "COLUMN_FORMAT", "STORAGE",
        "ENCRYPTED", "WITH", "KEY", "UNSIGNED", "SIGNED", "ZEROFILL", "SRID", "COMPRESSION", "ENCODE",
    };

    /// <summary>Words that may follow the first word of a type name: character varying, double precision, long varchar.</summary>
    private static readonly Dictionary<string, string[]> TypeContinuations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["character"] = ["varying"], ["char"] = ["varying"], ["national"] = ["character", "char", "varchar"],
        ["nchar"] = ["varying"], ["double"] = ["precision"], ["long"] = ["varchar", "varbinary", "raw"],
        ["binary"] = ["varying"], ["bit"] = ["varying"], ["varying"] = ["character"], ["unsigned"] = ["big"],
    };

    private static readonly HashSet<string> IndexWords = new(StringComparer.OrdinalIgnoreCase) { "KEY", "INDEX", "FULLTEXT", "SPATIAL" };

    /// <summary>Words inside an index's column list that are not column names.</summary>
    private static readonly HashSet<string> IndexListWords = new(StringComparer.OrdinalIgnoreCase)
        { "ASC", "DESC", "NULLS", "FIRST", "LAST", "COLLATE", "USING", "WITH", "OPCLASS" };

    public static bool StartsConstraint(TokenCursor part)
    {
        var first = part.Peek();
        return first.Kind == TokenKind.Word && (first.IsWord("CONSTRAINT") || first.IsWord("PRIMARY") || first.IsWord("UNIQUE")
            || first.IsWord("FOREIGN") || first.IsWord("CHECK") || first.IsWord("EXCLUDE") || first.IsWord("LIKE") || first.IsWord("PERIOD")
            || IndexWords.Contains(first.Text) && (part.Peek(1).IsName || part.Peek(1).IsSymbol("(") || IndexWords.Contains(part.Peek(1).Text)));
    }

    /// <summary>Reads one element of a table definition into <paramref name="table"/>.</summary>
    public static void ReadElement(TokenCursor part, TableModel table, SqlDialect dialect)
    {
        if (part.AtEnd) return;
        if (StartsConstraint(part)) ReadConstraint(part, table);
        else ReadColumn(part, table, dialect);
    }

    public static ColumnModel ReadColumn(TokenCursor part, TableModel table, SqlDialect dialect)
    {
        var nameToken = part.Peek();
        var name = part.ReadIdentifier("a column name");
        var type = ReadType(part);
        var column = new ColumnModel(name, type, nameToken.Line);
        ReadColumnConstraints(part, table, column);
        return table.AddColumn(column);
    }

    /// <summary>Reads a type such as <c>varchar(15)</c>, <c>[varchar](15)</c>, <c>character varying(15)[]</c>, <c>int(10) unsigned</c>.</summary>
    public static ColumnType ReadType(TokenCursor part)
    {
        var first = part.Peek();
        if (part.AtEnd || first.Kind == TokenKind.Word && ConstraintWords.Contains(first.Text) && !first.IsWord("CHARACTER") || !first.IsName)
            return ColumnType.Untyped;

        var name = part.ReadName("a type");
        var words = new List<string> { name.Name };
        while (TypeContinuations.TryGetValue(words[^1], out var next) && part.Peek().Kind == TokenKind.Word && next.Contains(part.Peek().Text, StringComparer.OrdinalIgnoreCase))
            words.Add(part.Take().Text);

        var arguments = new List<string>();
        if (part.Peek().IsSymbol("("))
        {
            foreach (var argument in part.ReadGroup().SplitTopLevel())
                arguments.Add(argument.AtEnd ? "" : argument.Peek().Text);
        }
        // time/timestamp WITH TIME ZONE, and a length-less varchar's "varying" are all part of the name.
        if (part.Accept("WITH", "TIME", "ZONE")) words.Add("with time zone");
        else if (part.Accept("WITHOUT", "TIME", "ZONE")) words.Add("without time zone");

        var unsigned = false;
        while (part.Peek().IsWord("UNSIGNED") || part.Peek().IsWord("SIGNED") || part.Peek().IsWord("ZEROFILL"))
            unsigned |= part.Take().IsWord("UNSIGNED");

        var isArray = false;
        while (part.Peek().IsSymbol("[") && part.Peek(1).IsSymbol("]") || part.Peek().IsSymbol("[") && part.Peek(1).Kind == TokenKind.Number && part.Peek(2).IsSymbol("]"))
        {
            part.Position += part.Peek(1).IsSymbol("]") ? 2 : 3;
            isArray = true;
        }
        if (part.Accept("ARRAY")) isArray = true;

        var declared = string.Join(' ', words) + (arguments.Count > 0 ? "(" + string.Join(",", arguments) + ")" : "")
            + (unsigned ? " unsigned" : "") + (isArray ? "[]" : "");
        return ColumnType.From(string.Join(' ', words.Where(w => !w.EndsWith("time zone", StringComparison.Ordinal))), arguments, unsigned, isArray, declared);
    }

    private static void ReadColumnConstraints(TokenCursor part, TableModel table, ColumnModel column)
    {
        string? constraintName = null;
        while (!part.AtEnd)
        {
            var token = part.Peek();
            if (part.Accept("CONSTRAINT"))
            {
                constraintName = part.Peek().IsName ? part.Take().Text : null;
                continue;
            }
            if (part.Accept("PRIMARY", "KEY"))
            {
                table.Keys.Add(new KeyModel(KeyKind.PrimaryKey, constraintName, [column.Name], token.Line));
            }
            else if (part.Accept("UNIQUE"))
            {
                part.Accept("KEY");
                table.Keys.Add(new KeyModel(KeyKind.Unique, constraintName, [column.Name], token.Line));
            }
            else if (part.Accept("REFERENCES"))
            {
                var target = part.ReadName("a referenced table");
                var targetColumns = part.Peek().IsSymbol("(") ? ColumnList(part.ReadGroup()) : [];
                table.Keys.Add(new KeyModel(KeyKind.ForeignKey, constraintName, [column.Name], token.Line)
                    { References = target, ReferencedColumns = targetColumns });
            }
            else if (part.Accept("CHECK"))
            {
                var expression = part.ReadGroup().RestAsCode();
                table.Checks.Add(new CheckModel(constraintName, expression, [column.Name]));
            }
            else if (part.Accept("DEFAULT"))
            {
                // Always one item, so that DEFAULT NULL and DEFAULT -1 are read whole.
                var start = part.Position;
                part.SkipItem();
                part.ReadExpressionUntil(ConstraintWords);
                column.Default = part.Code(start, part.Position);
            }
            else if (part.Accept("COMMENT"))
            {
                if (part.Peek().Kind == TokenKind.String) column.Comment = part.Take().Text;
            }
            else if (part.Accept("GENERATED") || part.IsWord("AS") && part.Peek(1).IsSymbol("("))
            {
                while (!part.AtEnd && !part.Peek().IsSymbol("(") && !part.IsWord("IDENTITY") && !part.IsWord("NOT") && !part.IsWord("PRIMARY")) part.Position++;
                if (part.Peek().IsSymbol("(")) column.Generated = part.ReadGroup().RestAsCode();
            }
            else if (part.Accept("COLLATE") || part.Accept("CHARACTER", "SET") || part.Accept("CHARSET"))
            {
                part.SkipItem();
            }
            else
            {
                part.SkipItem();
            }
            constraintName = null;
        }
    }

    private static void ReadConstraint(TokenCursor part, TableModel table)
    {
        var line = part.Peek().Line;
        string? name = null;
        if (part.Accept("CONSTRAINT") && part.Peek().IsName && !part.Peek().IsWord("PRIMARY") && !part.Peek().IsWord("UNIQUE")
            && !part.Peek().IsWord("FOREIGN") && !part.Peek().IsWord("CHECK"))
            name = part.Take().Text;

        if (part.Accept("PRIMARY", "KEY"))
        {
            SkipIndexOptions(part);
            table.Keys.Add(new KeyModel(KeyKind.PrimaryKey, name, ColumnListAfterOptions(part), line));
        }
        else if (part.Accept("UNIQUE"))
        {
            if (!part.Accept("KEY")) part.Accept("INDEX");
            SkipIndexOptions(part);
            if (part.Peek().IsName && part.Peek(1).IsSymbol("(")) name ??= part.Take().Text;
            table.Keys.Add(new KeyModel(KeyKind.Unique, name, ColumnListAfterOptions(part), line));
        }
        else if (part.Accept("FOREIGN", "KEY"))
        {
            if (part.Peek().IsName) name ??= part.Take().Text;
            var columns = ColumnList(part.ReadGroup());
            ObjectName? target = null;
            IReadOnlyList<string> targetColumns = [];
            if (part.Accept("REFERENCES"))
            {
                target = part.ReadName("a referenced table");
                if (part.Peek().IsSymbol("(")) targetColumns = ColumnList(part.ReadGroup());
            }
            table.Keys.Add(new KeyModel(KeyKind.ForeignKey, name, columns, line) { References = target, ReferencedColumns = targetColumns });
        }
        else if (part.Accept("CHECK"))
        {
            part.Accept("NOT", "FOR", "REPLICATION");
            var expression = part.ReadGroup().RestAsCode();
            var columns = table.Columns.Where(c => expression.Names.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).Select(c => c.Name).ToList();
            table.Checks.Add(new CheckModel(name, expression, columns));
        }
        else if (part.Peek().Kind == TokenKind.Word && IndexWords.Contains(part.Peek().Text))
        {
            while (part.Peek().Kind == TokenKind.Word && IndexWords.Contains(part.Peek().Text)) part.Position++;
            if (part.Peek().IsName && !part.Peek().IsWord("USING")) name = part.Take().Text;
            SkipIndexOptions(part);
            table.Keys.Add(new KeyModel(KeyKind.Index, name, ColumnListAfterOptions(part), line));
        }
        // EXCLUDE, LIKE, PERIOD FOR: nothing an address column's migration depends on.
    }

    private static void SkipIndexOptions(TokenCursor part)
    {
        while (part.Accept("CLUSTERED") || part.Accept("NONCLUSTERED") || part.Accept("USING", "BTREE") || part.Accept("USING", "HASH")) { }
    }

    private static IReadOnlyList<string> ColumnListAfterOptions(TokenCursor part)
    {
        while (!part.AtEnd && !part.Peek().IsSymbol("(")) part.Position++;
        return part.AtEnd ? [] : ColumnList(part.ReadGroup());
    }

    /// <summary>The columns an index or key lists; expressions contribute every name they mention.</summary>
    public static IReadOnlyList<string> ColumnList(TokenCursor group)
    {
        var columns = new List<string>();
        foreach (var item in group.SplitTopLevel())
        {
            for (var i = item.Position; i < item.End; i++)
            {
                var token = item.Tokens[i];
                if (!token.IsName || token.Kind == TokenKind.Word && IndexListWords.Contains(token.Text)) continue;
                // Not columns: a function name (lower(ip)), a cast's type (ip::text), a collation (COLLATE "C").
                if (i + 1 < item.End && item.Tokens[i + 1].IsSymbol("(")) continue;
                if (i > item.Position && (item.Tokens[i - 1].IsSymbol("::") || item.Tokens[i - 1].IsWord("COLLATE"))) continue;
                if (!columns.Contains(token.Text, StringComparer.OrdinalIgnoreCase)) columns.Add(token.Text);
            }
        }
        return columns;
    }
}
