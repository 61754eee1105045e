using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Schema.Objects;

namespace Coexist.Schema.Rules;

/// <summary>What the data scan read from one column.</summary>
internal sealed record ColumnData
{
    public long RowsRead { get; init; }
    /// <summary>Rows whose value holds at least one IPv4 address.</summary>
    public long RowsWithIPv4 { get; init; }
    /// <summary>Rows with a value at all, for number columns.</summary>
    public long NonNullRows { get; init; }
    /// <summary>For inet/cidr columns, rows holding an IPv4 address.</summary>
    public long? IPv4Values { get; init; }
    /// <summary>A few of the IPv4 addresses seen: never whole values, which may hold secrets.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];
    /// <summary>How the addresses were written: address, cidr, url, list.</summary>
    public IReadOnlyList<string> Shapes { get; init; } = [];
    /// <summary>True when only the first rows of the table were read.</summary>
    public bool Sampled { get; init; }
}

/// <summary>Everything a rule needs, and the one way to turn what it found into a <see cref="Finding"/>.</summary>
internal sealed class RuleContext
{
    private readonly Dictionary<string, ColumnData> _data = new(StringComparer.OrdinalIgnoreCase);

    public RuleContext(SchemaModel model, SchemaOptions options, string? file)
    {
        Model = model;
        Options = options;
        File = file;
    }

    public SchemaModel Model { get; }
    public SqlDialect Dialect => Model.Dialect;
    public SchemaOptions Options { get; }
    /// <summary>The DDL file findings point into; null for live databases, whose findings name objects.</summary>
    public string? File { get; }

    public void SetData(TableModel table, string column, ColumnData data) => _data[table.Describe(column)] = data;

    public ColumnData? DataFor(TableModel table, string column) => _data.GetValueOrDefault(table.Describe(column));

    public bool HasData => _data.Count > 0;

    private Dictionary<string, List<(TableModel Table, KeyModel Key)>>? _keysByColumn;

    /// <summary>The indexes and keys that include <paramref name="column"/>, on its table or pointing at it from others.</summary>
    public IReadOnlyList<(TableModel Table, KeyModel Key)> KeysOn(AddressColumn column)
    {
        _keysByColumn ??= IndexKeys();
        return _keysByColumn.TryGetValue(column.Object, out var keys) ? keys : [];
    }

    // Built once: with thousands of tables a scan of every key per column would be quadratic.
    private Dictionary<string, List<(TableModel, KeyModel)>> IndexKeys()
    {
        var index = new Dictionary<string, List<(TableModel, KeyModel)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in Model.Tables)
        {
            foreach (var key in table.Keys)
            {
                foreach (var column in key.Columns) Add(table.Describe(column), table, key);
                if (key.References is { } target && Model.FindTable(target) is { } referenced)
                {
                    foreach (var column in key.ReferencedColumns) Add(referenced.Describe(column), table, key);
                }
            }
        }
        return index;

        void Add(string column, TableModel table, KeyModel key)
        {
            if (!index.TryGetValue(column, out var list)) index[column] = list = [];
            if (!list.Contains((table, key))) list.Add((table, key));
        }
    }

    /// <summary>
    /// A finding of <paramref name="rule"/>, at a DDL line or a database object, with the evidence
    /// every schema finding carries (dialect, object). Null when the rule is turned off.
    /// </summary>
    public Finding? Create(SchemaRule rule, string message, int? line, string? databaseObject, JsonObject evidence)
    {
        var severity = rule.DefaultSeverity;
        if (Options.SeverityOverrides.TryGetValue(rule.Id, out var configured))
        {
            if (configured is null) return null;
            severity = configured.Value;
        }
        evidence["dialect"] = Coexist.Model.WireNames.Of(Dialect);
        if (databaseObject is not null) evidence["object"] = databaseObject;
        evidence["helpUri"] = rule.HelpLink;
        return new Finding
        {
            RuleId = rule.Id,
            Severity = severity,
            Service = Options.Service,
            Message = message,
            Location = new Location { File = File, Line = File is null ? null : line, Object = databaseObject },
            Evidence = evidence,
        };
    }

    /// <summary>Adds what the data scan read to a column finding's evidence.</summary>
    public static void AddData(JsonObject evidence, ColumnData? data)
    {
        if (data is null) return;
        evidence["rowsRead"] = data.RowsRead;
        evidence["sampled"] = data.Sampled;
    }
}
