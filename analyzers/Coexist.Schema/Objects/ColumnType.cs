namespace Coexist.Schema.Objects;

/// <summary>What a column type means for address storage.</summary>
internal enum TypeFamily
{
    Other,
    /// <summary>Character data: char, varchar, nvarchar, text.</summary>
    Text,
    /// <summary>Whole numbers wide enough for 32 bits: int, int unsigned, bigint, numeric(10+, 0).</summary>
    Integer,
    /// <summary>Raw bytes: binary, varbinary, bytea, blob.</summary>
    Binary,
    /// <summary>PostgreSQL inet and cidr: both families, validated by the server.</summary>
    NetworkAddress,
}

/// <summary>A declared column type, normalised: <c>character varying(15)</c> and <c>[varchar](15)</c> are both varchar, length 15.</summary>
internal sealed record ColumnType(string Name, string Declared, int? Length, bool Unsigned = false, bool IsArray = false, int? Scale = null, bool IsMax = false)
{
    /// <summary>The longest text an IPv4 address needs: "255.255.255.255".</summary>
    public const int IPv4TextLength = 15;

    /// <summary>
    /// The longest text an IPv6 address needs: 45 characters, the IPv4-mapped form
    /// "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" (RFC 4291 §2.2; INET6_ADDRSTRLEN is 46 with the NUL).
    /// </summary>
    public const int IPv6TextLength = 45;

    /// <summary>Bytes in an IPv4 address (RFC 791) and in an IPv6 address (RFC 4291).</summary>
    public const int IPv4Bytes = 4;
    public const int IPv6Bytes = 16;

    /// <summary>Decimal digits of the largest IPv4 address as a number, 4294967295.</summary>
    private const int IPv4Digits = 10;

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["character varying"] = "varchar", ["char varying"] = "varchar", ["character"] = "char", ["bpchar"] = "char",
        ["national character varying"] = "nvarchar", ["national char varying"] = "nvarchar", ["national varchar"] = "nvarchar",
        ["national character"] = "nchar", ["national char"] = "nchar", ["nchar varying"] = "nvarchar",
        ["varchar2"] = "varchar", ["nvarchar2"] = "nvarchar", ["varying character"] = "varchar",
        ["integer"] = "int", ["int4"] = "int", ["mediumint"] = "int", ["int8"] = "bigint", ["int2"] = "smallint",
        ["numeric"] = "decimal", ["number"] = "decimal", ["dec"] = "decimal",
        ["binary varying"] = "varbinary", ["bit varying"] = "varbit",
    };

    private static readonly HashSet<string> TextNames = new(StringComparer.OrdinalIgnoreCase)
        { "char", "varchar", "nchar", "nvarchar", "text", "tinytext", "mediumtext", "longtext", "ntext", "citext", "string", "clob", "name" };

    private static readonly HashSet<string> UnboundedTextNames = new(StringComparer.OrdinalIgnoreCase)
        { "text", "tinytext", "mediumtext", "longtext", "ntext", "citext", "string", "clob" };

    private static readonly HashSet<string> IntegerNames = new(StringComparer.OrdinalIgnoreCase) { "int", "bigint" };

    private static readonly HashSet<string> BinaryNames = new(StringComparer.OrdinalIgnoreCase)
        { "binary", "varbinary", "bytea", "blob", "tinyblob", "raw" };

    private static readonly HashSet<string> NetworkNames = new(StringComparer.OrdinalIgnoreCase) { "inet", "cidr" };

    /// <summary>Builds a type from the words of its name (<c>character varying</c>) and its arguments (<c>15</c>, <c>max</c>).</summary>
    public static ColumnType From(string words, IReadOnlyList<string> arguments, bool unsigned, bool isArray, string declared)
    {
        var name = words.Trim().ToLowerInvariant();
        if (Aliases.TryGetValue(name, out var alias)) name = alias;
        int? length = arguments.Count > 0 && int.TryParse(arguments[0], out var n) ? n : null;
        int? scale = arguments.Count > 1 && int.TryParse(arguments[1], out var s) ? s : null;
        var isMax = arguments.Count > 0 && arguments[0].Equals("max", StringComparison.OrdinalIgnoreCase);
        return new ColumnType(name, declared, length, unsigned, isArray, scale, isMax);
    }

    public static ColumnType Untyped { get; } = new("", "", null);

    /// <summary>The family, by the dialect's rules: SQLite decides affinity by substrings of the name (sqlite.org/datatype3.html §3.1).</summary>
    public TypeFamily FamilyIn(SqlDialect dialect)
    {
        if (IsArray) return TypeFamily.Other;
        if (dialect == SqlDialect.Sqlite)
        {
            var upper = Name.ToUpperInvariant();
            if (upper.Contains("INT", StringComparison.Ordinal)) return TypeFamily.Integer;
            if (upper.Contains("CHAR", StringComparison.Ordinal) || upper.Contains("CLOB", StringComparison.Ordinal) || upper.Contains("TEXT", StringComparison.Ordinal))
                return TypeFamily.Text;
            if (upper.Contains("BLOB", StringComparison.Ordinal) || BinaryNames.Contains(Name)) return TypeFamily.Binary;
            return TypeFamily.Other;
        }
        if (TextNames.Contains(Name)) return TypeFamily.Text;
        if (IntegerNames.Contains(Name)) return TypeFamily.Integer;
        if (Name == "decimal" && Length >= IPv4Digits && (Scale ?? 0) == 0) return TypeFamily.Integer;
        if (BinaryNames.Contains(Name)) return TypeFamily.Binary;
        if (NetworkNames.Contains(Name)) return TypeFamily.NetworkAddress;
        return TypeFamily.Other;
    }

    /// <summary>
    /// The most characters or bytes the column is declared to hold; null when the type sets no limit.
    /// SQLite does not enforce it (sqlite.org/datatype3.html §3.1), but applications and copies do.
    /// </summary>
    public int? Capacity(SqlDialect dialect)
    {
        if (IsMax || UnboundedTextNames.Contains(Name) || Name is "bytea" or "blob") return null;
        if (Length is { } length) return length;
        // char and binary without a length hold one; varchar without one is unbounded in PostgreSQL, 1 in T-SQL.
        return Name switch
        {
            "char" or "nchar" or "binary" => 1,
            "varchar" or "nvarchar" or "varbinary" when dialect == SqlDialect.TSql => 1,
            _ => null,
        };
    }

    public override string ToString() => Declared.Length > 0 ? Declared : Name;
}
