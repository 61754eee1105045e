using Coexist.Model;

namespace Coexist.Schema.Rules;

/// <summary>COEX2002: an integer or 4-byte binary column holding addresses (INET_ATON storage).</summary>
internal sealed class IPv4StoredAsNumberRule : IColumnRule
{
    public SchemaRule Rule => SchemaRules.IPv4StoredAsNumber;

    public IEnumerable<Finding?> Check(RuleContext context, IReadOnlyList<AddressColumn> addressColumns) =>
        addressColumns.Where(c => c.Kind == AddressColumnKind.IPv4Number).Select(column => ColumnEvidence.Report(
            context, Rule, column, MigrationAdvice.ForNumber,
            "stores IPv4 addresses as numbers",
            (evidence, data) => evidence["rowsWithValue"] = data.NonNullRows));
}
