using System.Globalization;
using Coexist.Model;
using Coexist.Reports.Planning;

namespace Coexist.Reports.Rendering;

/// <summary>
/// Geometry of the inline SVG bar charts: numbers only, worked out here, drawn by the templates (which escape the
/// labels like any other text). No script, no external file: the report opens anywhere.
/// </summary>
internal static class Charts
{
    public const int Width = 720;
    public const int RowHeight = 26;
    public const int BarHeight = 18;
    public const int ValueWidth = 70;
    public const int LegendHeight = 28;
    public const int MaxLabelChars = 32;

    private static readonly Severity[] SeverityOrder = [Severity.Error, Severity.Warning, Severity.Note];

    /// <summary>Findings and failed checks per part, stacked by severity.</summary>
    public static object FindingsByPart(EstatePlan estate)
    {
        var counts = new Dictionary<(RulePart, Severity), int>();
        foreach (var finding in estate.Assessment.Findings) Add(RuleParts.Of(finding.RuleId), finding.Severity);
        foreach (var probe in estate.Assessment.Probes)
        {
            if (probe is { RuleId: { } rule, Outcome: Outcome.Fail or Outcome.Warn })
                Add(RuleParts.Of(rule), probe.Outcome == Outcome.Fail ? Severity.Error : Severity.Warning);
        }
        var parts = RuleParts.Reported.Concat(counts.Keys.Any(k => k.Item1 == RulePart.Other) ? [RulePart.Other] : []).ToList();
        var rows = parts.Select(part => (Label: WireNames.Of(part), Segments: SeverityOrder.Select(s => (Value: (double)counts.GetValueOrDefault((part, s)), Css: "sev-" + WireNames.Of(s), Name: WireNames.Of(s))).ToList())).ToList();
        return Bars(rows, labelWidth: 80, valueFormat: v => v.ToString("N0", CultureInfo.InvariantCulture),
            legend: SeverityOrder.Select(s => ("sev-" + WireNames.Of(s), WireNames.Of(s))).ToList(),
            description: "Findings and failed checks per part, by severity");

        void Add(RulePart part, Severity severity) => counts[(part, severity)] = counts.GetValueOrDefault((part, severity)) + 1;
    }

    /// <summary>Person-days per service, the largest first; the rest in one bar; the estate-wide work last.</summary>
    public static object EffortByService(EstatePlan estate, int shown)
    {
        var ordered = estate.Plans.OrderByDescending(p => p.Effort.Days).ThenBy(p => p.Service.Name, StringComparer.Ordinal).ToList();
        var rows = ordered.Take(shown).Select(p => (p.Service.Name, Days: p.Effort.Days)).ToList();
        if (ordered.Count > shown)
            rows.Add(($"{(ordered.Count - shown).ToString("N0", CultureInfo.InvariantCulture)} other services", ordered.Skip(shown).Sum(p => p.Effort.Days)));
        if (estate.EstateEffort.Days > 0) rows.Add(("estate-wide (shared)", estate.EstateEffort.Days));
        return Bars([.. rows.Select(r => (r.Item1, new List<(double, string, string)> { (r.Days, "bar-effort", "person-days") }))],
            labelWidth: 240, valueFormat: v => v.ToString("0.##", CultureInfo.InvariantCulture) + " d",
            legend: [("bar-effort", "person-days")], description: "Estimated person-days per service");
    }

    private static object Bars(
        IReadOnlyList<(string Label, List<(double Value, string Css, string Name)> Segments)> rows,
        int labelWidth, Func<double, string> valueFormat, IReadOnlyList<(string Css, string Name)> legend, string description)
    {
        var barArea = Width - labelWidth - ValueWidth;
        var max = Math.Max(1e-9, rows.Select(r => r.Segments.Sum(s => s.Value)).DefaultIfEmpty(0).Max());
        var height = LegendHeight + rows.Count * RowHeight + 4;
        return new
        {
            Width = I(Width),
            Height = I(height),
            Description = description,
            Legend = legend.Select((l, i) => new { X = I(labelWidth + i * 110), TextX = I(labelWidth + i * 110 + 16), l.Css, l.Name }).ToList(),
            Rows = rows.Select((row, i) =>
            {
                var y = LegendHeight + i * RowHeight;
                var x = (double)labelWidth;
                var segments = new List<object>();
                foreach (var (value, css, name) in row.Segments)
                {
                    if (value <= 0) continue;
                    var w = Math.Max(1, value / max * barArea);
                    segments.Add(new { X = F(x), Width = F(w), Css = css, Title = $"{row.Label}: {valueFormat(value)} {name}" });
                    x += w;
                }
                var total = row.Segments.Sum(s => s.Value);
                return new
                {
                    Label = row.Label.Length > MaxLabelChars ? row.Label[..(MaxLabelChars - 1)] + "\u2026" : row.Label,
                    FullLabel = row.Label,
                    LabelX = I(labelWidth - 8),
                    Y = I(y),
                    TextY = I(y + BarHeight - 5),
                    BarHeight = I(BarHeight),
                    Segments = segments,
                    Value = valueFormat(total),
                    ValueX = F(x + 6),
                };
            }).ToList(),
        };
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
