using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Schema.Objects;

namespace Coexist.Schema.Rules;

/// <summary>
/// COEX2007: text columns whose rows hold IPv4 addresses, whatever the column is called:
/// configuration values, access lists, allowed_hosts lists, URLs with an IPv4 host. The working
/// group's finding: such data must be changed for IPv6, or IPv6 records created beside it.
/// </summary>
internal sealed class IPv4InStoredDataRule : IColumnRule
{
    public SchemaRule Rule => SchemaRules.IPv4InStoredData;

    public IEnumerable<Finding?> Check(RuleContext context, IReadOnlyList<AddressColumn> addressColumns)
    {
        if (!context.HasData) yield break;
        // Address columns report their rows themselves (COEX2001, COEX2003).
        var reported = addressColumns.Where(c => c.Kind != AddressColumnKind.IPv4Number).Select(c => c.Object).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var table in context.Model.Tables)
        {
            foreach (var column in table.Columns)
            {
                var name = table.Describe(column.Name);
                if (reported.Contains(name) || context.DataFor(table, column.Name) is not { RowsWithIPv4: > 0 } data) continue;
                var evidence = new JsonObject
                {
                    ["kind"] = "data",
                    ["table"] = table.Name.ToString(),
                    ["column"] = column.Name,
                    ["declaredType"] = column.Type.ToString(),
                    ["rowsRead"] = data.RowsRead,
                    ["rowsWithIPv4"] = data.RowsWithIPv4,
                    ["sampled"] = data.Sampled,
                    ["examples"] = new JsonArray(data.Examples.Select(e => (JsonNode)e).ToArray()),
                    ["shapes"] = new JsonArray(data.Shapes.Select(s => (JsonNode)s).ToArray()),
                    ["migration"] = MigrationAdvice.WireName(MigrationStrategy.AddIPv6Records),
                    ["migrationNote"] = Note(data.Shapes),
                };
                var sample = data.Sampled ? $" of the first {data.RowsRead} rows" : $" of {data.RowsRead} rows";
                yield return context.Create(
                    Rule,
                    $"{name}: {data.RowsWithIPv4}{sample} hold IPv4 addresses ({string.Join(", ", data.Examples.Take(3))}); add IPv6 records beside them",
                    column.Line,
                    name,
                    evidence);
            }
        }
    }

    private static string Note(IReadOnlyList<string> shapes)
    {
        var note = "Add new records for IPv6 beside the IPv4 ones, which stay while IPv4 clients remain: no change may stop the running IPv4 service.";
        if (shapes.Contains("cidr")) note += " Access lists need the IPv6 prefixes of the same networks.";
        if (shapes.Contains("url")) note += " URLs should name a host with A and AAAA records instead of an IPv4 address.";
        if (shapes.Contains("list")) note += " Lists of hosts need the IPv6 addresses added to each list.";
        return note;
    }
}
