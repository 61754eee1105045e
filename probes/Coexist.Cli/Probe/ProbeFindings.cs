using Coexist.Model;

namespace Coexist.Cli.Probe;

/// <summary>
/// Probe results as findings, for SARIF and for <c>--fail-on</c>: a <c>fail</c> carries its rule's severity (error
/// when it has no rule), a <c>warn</c> is a warning. <c>error</c> (could not test), <c>pass</c> and <c>skipped</c>
/// are no findings: a run that could not test is not a run that found faults.
/// </summary>
internal static class ProbeFindings
{
    private static readonly IReadOnlyDictionary<string, RuleInfo> Rules = RuleCatalog.All.ToDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>Results without a rule (tcp-connect) are reported under this ID in SARIF.</summary>
    public const string UnruledId = "COEX-PROBE";

    public static IReadOnlyList<Finding> From(IEnumerable<ProbeResult> results) =>
        [.. results.Where(r => r.Outcome is Outcome.Fail or Outcome.Warn).Select(ToFinding)];

    private static Finding ToFinding(ProbeResult result) => new()
    {
        RuleId = result.RuleId ?? UnruledId,
        Severity = result.Outcome == Outcome.Warn ? Severity.Warning
            : result.RuleId is { } id && Rules.TryGetValue(id, out var rule) ? rule.DefaultSeverity : Severity.Error,
        Service = result.Service,
        Message = $"{result.Check} on {WireNames.Of(result.Path)}: {result.Detail}",
        Location = new Location { Object = string.Join('/', new[] { result.Service, WireNames.Of(result.Path), result.Target, result.Address }.OfType<string>()) },
        Evidence = result.Evidence,
    };
}
