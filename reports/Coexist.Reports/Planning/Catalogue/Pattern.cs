using Coexist.Model;

namespace Coexist.Reports.Planning.Catalogue;

/// <summary>One coexistence pattern of the catalogue (patterns.yaml): when it applies, what to do, what can go wrong, where it comes from.</summary>
public sealed record Pattern
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required PatternRole Role { get; init; }
    public required string Summary { get; init; }
    public required PatternConditions When { get; init; }
    public required int ServersToAdd { get; init; }
    public required IReadOnlyList<(StepPhase Phase, string Text)> Steps { get; init; }
    public required IReadOnlyList<string> Risks { get; init; }
    public required SeedReference Source { get; init; }
}

/// <summary>A path condition: one of <see cref="Paths"/> is in one of <see cref="States"/>.</summary>
public sealed record PathCondition(IReadOnlyList<ProbePath> Paths, IReadOnlyList<PathState> States);

/// <summary>What must hold for a pattern to apply; an empty list (or null) is no condition.</summary>
public sealed record PatternConditions
{
    public IReadOnlyList<ServiceKind> Kind { get; init; } = [];
    public IReadOnlyList<Hosting> Hosting { get; init; } = [];
    public IReadOnlyList<Addressing> Addressing { get; init; } = [];
    public IReadOnlyList<Telephony> Telephony { get; init; } = [];
    public bool? UsesUdp { get; init; }
    public IReadOnlyList<PathCondition> Paths { get; init; } = [];
    /// <summary>At least one finding of the service in one of these parts.</summary>
    public IReadOnlyList<RulePart> Parts { get; init; } = [];

    public bool IsEmpty =>
        Kind.Count == 0 && Hosting.Count == 0 && Addressing.Count == 0 && Telephony.Count == 0 && UsesUdp is null && Paths.Count == 0 && Parts.Count == 0;
}
