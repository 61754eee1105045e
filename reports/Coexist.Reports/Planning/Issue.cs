using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Reports.Planning;

/// <summary>
/// A finding, or a probe result that failed or warned under a rule, as the planner weighs it. <see cref="Share"/>
/// is the part of its cost this plan carries (a finding in code two services share costs each one half).
/// </summary>
internal sealed record Issue(string RuleId, RulePart Part, Severity Severity, EvidenceLink Link, double Share = 1)
{
    /// <summary>The table a schema finding is about (<c>schema.table</c>), for the per-table cost.</summary>
    public string? Table { get; init; }
    /// <summary>Rows holding IPv4 data to convert or duplicate, for the per-million-rows cost.</summary>
    public long Rows { get; init; }
    /// <summary>No service claims it: it counts toward every plan whose kind it affects, and its cost once for the estate.</summary>
    public bool EstateWide { get; init; }

    public static Issue FromFinding(Finding finding, int index)
    {
        var part = RuleParts.Of(finding.RuleId);
        var issue = new Issue(finding.RuleId, part, finding.Severity, new EvidenceLink(EvidenceKind.Finding, index, Label(finding)));
        return part == RulePart.Schema ? issue with { Table = TableOf(finding), Rows = RowsOf(finding.Evidence) } : issue;
    }

    /// <summary>A probe result counts as an issue when it judged the service under a rule and did not pass.</summary>
    public static Issue? FromProbe(ProbeResult probe, int index) => probe is { RuleId: { } rule, Outcome: Outcome.Fail or Outcome.Warn }
        ? new Issue(rule, RuleParts.Of(rule), probe.Outcome == Outcome.Fail ? Severity.Error : Severity.Warning,
            new EvidenceLink(EvidenceKind.Probe, index, $"{rule} {probe.Check} on {WireNames.Of(probe.Path)} {probe.Target}"))
        : null;

    private static string Label(Finding finding) => finding.Location switch
    {
        { File: { } file, Line: { } line } => $"{finding.RuleId} {file}:{line}",
        { File: { } file } => $"{finding.RuleId} {file}",
        { Object: { } dbObject } => $"{finding.RuleId} {dbObject}",
        _ => finding.RuleId,
    };

    // Schema findings name their table in evidence; live ones also as schema.table.column.
    private static string? TableOf(Finding finding)
    {
        if (finding.Evidence?["table"] is JsonValue table && table.TryGetValue<string>(out var name)) return name;
        if (finding.Location?.Object is { } dbObject && dbObject.LastIndexOf('.') is var dot and > 0) return dbObject[..dot];
        return null;
    }

    // A column's IPv4 rows: those holding addresses where the scan counted them, else every row it read.
    private static long RowsOf(JsonObject? evidence)
    {
        foreach (var key in (ReadOnlySpan<string>)["rowsWithIPv4", "rowsRead"])
        {
            if (evidence?[key] is JsonValue value && value.TryGetValue<long>(out var rows) && rows > 0) return rows;
        }
        return 0;
    }
}
