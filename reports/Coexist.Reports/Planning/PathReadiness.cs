using Coexist.Model;

namespace Coexist.Reports.Planning;

/// <summary>
/// Folds a service's probe results on one path into one cell of the readiness matrix. A verdict from any vantage
/// point outranks "could not test" from another: an IPv4-only vantage point that cannot try v6 does not hide
/// the pass that an IPv6-only one saw.
/// </summary>
public static class PathReadiness
{
    /// <summary>Not-tested reasons listed in a cell; the rest are counted.</summary>
    public const int MaxReasons = 3;

    public static PathCell Cell(ProbePath path, IReadOnlyList<(ProbeResult Result, int Index)> results)
    {
        int passed = 0, warned = 0, failed = 0, notTested = 0;
        foreach (var (result, _) in results)
        {
            switch (result.Outcome)
            {
                case Outcome.Pass: passed++; break;
                case Outcome.Warn: warned++; break;
                case Outcome.Fail: failed++; break;
                default: notTested++; break;
            }
        }
        var state = failed > 0 ? PathState.Fail
            : warned > 0 ? PathState.Warn
            : passed > 0 ? PathState.Pass
            : notTested > 0 ? PathState.NotTested
            : PathState.NotProbed;
        return new PathCell
        {
            Path = path,
            State = state,
            Passed = passed,
            Warned = warned,
            Failed = failed,
            NotTested = notTested,
            Reason = state == PathState.NotTested ? Reasons(results) : null,
            Vantages = [.. results.Select(r => r.Result.Vantage).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Probes = [.. results.Select(r => r.Index)],
        };
    }

    private static string Reasons(IReadOnlyList<(ProbeResult Result, int Index)> results)
    {
        var reasons = results
            .Select(r => string.IsNullOrWhiteSpace(r.Result.Detail) ? $"{WireNames.Of(r.Result.Outcome)} without a reason" : r.Result.Detail!.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var shown = string.Join("; ", reasons.Take(MaxReasons));
        return reasons.Count > MaxReasons ? $"{shown}; and {reasons.Count - MaxReasons} more" : shown;
    }

    public static bool Works(PathState state) => state is PathState.Pass or PathState.Warn;

    public static string Describe(PathCell cell)
    {
        var untested = cell.NotTested > 0 ? $", {cell.NotTested} more could not run" : "";
        return cell.State switch
        {
            PathState.Pass => $"pass ({cell.Passed} {Checks(cell.Passed)}{untested})",
            PathState.Warn => $"warn ({cell.Warned} of {cell.Passed + cell.Warned} {Checks(cell.Passed + cell.Warned)}{untested})",
            PathState.Fail => $"fail ({cell.Failed} of {cell.Passed + cell.Warned + cell.Failed} {Checks(cell.Passed + cell.Warned + cell.Failed)}{untested})",
            PathState.NotTested => "not tested",
            _ => "not probed",
        };
    }

    private static string Checks(int count) => count == 1 ? "check" : "checks";

}
