using System.Text.Json.Nodes;

namespace Coexist.Model;

/// <summary>The verdict of one check, on one path, against one address of one target.</summary>
public sealed record ProbeResult
{
    public required string Service { get; init; }
    public required ServiceKind Kind { get; init; }
    /// <summary>A stable check name such as <c>http</c>, <c>smtp-starttls</c> or <c>dns-aaaa</c>.</summary>
    public required string Check { get; init; }
    public required ProbePath Path { get; init; }
    public required string Target { get; init; }
    public string? Address { get; init; }
    public int? Port { get; init; }
    public required Outcome Outcome { get; init; }
    public double DurationMs { get; init; }
    public string? Detail { get; init; }
    /// <summary>The rule this verdict is judged under, where one applies (COEX3xxx..COEX7xxx).</summary>
    public string? RuleId { get; init; }
    public JsonObject? Evidence { get; init; }
    /// <summary>
    /// Where the probe ran from (a name such as <c>v6-only-office</c>), so that results of several vantage
    /// points stay apart once merged. Null when only one vantage point is involved.
    /// </summary>
    public string? Vantage { get; init; }
}
