using System.Text.Json.Nodes;

namespace Coexist.Model;

/// <summary>One rule that matched one place: code, schema, or a probed service.</summary>
public sealed record Finding
{
    public required string RuleId { get; init; }
    public required Severity Severity { get; init; }
    public string? Service { get; init; }
    public required string Message { get; init; }
    public Location? Location { get; init; }
    /// <summary>What led to the finding (the literal, the column type, the answer seen), for the report and for people who doubt it.</summary>
    public JsonObject? Evidence { get; init; }
}

/// <summary>
/// Where a finding is: a file position for code and DDL, or a database object
/// (<c>schema.table.column</c>) for live catalogs.
/// </summary>
public sealed record Location
{
    public string? File { get; init; }
    public int? Line { get; init; }
    public int? Column { get; init; }
    public int? EndLine { get; init; }
    public int? EndColumn { get; init; }
    public string? Object { get; init; }
}
