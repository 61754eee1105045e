using System.Globalization;
using Coexist.Model;
using Coexist.Reports.Planning.Effort;

namespace Coexist.Reports.Planning;

/// <summary>
/// The planner: an assessment in, one plan per service out. Pure: it reads neither the network nor the disk, and
/// the same input gives the same plans. Evidence links are indexes into <paramref name="assessment"/>'s findings
/// and probes, which it never reorders.
/// </summary>
public static class Planner
{
    /// <summary>Links kept per blocking issue; the evidence tables of the plan list every item.</summary>
    public const int MaxBlockingEvidence = 3;

    public static EstatePlan Plan(Assessment assessment, PlanningContext? context = null)
    {
        context ??= PlanningContext.Default;
        var services = ServicesOf(assessment, context);
        var attribution = new Attribution(services, context.Schemas);

        var own = services.ToDictionary(s => s.Name, _ => new List<Issue>(), StringComparer.Ordinal);
        var ownFindings = services.ToDictionary(s => s.Name, _ => new List<int>(), StringComparer.Ordinal);
        var estate = new List<Issue>();
        var estateFindings = new List<int>();
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < assessment.Findings.Count; i++)
        {
            var finding = assessment.Findings[i];
            var owners = attribution.ServicesOf(finding);
            var issue = Issue.FromFinding(finding, i);
            if (owners.Count == 0)
            {
                if (finding.Service is { } named) unknown.Add(named);
                estate.Add(issue with { EstateWide = true });
                estateFindings.Add(i);
                continue;
            }
            var share = issue with { Share = 1.0 / owners.Count };
            foreach (var owner in owners)
            {
                own[owner].Add(share);
                ownFindings[owner].Add(i);
            }
        }

        var probesOf = services.ToDictionary(s => s.Name, _ => new List<(ProbeResult, int)>(), StringComparer.Ordinal);
        for (var i = 0; i < assessment.Probes.Count; i++)
        {
            var probe = assessment.Probes[i];
            probesOf[probe.Service].Add((probe, i));
            if (Issue.FromProbe(probe, i) is { } issue) own[probe.Service].Add(issue);
        }

        var matrixPaths = services.SelectMany(s => s.Paths ?? [])
            .Concat(assessment.Probes.Select(p => p.Path))
            .Distinct()
            .Order()
            .ToList();

        // Estate-wide findings are sorted by the kinds they affect once, not once per service.
        var estateByKind = Enum.GetValues<ServiceKind>().ToDictionary(
            kind => kind,
            kind =>
            {
                IReadOnlyList<Issue> issues = [.. estate.Where(i => RuleParts.Affects(i.Part, kind))];
                IReadOnlyList<int> indexes = [.. estateFindings.Where(i => RuleParts.Affects(RuleParts.Of(assessment.Findings[i].RuleId), kind))];
                IReadOnlyList<EffortLine> lines = EffortEstimator.WorkLines(issues, context.Effort, context.TitleOf);
                return (Issues: issues, Findings: indexes, Lines: lines);
            });
        var plans = new List<ServicePlan>(services.Count);
        foreach (var service in services)
        {
            var (estateIssues, estateIndexes, sharedLines) = estateByKind[service.Kind];
            var cells = probesOf[service.Name]
                .GroupBy(p => p.Item1.Path)
                .ToDictionary(g => g.Key, g => PathReadiness.Cell(g.Key, g.ToList()));
            var facts = new ServiceFacts(service, own[service.Name], estateIssues, cells, assessment.Probes);
            plans.Add(PlanService(facts, context, matrixPaths, ownFindings[service.Name], estateIndexes, sharedLines,
                [.. probesOf[service.Name].Select(p => p.Item2)]));
        }

