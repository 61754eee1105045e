using System.Globalization;
using Coexist.Model;
using Coexist.Reports.Planning.Catalogue;

namespace Coexist.Reports.Planning;

/// <summary>
/// Orders the work: the pattern's steps from the catalogue and the steps the evidence calls for (fix the running
/// IPv4 service first, then code, data and protocol findings), by phase and then as written.
/// </summary>
internal static class StepPlanner
{
    public const int MaxEvidencePerStep = 5;

    public static IReadOnlyList<PlanStep> Steps(ServiceFacts facts, Pattern pattern, IReadOnlyList<PatternChoice> interim, Func<string, string> titleOf)
    {
        var steps = new List<(StepPhase Phase, int Rank, string Text, IReadOnlyList<EvidenceLink> Evidence)>();
        var v4 = facts.Cell(ProbePath.V4);
        if (v4.State == PathState.Fail)
            steps.Add((StepPhase.Prepare, 0, Invariant($"Fix the running IPv4 service first: {v4.Failed} {Answers.Plural(v4.Failed, "check")} fail on the v4 path."), Cap(facts.ProbeLinks(v4))));
        foreach (var bridge in interim)
            steps.Add((StepPhase.Prepare, 1, $"Meanwhile: {bridge.Title.Replace("Meanwhile: ", "", StringComparison.Ordinal)}.", []));
        foreach (var (phase, text) in pattern.Steps)
            steps.Add((phase, 2, text, []));

        foreach (var part in RuleParts.Reported)
        {
            var issues = facts.InPart(part);
            if (issues.Count == 0) continue;
            var rules = string.Join(", ", issues.Select(i => i.RuleId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(r => titleOf(r) == r ? r : $"{r} {titleOf(r)}"));
            var estate = issues.Count(i => i.EstateWide);
            var estateNote = estate > 0 ? Invariant($"; {estate} of them estate-wide, shared with other services") : "";
            var text = part switch
            {
                RulePart.Schema => Invariant($"Change {Tables(issues)} for IPv6 or add IPv6 records beside the IPv4 ones, without stopping the IPv4 service ({issues.Count} {Answers.Plural(issues.Count, "finding")}{estateNote}: {rules})."),
                RulePart.Code => Invariant($"Fix the code that assumes IPv4 ({issues.Count} {Answers.Plural(issues.Count, "finding")}{estateNote}: {rules})."),
                _ => Invariant($"Fix the {WireNames.Of(part)} findings ({issues.Count}{estateNote}: {rules})."),
            };
            steps.Add((StepPhase.Fix, 3, text, Cap(issues.Select(i => i.Link))));
        }

        return [.. steps
            .OrderBy(s => s.Phase)
            .ThenBy(s => s.Rank)
            .Select((s, i) => new PlanStep(i + 1, s.Phase, s.Text, s.Evidence))];
    }

    private static string Tables(IReadOnlyList<Issue> issues)
    {
        var tables = issues.Select(i => i.Table).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return tables.Count switch
        {
            0 => "the stored IPv4 data",
            <= 3 => $"{string.Join(", ", tables)}",
            _ => Invariant($"{tables.Count} tables"),
        };
    }

    private static IReadOnlyList<EvidenceLink> Cap(IEnumerable<EvidenceLink> links) => [.. links.Take(MaxEvidencePerStep)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
