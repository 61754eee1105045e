using System.Globalization;
using Coexist.Model;
using Coexist.Reports.Planning;

namespace Coexist.Reports.Rendering;

/// <summary>
/// The plans as the Markdown and HTML templates read them: text already worded and numbers already formatted
/// (invariant culture), so templates only place values. Every value is peer or user text as far as the templates
/// know, and they escape it.
/// </summary>
internal static class ReportView
{
    /// <summary>Services drawn one by one in the effort chart; the rest share one bar.</summary>
    public const int EffortChartServices = 30;

    public static object Build(EstatePlan estate, RenderOptions options)
    {
        var assessment = estate.Assessment;
        var rules = options.Rules;
        // A finding several services share (code or a backend) is listed once, under the first of them; the others link to it.
        var listedUnder = new Dictionary<int, int>();
        for (var k = 0; k < estate.Plans.Count; k++)
        {
            foreach (var i in estate.Plans[k].Findings) listedUnder.TryAdd(i, k);
        }
        var plans = estate.Plans.Select((plan, k) => Plan(plan, k, assessment, estate.Plans, listedUnder)).ToList();
        var notTested = estate.Plans
            .SelectMany(p => p.Paths.Where(c => c.State == PathState.NotTested).Select(c => new { Service = p.Service.Name, Path = WireNames.Of(c.Path), c.Reason }))
            .ToList();
        return new
        {
            Title = estate.Organization is { Length: > 0 } org ? $"IPv6 coexistence report: {org}" : "IPv6 coexistence report",
            Generated = options.GeneratedAt?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            Tool = $"{assessment.Tool.Name} {assessment.Tool.Version}",
            Summary = new
            {
                Services = N(estate.Plans.Count),
                Findings = N(assessment.Findings.Count),
                Probes = N(assessment.Probes.Count),
                TotalDays = Days(estate.TotalDays),
                EstateDays = Days(estate.EstateEffort.Days),
                EstateFindings = Count(estate.EstateFindings.Count, "finding"),
                Questions = Enum.GetValues<Question>().Select(q => new
                {
                    Question = QuestionText(q),
                    Yes = N(estate.Plans.Count(p => p.AnswerTo(q).Verdict == Verdict.Yes)),
                    WithChanges = N(estate.Plans.Count(p => p.AnswerTo(q).Verdict == Verdict.WithChanges)),
                    No = N(estate.Plans.Count(p => p.AnswerTo(q).Verdict == Verdict.No)),
                    NotKnown = N(estate.Plans.Count(p => p.AnswerTo(q).Verdict == Verdict.NotKnown)),
                }).ToList(),
            },
            Paths = estate.MatrixPaths.Select(p => WireNames.Of(p)).ToList(),
            Matrix = estate.Plans.Select((plan, k) => new
            {
                plan.Service.Name,
                Anchor = ServiceAnchor(k),
                Kind = WireNames.Of(plan.Service.Kind),
                Cells = plan.Paths.Select(Cell).ToList(),
                Answers = plan.Answers.Select(a => new { Text = VerdictText(a.Verdict), Css = VerdictCss(a.Verdict), Question = QuestionText(a.Question) }).ToList(),
                Pattern = plan.Pattern.Title,
                Days = Days(plan.Effort.Days),
            }).ToList(),
            PartsChart = Charts.FindingsByPart(estate),
            EffortChart = Charts.EffortByService(estate, EffortChartServices),
            Plans = plans,
            HasEstateFindings = estate.EstateFindings.Count > 0,
            EstateFindings = estate.EstateFindings.Select(i => Finding(assessment.Findings[i], i)).ToList(),
            EstateEffort = Effort(estate.EstateEffort),
            HasNotTested = notTested.Count > 0,
            NotTested = notTested,
            HasPathBench = assessment.PathBench is { Count: > 0 },
            PathBench = PathBenchView.Build(assessment),
            Rules = RulesUsed(estate, rules),
            HasUnknownServices = estate.UnknownServices.Count > 0,
            UnknownServices = string.Join(", ", estate.UnknownServices),
        };
    }

