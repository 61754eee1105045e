using Coexist.Model;

namespace Coexist.Reports.Planning;

/// <summary>Everything known about one service once findings and probe results are attributed: what answers, patterns and estimates read.</summary>
internal sealed record ServiceFacts(
    ServiceInfo Service,
    IReadOnlyList<Issue> Own,
    IReadOnlyList<Issue> Estate,
    IReadOnlyDictionary<ProbePath, PathCell> Paths,
    IReadOnlyList<ProbeResult> AllProbes)
{
    public PathCell Cell(ProbePath path) =>
        Paths.TryGetValue(path, out var cell) ? cell : new PathCell { Path = path, State = PathState.NotProbed };

    private List<Issue>? _all;
    private Dictionary<RulePart, List<Issue>>? _byPart;

    /// <summary>The service's own issues, then the estate-wide ones that concern its kind.</summary>
    public IReadOnlyList<Issue> All => _all ??= [.. Own, .. Estate];

    public IReadOnlyList<Issue> InPart(RulePart part)
    {
        _byPart ??= All.GroupBy(i => i.Part).ToDictionary(g => g.Key, g => g.ToList());
        return _byPart.TryGetValue(part, out var issues) ? issues : [];
    }

    /// <summary>Links to the probe results of <paramref name="cell"/>, the ones that did not pass first.</summary>
    public IEnumerable<EvidenceLink> ProbeLinks(PathCell cell) => cell.Probes
        .OrderBy(i => AllProbes[i].Outcome == Outcome.Pass ? 1 : 0)
        .Select(i => ProbeLink(AllProbes[i], i));

    public static EvidenceLink ProbeLink(ProbeResult p, int index) => new(
        EvidenceKind.Probe, index,
        $"{p.Check} on {WireNames.Of(p.Path)} {p.Target}{(p.Address is null ? "" : " " + p.Address)}: {WireNames.Of(p.Outcome)}{(p.Vantage is null ? "" : " from " + p.Vantage)}");
}
