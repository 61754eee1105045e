using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Schema.Rules;

/// <summary>COEX2001: a character column sized or constrained for dotted-quad IPv4 text.</summary>
internal sealed class IPv4StoredAsTextRule : IColumnRule
{
    public SchemaRule Rule => SchemaRules.IPv4StoredAsText;

    public IEnumerable<Finding?> Check(RuleContext context, IReadOnlyList<AddressColumn> addressColumns)
    {
        foreach (var column in addressColumns.Where(c => c.Kind == AddressColumnKind.IPv4Text))
        {
            var keys = context.KeysOn(column);
            var (note, sql) = MigrationAdvice.ForText(context.Dialect, column, keys.Count);
            var target = MigrationAdvice.Target(context.Dialect);
            var evidence = ColumnEvidence.For(column, keys);
            MigrationAdvice.AddTo(evidence, context.Dialect, MigrationStrategy.ConvertInPlace, note, sql);
            var data = context.DataFor(column.Table, column.Column.Name);
            RuleContext.AddData(evidence, data);
            if (data is not null) evidence["rowsWithIPv4"] = data.RowsWithIPv4;
            yield return context.Create(
                Rule,
                $"{column.Object} ({column.Column.Type}) stores IP addresses as text that IPv6 addresses do not fit: {column.Reasons[0]}; use {target.Type}",
                column.Column.Line,
                column.Object,
                evidence);
        }
    }
}

/// <summary>Evidence every column finding shares: the declared type, why the column is an address column, and its keys.</summary>
internal static class ColumnEvidence
{
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