    private static object Plan(ServicePlan plan, int k, Assessment assessment, IReadOnlyList<ServicePlan> plans, Dictionary<int, int> listedUnder)
    {
        var anchor = ServiceAnchor(k);
        static object Links(IReadOnlyList<EvidenceLink> links) => links.Select(l => new { l.Anchor, l.Label }).ToList();
        var listedHere = plan.Findings.Where(i => listedUnder[i] == k).ToList();
        var listedElsewhere = plan.Findings
            .Where(i => listedUnder[i] != k)
            .GroupBy(i => listedUnder[i])
            .Select(g => new { Count = Count(g.Count(), "finding"), Service = plans[g.Key].Service.Name, Anchor = ServiceAnchor(g.Key) })
            .ToList();

        var s = plan.Service;
        var facts = new List<object>
        {
            Fact("kind", WireNames.Of(s.Kind)),
            Fact("hosting", s.Hosting is { } h ? WireNames.Of(h) : "not given"),
            Fact("addressing", s.Addressing is { } a ? WireNames.Of(a) : "not given"),
        };
        if (s.Kind == ServiceKind.Sip) facts.Add(Fact("telephony", s.Telephony is { } t ? WireNames.Of(t) : "not given"));
        if (s.Hosts is { Count: > 0 } hosts) facts.Add(Fact("hosts", string.Join(", ", hosts)));
        if (s.Backends is { Count: > 0 } backends) facts.Add(Fact("backends", string.Join(", ", backends)));
        if (s.Code is { Count: > 0 } code) facts.Add(Fact("code", string.Join(", ", code)));
        if (s.UsesUdp is { } udp) facts.Add(Fact("uses UDP applications", udp ? "yes" : "no"));
        if (s.Paths is { Count: > 0 } paths) facts.Add(Fact("paths to serve", string.Join(", ", paths.Select(p => WireNames.Of(p)))));

        return new
        {
            s.Name,
            Anchor = anchor,
            Facts = facts,
            Answers = plan.Answers.Select(answer => new
            {
                Question = QuestionText(answer.Question),
                Verdict = VerdictText(answer.Verdict),
                Css = VerdictCss(answer.Verdict),
                answer.Reason,
                HasEvidence = answer.Evidence.Count > 0,
                Evidence = Links(answer.Evidence),
            }).ToList(),
            Pattern = Pattern(plan.Pattern),
            HasAlsoApplies = plan.AlsoApplies.Count > 0,
            AlsoApplies = plan.AlsoApplies.Select(p => new { p.Title, Role = WireNames.Of(p.Role), Matched = string.Join("; ", p.Matched) }).ToList(),
            HasBlocking = plan.Blocking.Count > 0,
            Blocking = plan.Blocking.Select(b => new { b.RuleId, Title = b.Title == b.RuleId ? "" : b.Title, Count = N(b.Count), Evidence = Links(b.Evidence) }).ToList(),
            Steps = plan.Steps.Select(step => new
            {
                Order = N(step.Order),
                Phase = WireNames.Of(step.Phase),
                step.Text,
                HasEvidence = step.Evidence.Count > 0,
                Evidence = Links(step.Evidence),
            }).ToList(),
            Effort = Effort(plan.Effort),
            Paths = plan.Paths.Select(c => new
            {
                Path = WireNames.Of(c.Path),
                Text = PathReadiness.Describe(c),
                Css = CellCss(c.State),
                Reason = c.Reason ?? "",
                Vantages = string.Join(", ", c.Vantages),
            }).ToList(),
            HasFindings = listedHere.Count > 0,
            Findings = listedHere.Select(i => Finding(assessment.Findings[i], i)).ToList(),
            HasListedElsewhere = listedElsewhere.Count > 0,
            ListedElsewhere = listedElsewhere,
            EstateFindings = Count(plan.EstateFindings.Count, "finding"),
            HasEstateFindings = plan.EstateFindings.Count > 0,
            HasProbes = plan.Probes.Count > 0,
            Probes = plan.Probes.Select(i => Probe(assessment.Probes[i], i)).ToList(),
        };
    }

