using System.Globalization;
using System.Text;
using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Cli.Probe;

/// <summary>
/// Probe results for people: the vantage point, a table of service × path with the worst outcome of each cell,
/// then every fail, warning and error with its detail.
/// </summary>
internal static class ProbeText
{
    // Worst first: a cell shows the worst outcome among its results.
    private static readonly Outcome[] Severity = [Outcome.Fail, Outcome.Error, Outcome.Warn, Outcome.Pass, Outcome.Skipped];

    public static string Render(IReadOnlyList<(ServiceSpec Service, IReadOnlyList<ProbePath> Paths)> services, IReadOnlyList<ProbeResult> results, VantageReport vantage, bool cancelled)
    {
        var text = new StringBuilder();
        text.AppendLine("Vantage point");
        foreach (var line in vantage.Describe()) text.Append("  ").AppendLine(line);
        text.AppendLine();

        var paths = Enum.GetValues<ProbePath>().Where(p => services.Any(s => s.Paths.Contains(p))).ToList();
        var rows = services.Select(s => s.Service.Name).ToList();
        var header = new[] { "service" }.Concat(paths.Select(p => WireNames.Of(p))).ToList();
        var table = new List<List<string>> { header };
        foreach (var (service, servicePaths) in services)
        {
            var row = new List<string> { service.Name };
            foreach (var path in paths)
                row.Add(servicePaths.Contains(path) ? Cell(results.Where(r => r.Service == service.Name && r.Path == path).ToList()) : "");
            table.Add(row);
        }
        var widths = Enumerable.Range(0, header.Count).Select(i => table.Max(r => r[i].Length)).ToList();
        foreach (var row in table)
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());

        var notable = results.Where(r => r.Outcome is Outcome.Fail or Outcome.Warn or Outcome.Error)
            .OrderBy(r => rows.IndexOf(r.Service)).ThenBy(r => Array.IndexOf(Severity, r.Outcome)).ThenBy(r => r.Check, StringComparer.Ordinal).ThenBy(r => r.Path)
            .ToList();
        if (notable.Count > 0)
        {
            text.AppendLine();
            foreach (var r in notable)
            {
                var rule = r.RuleId is null ? "" : $" {r.RuleId}";
                var where = r.Address is null || r.Target.Contains(r.Address, StringComparison.Ordinal) ? r.Target : $"{r.Target} [{r.Address}]";
                // DNS servers are always port 53; other ports tell two checks of one host apart.
                if (r.Port is { } port && port != 53) where += string.Create(CultureInfo.InvariantCulture, $" port {port}");
                text.AppendLine(CultureInfo.InvariantCulture, $"{r.Service}: {WireNames.Of(r.Outcome)}{rule} {r.Check} ({WireNames.Of(r.Path)}) {where}: {r.Detail}");
            }
        }

        text.AppendLine();
        int Count(Outcome o) => results.Count(r => r.Outcome == o);
        text.Append(CultureInfo.InvariantCulture, $"{results.Count} results: {Count(Outcome.Pass)} pass, {Count(Outcome.Warn)} warn, {Count(Outcome.Fail)} fail, {Count(Outcome.Error)} error, {Count(Outcome.Skipped)} skipped");
        text.AppendLine(cancelled ? " (cancelled: only what finished is shown)" : "");
        return text.ToString();
    }

    /// <summary>The worst outcome of a cell, with how many results had it when more than one: "fail 2".</summary>
    private static string Cell(IReadOnlyList<ProbeResult> results)
    {
        if (results.Count == 0) return "-";
        var worst = Severity.First(o => results.Any(r => r.Outcome == o));
        var count = results.Count(r => r.Outcome == worst);
        return count > 1 && worst is not (Outcome.Pass or Outcome.Skipped) ? $"{WireNames.Of(worst)} {count}" : WireNames.Of(worst);
    }
}
