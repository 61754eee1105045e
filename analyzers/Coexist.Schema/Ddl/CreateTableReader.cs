using Coexist.Schema.Objects;

namespace Coexist.Schema.Ddl;

/// <summary>CREATE TABLE [IF NOT EXISTS] name (elements) [options], in every dialect's spelling.</summary>
internal static class CreateTableReader
{
    /// <summary>Reads a CREATE TABLE whose cursor stands on TABLE.</summary>
    public static StatementOutcome Read(TokenCursor cursor, SchemaModel model)
    {
        cursor.Position++;
        cursor.SkipIfExists();
        var line = cursor.Peek().Line;
        var table = model.AddTable(cursor.ReadName("a table name"), line);

        // CREATE VIRTUAL TABLE t USING fts5(...), CREATE TABLE t AS SELECT, PARTITION OF, OF type: no typed columns to read.
        if (!cursor.Peek().IsSymbol("(")) return StatementOutcome.Read;
        var elements = cursor.ReadGroup();
        if (elements.IsWord("SELECT") || elements.IsWord("WITH") || elements.IsWord("VALUES")) return StatementOutcome.Read;
        foreach (var element in elements.SplitTopLevel())
            TableElementReader.ReadElement(element, table, model.Dialect);
        return StatementOutcome.Read;
    }
}
