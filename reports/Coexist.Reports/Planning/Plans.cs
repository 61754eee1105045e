using System.Text.Json.Serialization;
using Coexist.Model;

namespace Coexist.Reports.Planning;

/// <summary>What an answer rests on: a finding or a probe result of the merged assessment, by its index there.</summary>
public sealed record EvidenceLink(EvidenceKind Kind, int Index, string Label)
{
    /// <summary>The anchor of the item in the HTML report and its JSON pointer in the JSON report.</summary>
    public string Anchor => Kind == EvidenceKind.Finding ? $"f{Index}" : $"p{Index}";

    public string Pointer => Kind == EvidenceKind.Finding ? $"/assessment/findings/{Index}" : $"/assessment/probes/{Index}";
}

[JsonConverter(typeof(JsonStringEnumConverter<EvidenceKind>))]
public enum EvidenceKind
{
    [JsonStringEnumMemberName("finding")] Finding,
    [JsonStringEnumMemberName("probe")] Probe,
}

/// <summary>One of the three answers, with a paragraph a manager can read and the evidence it rests on.</summary>
public sealed record Answer(Question Question, Verdict Verdict, string Reason, IReadOnlyList<EvidenceLink> Evidence);

/// <summary>How a service fares on one path: the aggregate of every probe result there, from every vantage point.</summary>
public sealed record PathCell
{
    public required ProbePath Path { get; init; }
    public required PathState State { get; init; }
    public int Passed { get; init; }
    public int Warned { get; init; }
    public int Failed { get; init; }
    public int NotTested { get; init; }
    /// <summary>Why probes could not run (the probes' own details), when <see cref="State"/> is not-tested.</summary>
    public string? Reason { get; init; }
    public IReadOnlyList<string> Vantages { get; init; } = [];
    public IReadOnlyList<int> Probes { get; init; } = [];
}

/// <summary>Where a pattern comes from: a line range of a seed in shared/seeds/, quoted and translated.</summary>
public sealed record SeedReference(string File, string Lines, string Original, string English);

/// <summary>The coexistence pattern chosen for a service, and why.</summary>
public sealed record PatternChoice
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required PatternRole Role { get; init; }
    public required string Summary { get; init; }
    /// <summary>The conditions that held, in words (e.g. "addressing is private-v4-behind-lb").</summary>
    public required IReadOnlyList<string> Matched { get; init; }
    public required int Score { get; init; }
    public required int ServersToAdd { get; init; }
    public required IReadOnlyList<string> Risks { get; init; }
    public required SeedReference Source { get; init; }
}

public sealed record PlanStep(int Order, StepPhase Phase, string Text, IReadOnlyList<EvidenceLink> Evidence);

/// <summary>What stands between the service and IPv6 subscribers or continuity: errors and failed probes, grouped by rule.</summary>
public sealed record BlockingIssue(string RuleId, string Title, int Count, IReadOnlyList<EvidenceLink> Evidence);

/// <summary>One line of an estimate, with its basis, so that a manager can challenge the figure.</summary>
public sealed record EffortLine
{
    public required string Item { get; init; }
    public required double Quantity { get; init; }
    public required string Unit { get; init; }
    public required double UnitCost { get; init; }
    public required double Days { get; init; }
    /// <summary>Where the unit cost comes from: "default (code, warning)" or "inventory effort.per-finding".</summary>
    public required string Basis { get; init; }
}

/// <summary>An estimate in person-days: the service's own work, and the estate-wide work it depends on (counted once, in the estate total).</summary>
public sealed record EffortEstimate
{
    public required IReadOnlyList<EffortLine> Lines { get; init; }
    public required double Days { get; init; }
    public IReadOnlyList<EffortLine> SharedLines { get; init; } = [];
    public double SharedDays { get; init; }
}

/// <summary>The plan for one service: the three answers, the pattern, what blocks, the steps and the effort.</summary>
public sealed record ServicePlan
{
    public required ServiceInfo Service { get; init; }
    public required IReadOnlyList<Answer> Answers { get; init; }
    public required PatternChoice Pattern { get; init; }
    /// <summary>Other patterns whose conditions held (interim ones among them), best first.</summary>
    public required IReadOnlyList<PatternChoice> AlsoApplies { get; init; }
    public required IReadOnlyList<BlockingIssue> Blocking { get; init; }
    public required IReadOnlyList<PlanStep> Steps { get; init; }
    public required EffortEstimate Effort { get; init; }
    public required IReadOnlyList<PathCell> Paths { get; init; }
    /// <summary>Findings of this service (by index in the assessment).</summary>
    public required IReadOnlyList<int> Findings { get; init; }
    /// <summary>Estate-wide findings (no service) of parts that affect this kind of service.</summary>
    public required IReadOnlyList<int> EstateFindings { get; init; }
    public required IReadOnlyList<int> Probes { get; init; }

    public Answer AnswerTo(Question question) => Answers.First(a => a.Question == question);
}

/// <summary>Everything the renderers need: the merged assessment, one plan per service, and the estate's totals.</summary>
public sealed record EstatePlan
{
    public const string SchemaId = "coexist.report/v1";

    public string Schema { get; init; } = SchemaId;
    public string? Organization { get; init; }
    public required Assessment Assessment { get; init; }
    public required IReadOnlyList<ServicePlan> Plans { get; init; }
    /// <summary>Findings no service claims: shown once, and counted toward every plan whose kind they affect.</summary>
    public required IReadOnlyList<int> EstateFindings { get; init; }
    /// <summary>The estimate of the estate-wide work, counted once.</summary>
    public required EffortEstimate EstateEffort { get; init; }
    /// <summary>Every plan's own days plus the estate-wide days once.</summary>
    public required double TotalDays { get; init; }
    /// <summary>The paths any service is probed on or meant to serve, in the order of <see cref="ProbePath"/>.</summary>
    public required IReadOnlyList<ProbePath> MatrixPaths { get; init; }
    /// <summary>Findings and failed probes that name a service the assessment does not describe.</summary>
    public IReadOnlyList<string> UnknownServices { get; init; } = [];
}
