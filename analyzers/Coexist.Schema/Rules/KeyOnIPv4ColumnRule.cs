using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Schema.Objects;

namespace Coexist.Schema.Rules;

/// <summary>
/// COEX2004: an index, unique or primary key, or foreign key over an IPv4 address column. Changing
/// the column's type rebuilds it, and a foreign key must change on both sides at once: migration cost.
/// </summary>
internal sealed class KeyOnIPv4ColumnRule : IColumnRule
{
    public SchemaRule Rule => SchemaRules.KeyOnIPv4Column;

    public IEnumerable<Finding?> Check(RuleContext context, IReadOnlyList<AddressColumn> addressColumns)
    {
        var affected = new Dictionary<KeyModel, (TableModel Table, List<string> Columns)>(ReferenceEqualityComparer.Instance);
        foreach (var column in addressColumns.Where(c => c.Kind is AddressColumnKind.IPv4Text or AddressColumnKind.IPv4Number))
        {
            foreach (var (table, key) in context.KeysOn(column))
            {
                if (!affected.TryGetValue(key, out var entry)) affected[key] = entry = (table, []);
                entry.Columns.Add(column.Object);
            }
        }
        foreach (var (key, (table, columns)) in affected)
        {
            var name = Describe(table, key);
            var evidence = new JsonObject
            {
                ["kind"] = key.KindText,
                ["table"] = table.Name.ToString(),
                ["name"] = key.Name,
                ["columns"] = new JsonArray(key.Columns.Select(c => (JsonNode)c).ToArray()),
                ["affectedColumns"] = new JsonArray(columns.Select(c => (JsonNode)c).ToArray()),
                // Part of converting its columns in place.
                ["migration"] = MigrationAdvice.WireName(MigrationStrategy.ConvertInPlace),
                ["migrationNote"] = key.Kind == KeyKind.ForeignKey
                    ? "Both sides of a foreign key must have the same type: migrate the referencing and the referenced column together, dropping and re-creating the constraint."
                    : "Rebuilt when the column's type changes: plan for the time and locks of the rebuild on large tables.",
            };
            if (key.References is { } target)
            {
                evidence["references"] = target.ToString();
                evidence["referencedColumns"] = new JsonArray(key.ReferencedColumns.Select(c => (JsonNode)c).ToArray());
            }
            yield return context.Create(
                Rule,
                $"{name} includes the IPv4 address column{(columns.Count > 1 ? "s" : "")} {string.Join(", ", columns)}: it is rebuilt when {(columns.Count > 1 ? "they change" : "it changes")}",
                key.Line,
                key.Name is null ? table.Name.ToString() : $"{table.Name}.{key.Name}",
                evidence);
        }
    }

    public static string Describe(TableModel table, KeyModel key) =>
        $"{key.KindText} {(key.Name is null ? "" : key.Name + " ")}on {table.Name}({string.Join(", ", key.Columns)})";
}