        var estateEffort = EffortEstimator.ForEstate(estate, context.Effort, context.TitleOf);
        return new EstatePlan
        {
            Organization = context.Organization,
            Assessment = assessment,
            Plans = plans,
            EstateFindings = estateFindings,
            EstateEffort = estateEffort,
            TotalDays = EffortEstimator.Round(plans.Sum(p => p.Effort.Days) + estateEffort.Days),
            MatrixPaths = matrixPaths,
            UnknownServices = [.. unknown],
        };
    }

    private static ServicePlan PlanService(
        ServiceFacts facts, PlanningContext context, IReadOnlyList<ProbePath> matrixPaths,
        IReadOnlyList<int> findings, IReadOnlyList<int> estateFindings, IReadOnlyList<EffortLine> sharedLines, IReadOnlyList<int> probes)
    {
        var ranked = context.Catalogue.Rank(facts);
        var chosen = ranked[0];
        var pattern = context.Catalogue[chosen.Id];
        var interim = ranked.Where(p => p.Role == PatternRole.Interim).ToList();
        var pathsToEnable = PathsToEnable(facts);
        return new ServicePlan
        {
            Service = facts.Service,
            Answers = Answers.All(facts),
            Pattern = chosen,
            // The fallback applies to everything; listed beside a real choice it would say nothing.
            AlsoApplies = [.. ranked.Skip(1).Where(p => !context.Catalogue[p.Id].When.IsEmpty)],
            Blocking = Blocking(facts, context),
            Steps = StepPlanner.Steps(facts, pattern, interim, context.TitleOf),
            Effort = EffortEstimator.ForService(facts.Own, sharedLines, chosen, pathsToEnable, context.Effort, context.TitleOf),
            Paths = [.. matrixPaths.Select(facts.Cell)],
            Findings = findings,
            EstateFindings = estateFindings,
            Probes = probes,
        };
    }

    /// <summary>
    /// Paths the service is meant to serve (or was probed on) that fail today, other than v4, whose failures are
    /// fixes rather than new work. Relay telephony has no IPv6 subscribers to serve.
    /// </summary>
    private static IReadOnlyList<ProbePath> PathsToEnable(ServiceFacts facts)
    {
        if (facts.Service.Kind == ServiceKind.Sip && facts.Service.Telephony == Telephony.Relay) return [];
        return [.. (facts.Service.Paths ?? []).Concat(facts.Paths.Keys)
            .Distinct()
            .Where(p => p != ProbePath.V4 && facts.Cell(p).State == PathState.Fail)
            .Order()];
    }

    /// <summary>Errors and failed probes, by rule, and any v4 or v6 path that fails without a rule to name it.</summary>
    private static IReadOnlyList<BlockingIssue> Blocking(ServiceFacts facts, PlanningContext context)
    {
        var blocking = facts.All
            .Where(i => i.Severity == Severity.Error)
            .GroupBy(i => i.RuleId, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BlockingIssue(g.Key, context.TitleOf(g.Key), g.Count(), [.. g.Select(i => i.Link).Take(MaxBlockingEvidence)]))
            .ToList();
        foreach (var path in (ReadOnlySpan<ProbePath>)[ProbePath.V4, ProbePath.V6])
        {
            var cell = facts.Cell(path);
            if (cell.State != PathState.Fail) continue;
            var unruled = cell.Probes.Where(i => facts.AllProbes[i] is { Outcome: Outcome.Fail, RuleId: null }).ToList();
            if (unruled.Count == 0) continue;
            blocking.Add(new BlockingIssue(
                WireNames.Of(path),
                string.Create(CultureInfo.InvariantCulture, $"Checks fail on the {WireNames.Of(path)} path"),
                unruled.Count,
                [.. unruled.Take(MaxBlockingEvidence).Select(i => ServiceFacts.ProbeLink(facts.AllProbes[i], i))]));
        }
        return blocking;
    }

    /// <summary>
    /// The assessment's services, completed from the inventory (the assessment's own description wins), then the
    /// inventory's services that have no results yet, then services only probe results name.
    /// </summary>
    private static List<ServiceInfo> ServicesOf(Assessment assessment, PlanningContext context)
    {
        var services = AssessmentMerge.Merge([new Assessment { Services = assessment.Services }, new Assessment { Services = context.Services }])
            .Services.ToList();
        var seen = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var probe in assessment.Probes.Where(p => seen.Add(p.Service)))
            services.Add(new ServiceInfo { Name = probe.Service, Kind = probe.Kind });
        return services;
    }
}
