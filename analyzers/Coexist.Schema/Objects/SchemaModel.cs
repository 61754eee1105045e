using Coexist.Schema.Ddl;

namespace Coexist.Schema.Objects;

/// <summary>
/// What the rules look at, filled alike from a DDL file or from a live catalog: tables with their
/// columns, keys and indexes. Code objects are not kept here: they are checked as they are read.
/// </summary>
internal sealed class SchemaModel
{
    private readonly Dictionary<string, TableModel> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<TableModel> _order = [];

    public SchemaModel(SqlDialect dialect, string? defaultSchema)
    {
        Dialect = dialect;
        DefaultSchema = defaultSchema;
    }

    public SqlDialect Dialect { get; }

    /// <summary>The schema of unqualified names (public, dbo), or null where names carry none (SQLite, MySQL without USE).</summary>
    public string? DefaultSchema { get; set; }

    public IReadOnlyList<TableModel> Tables => _order;

    public ObjectName Qualify(ObjectName name) => name.Schema is null && DefaultSchema is not null ? name with { Schema = DefaultSchema } : name;

    public TableModel AddTable(ObjectName name, int? line)
    {
        name = Qualify(name);
        if (_tables.TryGetValue(name.Key, out var existing)) return existing;
        var table = new TableModel(name, line);
        _tables[name.Key] = table;
        _order.Add(table);
        return table;
    }

    public TableModel? FindTable(ObjectName name) => _tables.GetValueOrDefault(Qualify(name).Key);

    private readonly Dictionary<string, DomainModel> _domains = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A PostgreSQL domain or a T-SQL alias type: a named type with the checks that come with it.</summary>
    public void AddDomain(DomainModel domain) => _domains[domain.Name] = domain;

    /// <summary>
    /// Gives columns declared with a domain the domain's base type and checks, so that a column of
    /// domain ipv4_text (varchar(15) CHECK dotted quad) is seen for what it stores. Runs once, at the end,
    /// because a domain may be declared after the tables that use it.
    /// </summary>
    public void ResolveDomains()
    {
        if (_domains.Count == 0) return;
        foreach (var table in _order)
        {
            foreach (var column in table.Columns)
            {
                if (!_domains.TryGetValue(column.Type.Name, out var domain)) continue;
                column.Type = domain.BaseType with { Declared = $"{column.Type.Declared} (domain over {domain.BaseType.Declared})" };
                foreach (var check in domain.Checks) table.Checks.Add(new CheckModel(domain.Name, check, [column.Name]));
            }
        }
        _domains.Clear();
    }
}

internal sealed record DomainModel(string Name, ColumnType BaseType, IReadOnlyList<CodeText> Checks);

/// <summary>A schema-qualified name; comparisons ignore case, as unquoted SQL names mostly do.</summary>
internal sealed record ObjectName(string? Schema, string Name)
{
    public string Key => Schema is null ? Name : Schema + "." + Name;

    public override string ToString() => Key;
}

/// <summary>A table; lines are where it is declared in a DDL file, null for live catalogs.</summary>
internal sealed class TableModel(ObjectName name, int? line)
{
    private readonly Dictionary<string, ColumnModel> _byName = new(StringComparer.OrdinalIgnoreCase);

    public ObjectName Name { get; } = name;
    public int? Line { get; } = line;
    public List<ColumnModel> Columns { get; } = [];
    public List<KeyModel> Keys { get; } = [];
    public List<CheckModel> Checks { get; } = [];

    public ColumnModel AddColumn(ColumnModel column)
    {
        if (_byName.TryGetValue(column.Name, out var existing)) Columns.Remove(existing);
        _byName[column.Name] = column;
        Columns.Add(column);
        return column;
    }

    public ColumnModel? FindColumn(string name) => _byName.GetValueOrDefault(name);

    public void RemoveColumn(string name)
    {
        if (_byName.Remove(name, out var column)) Columns.Remove(column);
    }

    public void RenameColumn(string from, string to)
    {
        if (!_byName.Remove(from, out var column)) return;
        column.Name = to;
        _byName[to] = column;
    }

    public string Describe(string column) => $"{Name}.{column}";
}

internal sealed class ColumnModel(string name, ColumnType type, int? line)
{
    public string Name { get; set; } = name;
    public ColumnType Type { get; set; } = type;
    public int? Line { get; set; } = line;
    public string? Comment { get; set; }
    /// <summary>The DEFAULT expression as written, with the string literals it holds.</summary>
    public CodeText? Default { get; set; }
    /// <summary>A computed or generated column's expression.</summary>
    public CodeText? Generated { get; set; }
}

/// <summary>An expression or body as tokens, for the rules that look into code.</summary>
internal sealed record CodeText(IReadOnlyList<SqlToken> Tokens)
{
    public int? Line => Tokens.Count > 0 ? Tokens[0].Line : null;

    public IEnumerable<string> Literals => Tokens.Where(t => t.Kind == TokenKind.String).Select(t => t.Text);

    public IEnumerable<string> Names => Tokens.Where(t => t.IsName).Select(t => t.Text);

    public string Text => TokenText.Join(Tokens);

    public override string ToString() => Text;
}

internal enum CodeKind
{
    View,
    Function,
    Procedure,
    Trigger,
    Event,
    Rule,
    Policy,
    /// <summary>A PostgreSQL DO block: code run once by the script.</summary>
    Block,
}

/// <summary>A view, routine or trigger: checked as it is read, never kept.</summary>
internal sealed record CodeObject(CodeKind Kind, ObjectName Name, IReadOnlyList<SqlToken> Tokens, int? Line)
{
    public string KindText => Kind.ToString().ToLowerInvariant();
}

/// <summary>A CHECK constraint, with the columns it names.</summary>
internal sealed record CheckModel(string? Name, CodeText Expression, IReadOnlyList<string> Columns);

internal enum KeyKind
{
    PrimaryKey,
    Unique,
    ForeignKey,
    Index,
}

/// <summary>An index or key over some columns: rebuilding it is part of changing any of them.</summary>
internal sealed record KeyModel(KeyKind Kind, string? Name, IReadOnlyList<string> Columns, int? Line)
{
    public ObjectName? References { get; init; }
    public IReadOnlyList<string> ReferencedColumns { get; init; } = [];

    public string KindText => Kind switch
    {
        KeyKind.PrimaryKey => "primary key",
        KeyKind.Unique => "unique key",
        KeyKind.ForeignKey => "foreign key",
        _ => "index",
    };
}
