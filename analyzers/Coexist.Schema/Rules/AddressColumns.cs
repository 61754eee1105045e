using Coexist.Schema.Objects;

namespace Coexist.Schema.Rules;

internal enum AddressColumnKind
{
    /// <summary>Text sized or constrained for dotted quads (COEX2001).</summary>
    IPv4Text,
    /// <summary>A 32-bit number or 4 bytes (COEX2002).</summary>
    IPv4Number,
    /// <summary>inet, cidr, 16 bytes, or text of 45 characters and more (COEX2003).</summary>
    IPv6Capable,
}

/// <summary>A column that holds IP addresses, what kind of storage it is, and the evidence for it.</summary>
internal sealed record AddressColumn(
    TableModel Table,
    ColumnModel Column,
    AddressColumnKind Kind,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<CheckModel> IPv4Checks)
{
    public string Object => Table.Describe(Column.Name);
}

/// <summary>
/// Decides which columns hold IP addresses and how, from the declared type, the name, the comment
/// and CHECK constraints. Pure: the same table gives the same answer from DDL or from a catalog.
/// </summary>
internal static class AddressColumns
{
    /// <summary>The shortest IPv4 text, "0.0.0.0": narrower columns are not sized for addresses.</summary>
    public const int MinIPv4TextLength = 7;

    public static IEnumerable<AddressColumn> In(SchemaModel model) =>
        model.Tables.SelectMany(table => table.Columns.Select(column => Classify(table, column, model.Dialect))).OfType<AddressColumn>();

    public static AddressColumn? Classify(TableModel table, ColumnModel column, SqlDialect dialect)
    {
        var type = column.Type;
        var family = type.FamilyIn(dialect);
        if (family == TypeFamily.Other) return null;

        var nameHint = AddressNames.OfName(column.Name);
        var commentHint = AddressNames.OfComment(column.Comment);
        var hint = (AddressHint)Math.Max((int)nameHint, (int)commentHint);
        var reasons = new List<string>();
        if (nameHint != AddressHint.None) reasons.Add($"the name '{column.Name}' says {(nameHint == AddressHint.Strong ? "IP address" : "address or host")}");
        if (commentHint != AddressHint.None) reasons.Add($"the comment '{column.Comment}' says {(commentHint == AddressHint.Strong ? "IP address" : "address or host")}");

        var capacity = type.Capacity(dialect);
        var typeText = string.IsNullOrEmpty(type.Declared) ? type.Name : type.Declared;

        switch (family)
        {
            case TypeFamily.NetworkAddress:
                reasons.Insert(0, $"{typeText} holds IPv4 and IPv6 addresses");
                return new AddressColumn(table, column, AddressColumnKind.IPv6Capable, reasons, []);

            case TypeFamily.Text:
            {
                var checks = table.Checks
                    .Where(c => c.Columns.Contains(column.Name, StringComparer.OrdinalIgnoreCase) && c.Expression.Literals.Any(DottedQuadPattern.IsMatch))
                    .ToList();
                if (checks.Count > 0)
                {
                    var capacityReason = capacity is { } n && n < ColumnType.IPv6TextLength ? [$"{typeText} holds at most {n} characters"] : Array.Empty<string>();
                    var checkReasons = checks.Select(c => $"CHECK ({c.Expression.Text}) accepts dotted-quad IPv4 text only");
                    return new AddressColumn(table, column, AddressColumnKind.IPv4Text, [.. checkReasons, .. capacityReason, .. reasons], checks);
                }
                if (capacity is { } length)
                {
                    if (length >= MinIPv4TextLength && length <= ColumnType.IPv4TextLength && hint != AddressHint.None
                        || length > ColumnType.IPv4TextLength && length < ColumnType.IPv6TextLength && hint == AddressHint.Strong)
                    {
                        reasons.Insert(0, $"{typeText} holds at most {length} characters; IPv6 text needs up to {ColumnType.IPv6TextLength}");
                        return new AddressColumn(table, column, AddressColumnKind.IPv4Text, reasons, []);
                    }
                    if (length >= ColumnType.IPv6TextLength && hint == AddressHint.Strong)
                    {
                        reasons.Insert(0, $"{typeText} holds the longest IPv6 text ({ColumnType.IPv6TextLength} characters)");
                        return new AddressColumn(table, column, AddressColumnKind.IPv6Capable, reasons, []);
                    }
                    return null;
                }
                if (hint != AddressHint.Strong) return null;
                reasons.Insert(0, $"{typeText} has no length limit");
                return new AddressColumn(table, column, AddressColumnKind.IPv6Capable, reasons, []);
            }

            case TypeFamily.Integer when hint == AddressHint.Strong:
                reasons.Insert(0, $"{typeText} stores the address as a number, with no room for a 128-bit IPv6 address");
                return new AddressColumn(table, column, AddressColumnKind.IPv4Number, reasons, []);

            case TypeFamily.Binary when hint != AddressHint.None:
                if (capacity == ColumnType.IPv4Bytes)
                {
                    reasons.Insert(0, $"{typeText} holds {ColumnType.IPv4Bytes} bytes: one IPv4 address; IPv6 addresses are {ColumnType.IPv6Bytes}");
                    return new AddressColumn(table, column, AddressColumnKind.IPv4Number, reasons, []);
                }
                if (capacity >= ColumnType.IPv6Bytes || capacity is null && hint == AddressHint.Strong)
                {
                    reasons.Insert(0, $"{typeText} holds {ColumnType.IPv6Bytes} bytes: IPv6 addresses, and IPv4 ones (INET6_ATON)");
                    return new AddressColumn(table, column, AddressColumnKind.IPv6Capable, reasons, []);
                }
                return null;

            default:
                return null;
        }
    }
}
