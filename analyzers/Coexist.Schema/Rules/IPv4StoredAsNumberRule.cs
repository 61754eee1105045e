using Coexist.Model;

namespace Coexist.Schema.Rules;

/// <summary>COEX2002: an integer or 4-byte binary column holding addresses (INET_ATON storage).</summary>
internal sealed class IPv4StoredAsNumberRule : IColumnRule
{
    public SchemaRule Rule => SchemaRules.IPv4StoredAsNumber;

    public IEnumerable<Finding?> Check(RuleContext context, IReadOnlyList<AddressColumn> addressColumns)
    {
        foreach (var column in addressColumns.Where(c => c.Kind == AddressColumnKind.IPv4Number))
        {
            var keys = context.KeysOn(column);
            var (note, sql) = MigrationAdvice.ForNumber(context.Dialect, column, keys.Count);
            var target = MigrationAdvice.Target(context.Dialect);
            var evidence = ColumnEvidence.For(column, keys);
            MigrationAdvice.AddTo(evidence, context.Dialect, MigrationStrategy.ConvertInPlace, note, sql);
            var data = context.DataFor(column.Table, column.Column.Name);
            RuleContext.AddData(evidence, data);
            if (data is not null) evidence["rowsWithValue"] = data.NonNullRows;
            yield return context.Create(
                Rule,
                $"{column.Object} ({column.Column.Type}) stores IPv4 addresses as numbers: {column.Reasons[0]}; use {target.Type}",
                column.Column.Line,
                column.Object,
                evidence);
        }
    }
}
