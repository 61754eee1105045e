using System.Text.Json.Nodes;
using Coexist.Schema.Objects;

namespace Coexist.Schema.Rules;

/// <summary>
/// The two ways the working group found to keep stored data continuous (CONTEXT.md): change the
/// IPv4-dependent data for IPv6 in place, or create new records for IPv6 beside the IPv4 ones.
/// </summary>
internal enum MigrationStrategy
{
    /// <summary>Change the column (or code) so that it holds both families; existing IPv4 values stay valid.</summary>
    ConvertInPlace,
    /// <summary>Keep the IPv4 records for IPv4 clients and add IPv6 records beside them.</summary>
    AddIPv6Records,
}

/// <summary>Where an address column should go, per dialect.</summary>
internal sealed record TargetType(string Type, string Conversion, string? Alternative);

/// <summary>The recommended target types and migration notes, as data per dialect.</summary>
internal static class MigrationAdvice
{
    public static string WireName(MigrationStrategy strategy) => strategy switch
    {
        MigrationStrategy.ConvertInPlace => "convert-in-place",
        _ => "add-ipv6-records",
    };

    public static TargetType Target(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => new("inet", "the server parses and validates both families; cidr for networks", null),
        SqlDialect.MySql => new("VARBINARY(16)", "INET6_ATON() to store, INET6_NTOA() to read; both accept IPv4", null),
        SqlDialect.TSql => new("varbinary(16)", "the application converts (IPAddress.GetAddressBytes / new IPAddress(bytes))", "varchar(45) where the text form is needed"),
        _ => new("TEXT", $"holding at most {ColumnType.IPv6TextLength} characters: CHECK (length(col) <= {ColumnType.IPv6TextLength})", null),
    };

    /// <summary>Evidence fields every column finding carries: target type, strategy, note and a sketch of the SQL.</summary>
    public static void AddTo(JsonObject evidence, SqlDialect dialect, MigrationStrategy strategy, string note, string? sql)
    {
        var target = Target(dialect);
        evidence["targetType"] = target.Type;
        evidence["conversion"] = target.Conversion;
        if (target.Alternative is not null) evidence["alternativeType"] = target.Alternative;
        evidence["migration"] = WireName(strategy);
        evidence["migrationNote"] = note;
        if (sql is not null) evidence["suggestedSql"] = sql;
    }

    /// <summary>COEX2001: text to a type that holds both families, converting every row where it stands.</summary>
    public static (string Note, string Sql) ForText(SqlDialect dialect, AddressColumn column, int keys)
    {
        var table = column.Table.Name.ToString();
        var name = column.Column.Name;
        var rebuild = keys > 0 ? $" It rebuilds {Plural(keys, "index or key", "indexes and keys")} on the column (COEX2004)." : "";
        var checks = column.IPv4Checks.Count > 0 ? " Drop the dotted-quad CHECK first: it would reject every IPv6 address." : "";
        return dialect switch
        {
            SqlDialect.Postgres => (
                $"Convert in place: every stored IPv4 text is a valid inet, so existing rows keep working for IPv4 clients while IPv6 ones are added.{checks}{rebuild} Values that are not addresses make the cast fail; clean them first.",
                $"ALTER TABLE {table} ALTER COLUMN {name} TYPE inet USING {name}::inet;"),
            SqlDialect.MySql => (
                $"Convert in place through a new column: fill it with INET6_ATON({name}) (IPv4 text converts too), move readers to INET6_NTOA(), then drop the old column.{checks}{rebuild}",
                $"ALTER TABLE {table} ADD COLUMN {name}_v6 VARBINARY(16); UPDATE {table} SET {name}_v6 = INET6_ATON({name});"),
            SqlDialect.TSql => (
                $"Convert in place: widening to varchar(45) keeps every IPv4 value valid; varbinary(16) is smaller and compares correctly but needs the application to convert.{checks}{rebuild} SQL Server refuses ALTER COLUMN while indexes or constraints use the column: drop and re-create them around it.",
                $"ALTER TABLE {table} ALTER COLUMN {name} varchar({ColumnType.IPv6TextLength});"),
            _ => (
                $"SQLite does not enforce the declared length, so IPv6 text fits already; declare TEXT with a {ColumnType.IPv6TextLength}-character limit so that copies to other databases keep working.{checks} Changing a declared type or CHECK means rebuilding the table (sqlite.org/lang_altertable.html).",
                $"CREATE TABLE {table}_new (... {name} TEXT CHECK (length({name}) <= {ColumnType.IPv6TextLength}) ...); INSERT INTO {table}_new SELECT * FROM {table};"),
        };
    }

    /// <summary>COEX2002: a 32-bit number to a type that holds 128 bits.</summary>
    public static (string Note, string Sql) ForNumber(SqlDialect dialect, AddressColumn column, int keys)
    {
        var table = column.Table.Name.ToString();
        var name = column.Column.Name;
        var rebuild = keys > 0 ? $" It rebuilds {Plural(keys, "index or key", "indexes and keys")} on the column (COEX2004)." : "";
        var mask = "4294967295"; // 2^32 - 1: reads signed and unsigned 32-bit storage alike.
        return dialect switch
        {
            SqlDialect.Postgres => (
                $"Convert in place: each number becomes the same IPv4 address as inet, and the column then takes IPv6 too.{rebuild} Queries doing arithmetic or range tests on the number move to inet operators (<<, >>=).",
                $"ALTER TABLE {table} ALTER COLUMN {name} TYPE inet USING '0.0.0.0'::inet + ({name}::bigint & {mask});"),
            SqlDialect.MySql => (
                $"Convert in place through a new column: INET6_ATON(INET_NTOA({name})) turns each number into its 4-byte form, and the column then takes 16-byte IPv6 values too. Replace INET_ATON/INET_NTOA in queries (COEX2005).{rebuild}",
                $"ALTER TABLE {table} ADD COLUMN {name}_v6 VARBINARY(16); UPDATE {table} SET {name}_v6 = INET6_ATON(INET_NTOA({name}));"),
            SqlDialect.TSql => (
                $"Convert in place through a new varbinary(16) column holding the 4 address bytes for IPv4 rows and 16 for IPv6 ones.{rebuild} Range queries on the number become comparisons on the bytes.",
                $"ALTER TABLE {table} ADD {name}_v6 varbinary(16); UPDATE {table} SET {name}_v6 = SUBSTRING(CAST(CAST({name} AS bigint) AS binary(8)), 5, 4);"),
            _ => (
                $"Convert in place: store addresses as TEXT of at most {ColumnType.IPv6TextLength} characters (or a 16-byte BLOB) written by the application; SQLite integers cannot hold 128 bits.{rebuild}",
                $"ALTER TABLE {table} ADD COLUMN {name}_v6 TEXT CHECK (length({name}_v6) <= {ColumnType.IPv6TextLength});"),
        };
    }

    private static string Plural(int count, string one, string many) => count == 1 ? "1 " + one : $"{count} {many}";
}
