using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Schema.Rules;

/// <summary>COEX2001: a character column sized or constrained for dotted-quad IPv4 text.</summary>
internal sealed class IPv4StoredAsTextRule : IColumnRule
{
    public SchemaRule Rule => SchemaRules.IPv4StoredAsText;

    public IEnumerable<Finding?> Check(RuleContext context, IReadOnlyList<AddressColumn> addressColumns) =>
        addressColumns.Where(c => c.Kind == AddressColumnKind.IPv4Text).Select(column => ColumnEvidence.Report(
            context, Rule, column, MigrationAdvice.ForText,
            "stores IP addresses as text that IPv6 addresses do not fit",
            (evidence, data) => evidence["rowsWithIPv4"] = data.RowsWithIPv4));
}

/// <summary>What the findings of COEX2001 and COEX2002, both about a column to convert, share.</summary>
internal static class ColumnEvidence
{
    /// <summary>
    /// A convert-in-place finding on <paramref name="column"/>: why it is an address column, its keys,
    /// the target type, the migration <paramref name="advice"/> for the dialect, and what the data scan read.
    /// </summary>
    public static Finding? Report(
        RuleContext context, SchemaRule rule, AddressColumn column,
        Func<SqlDialect, AddressColumn, int, (string Note, string Sql)> advice, string what, Action<JsonObject, ColumnData> addData)
    {
        var keys = context.KeysOn(column);
        var (note, sql) = advice(context.Dialect, column, keys.Count);
        var evidence = For(column, keys);
        MigrationAdvice.AddTo(evidence, context.Dialect, MigrationStrategy.ConvertInPlace, note, sql);
        if (context.DataFor(column.Table, column.Column.Name) is { } data)
        {
            RuleContext.AddData(evidence, data);
            addData(evidence, data);
        }
        return context.Create(
            rule,
            $"{column.Object} ({column.Column.Type}) {what}: {column.Reasons[0]}; use {MigrationAdvice.Target(context.Dialect).Type}",
            column.Column.Line,
            column.Object,
            evidence);
    }

    public static JsonObject For(AddressColumn column, IReadOnlyList<(Objects.TableModel Table, Objects.KeyModel Key)> keys)
    {
        var evidence = new JsonObject
        {
            ["kind"] = "column",
            ["table"] = column.Table.Name.ToString(),
            ["column"] = column.Column.Name,
            ["declaredType"] = column.Column.Type.ToString(),
            ["reasons"] = new JsonArray(column.Reasons.Select(r => (JsonNode)r).ToArray()),
        };
        if (column.Column.Comment is { } comment) evidence["comment"] = comment;
        if (keys.Count > 0)
            evidence["keys"] = new JsonArray(keys.Select(k => (JsonNode)KeyOnIPv4ColumnRule.Describe(k.Table, k.Key)).ToArray());
        return evidence;
    }
}