    /// <summary>Each rule the report mentions, once, with its title and page; rows link here rather than repeat them.</summary>
    private static List<object> RulesUsed(EstatePlan estate, IReadOnlyDictionary<string, RuleInfo> rules) => [.. estate.Assessment.Findings.Select(f => f.RuleId)
        .Concat(estate.Assessment.Probes.Select(p => p.RuleId).OfType<string>())
        .Concat(PathBenchView.RuleIds(estate.Assessment))
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .Select(id => (object)new
        {
            Id = id,
            Anchor = "rule-" + id,
            Title = rules.TryGetValue(id, out var rule) ? rule.Title : "",
            Part = WireNames.Of(RuleParts.Of(id)),
            Uri = RuleInfo.DocsBase + id + ".md",
        })];

    private static object Pattern(PatternChoice p) => new
    {
        p.Id,
        p.Title,
        Role = WireNames.Of(p.Role),
        p.Summary,
        Matched = p.Matched.Count > 0 ? string.Join("; ", p.Matched) : "nothing more specific applied",
        Servers = N(p.ServersToAdd),
        HasRisks = p.Risks.Count > 0,
        p.Risks,
        p.Source.File,
        p.Source.Lines,
        p.Source.Original,
        p.Source.English,
    };

    private static object Effort(EffortEstimate e) => new
    {
        Lines = e.Lines.Select(Line).ToList(),
        HasLines = e.Lines.Count > 0,
        Days = Days(e.Days),
        SharedLines = e.SharedLines.Select(Line).ToList(),
        HasShared = e.SharedLines.Count > 0,
        SharedDays = Days(e.SharedDays),
    };

    private static object Line(EffortLine l) => new
    {
        l.Item,
        Quantity = l.Quantity.ToString("0.###", CultureInfo.InvariantCulture),
        l.Unit,
        UnitCost = l.UnitCost.ToString("0.###", CultureInfo.InvariantCulture),
        Days = Days(l.Days),
        l.Basis,
    };

    private static object Finding(Finding f, int index) => new
    {
        Anchor = $"f{index}",
        Index = N(index),
        f.RuleId,
        Severity = WireNames.Of(f.Severity),
        Css = "sev-" + WireNames.Of(f.Severity),
        Where = Where(f.Location),
        f.Message,
    };

    private static object Probe(ProbeResult p, int index) => new
    {
        Anchor = $"p{index}",
        p.Check,
        Path = WireNames.Of(p.Path),
        p.Target,
        Address = p.Address is null ? "" : p.Port is { } port ? $"{p.Address} port {N(port)}" : p.Address,
        Outcome = WireNames.Of(p.Outcome),
        Css = "out-" + WireNames.Of(p.Outcome),
        Detail = p.Detail ?? "",
        RuleId = p.RuleId ?? "",
        Vantage = p.Vantage ?? "",
    };

    private static object Cell(PathCell c) => new
    {
        Text = c.State switch
        {
            PathState.Pass => "pass",
            PathState.Warn => $"warn {N(c.Warned)}/{N(c.Passed + c.Warned)}",
            PathState.Fail => $"fail {N(c.Failed)}/{N(c.Passed + c.Warned + c.Failed)}",
            PathState.NotTested => "not tested",
            _ => "\u2014",
        },
        Css = CellCss(c.State),
        Title = c.State == PathState.NotTested ? c.Reason ?? "" : PathReadiness.Describe(c),
    };

    private static object Fact(string key, string value) => new { Key = key, Value = value };

    private static string Where(Location? location) => location switch
    {
        { File: { } file, Line: { } line } => $"{file}:{N(line)}",
        { File: { } file } => file,
        { Object: { } dbObject } => dbObject,
        _ => "",
    };

    public static string ServiceAnchor(int k) => $"s{k}";

    public static string QuestionText(Question q) => q switch
    {
        Question.Scalability => "Scalability",
        Question.Reachability => "IPv6 reach",
        _ => "Continuity",
    };

    public static string VerdictText(Verdict v) => v switch
    {
        Verdict.Yes => "yes",
        Verdict.WithChanges => "with changes",
        Verdict.No => "no",
        _ => "not known",
    };

    public static string VerdictCss(Verdict v) => "v-" + WireNames.Of(v);

    public static string CellCss(PathState s) => "st-" + WireNames.Of(s);

    public static string Count(int value, string word) => $"{N(value)} {(value == 1 ? word : word + "s")}";

    public static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Days(double days) => days.ToString("0.##", CultureInfo.InvariantCulture);
}
