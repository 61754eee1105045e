using Coexist.Model;

namespace Coexist.Schema.Rules;

/// <summary>COEX2003: an address column whose type already holds IPv6, so that the report shows what is good.</summary>
internal sealed class IPv6CapableColumnRule : IColumnRule
{
    public SchemaRule Rule => SchemaRules.IPv6CapableColumn;

    public IEnumerable<Finding?> Check(RuleContext context, IReadOnlyList<AddressColumn> addressColumns)
    {
        foreach (var column in addressColumns.Where(c => c.Kind == AddressColumnKind.IPv6Capable))
        {
            var evidence = ColumnEvidence.For(column, []);
            // The type is ready: IPv4 rows stay valid for IPv4 clients, and IPv6 clients add rows of their own.
            evidence["migration"] = MigrationAdvice.WireName(MigrationStrategy.AddIPv6Records);
            evidence["migrationNote"] = "No type change needed. Stored IPv4 addresses stay valid for IPv4 clients; IPv6 clients add their own rows.";
            var data = context.DataFor(column.Table, column.Column.Name);
            RuleContext.AddData(evidence, data);
            var holding = "";
            if (data is not null)
            {
                var ipv4Rows = data.IPv4Values ?? data.RowsWithIPv4;
                evidence["rowsWithIPv4"] = ipv4Rows;
                if (ipv4Rows > 0) holding = $"; {ipv4Rows} of {data.RowsRead} rows read hold IPv4 addresses";
            }
            yield return context.Create(
                Rule,
                $"{column.Object} ({column.Column.Type}) already holds IPv6 addresses: {column.Reasons[0]}{holding}",
                column.Column.Line,
                column.Object,
                evidence);
        }
    }
}
