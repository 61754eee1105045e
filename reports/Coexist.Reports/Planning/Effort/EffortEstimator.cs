using System.Globalization;
using Coexist.Model;

namespace Coexist.Reports.Planning.Effort;

/// <summary>
/// Prices a plan line by line with an <see cref="EffortModel"/>: findings by rule, tables and rows of stored IPv4
/// data, servers the pattern adds, and paths to enable. Every line keeps its quantity, unit cost and basis.
/// </summary>
internal static class EffortEstimator
{
    public const double RowsPerMillion = 1_000_000;

    /// <summary>Rules named in a line that groups findings; the rest are counted.</summary>
    public const int MaxRulesNamed = 5;

    /// <param name="shared">The lines of the estate-wide work this service depends on (<see cref="WorkLines"/> of those findings).</param>
    public static EffortEstimate ForService(
        IReadOnlyList<Issue> own, IReadOnlyList<EffortLine> shared, PatternChoice pattern, IReadOnlyList<ProbePath> pathsToEnable,
        EffortModel model, Func<string, string> titleOf)
    {
        var lines = new List<EffortLine>();
        lines.AddRange(WorkLines(own, model, titleOf));
        if (pattern.ServersToAdd > 0)
        {
            lines.Add(new EffortLine
            {
                Item = $"Servers to add ({pattern.Id})",
                Quantity = pattern.ServersToAdd,
                Unit = pattern.ServersToAdd == 1 ? "server" : "servers",
                UnitCost = model.PerServer,
                Days = pattern.ServersToAdd * model.PerServer,
                Basis = model.BasisOf("per-server"),
            });
        }
        if (pathsToEnable.Count > 0)
        {
            lines.Add(new EffortLine
            {
                Item = $"Paths to enable ({string.Join(", ", pathsToEnable.Select(p => WireNames.Of(p)))})",
                Quantity = pathsToEnable.Count,
                Unit = pathsToEnable.Count == 1 ? "path" : "paths",
                UnitCost = model.PerPath,
                Days = pathsToEnable.Count * model.PerPath,
                Basis = model.BasisOf("per-path"),
            });
        }
        return new EffortEstimate
        {
            Lines = lines,
            Days = Round(lines.Sum(l => l.Days)),
            SharedLines = shared,
            SharedDays = Round(shared.Sum(l => l.Days)),
        };
    }

    public static EffortEstimate ForEstate(IReadOnlyList<Issue> estate, EffortModel model, Func<string, string> titleOf)
    {
        var lines = WorkLines(estate, model, titleOf);
        return new EffortEstimate { Lines = lines, Days = Round(lines.Sum(l => l.Days)) };
    }

    /// <summary>Findings by rule and severity, then the tables and rows their schema findings touch.</summary>
    public static List<EffortLine> WorkLines(IReadOnlyList<Issue> issues, EffortModel model, Func<string, string> titleOf)
    {
        // Findings are priced by part and severity, as the defaults are; a rule the inventory prices itself gets its own line.
        var lines = new List<EffortLine>();
        foreach (var group in issues
                     .GroupBy(i => (Rule: model.PerFinding.ContainsKey(i.RuleId) ? i.RuleId : null, i.Part, i.Severity))
                     .OrderBy(g => g.Key.Part)
                     .ThenBy(g => g.Key.Rule, StringComparer.Ordinal)
                     .ThenByDescending(g => g.Key.Severity))
        {
            var (rule, part, severity) = group.Key;
            var (cost, basis) = rule is null ? (EffortModel.DefaultPerFinding(part, severity), $"default ({WireNames.Of(part)}, {WireNames.Of(severity)})") : model.PerFindingOf(rule, severity);
            var quantity = group.Sum(i => i.Share);
            string item;
            if (rule is not null)
            {
                var title = titleOf(rule);
                item = $"{rule}{(title == rule ? "" : " " + title)} ({WireNames.Of(severity)})";
            }
            else
            {
                var rules = group.Select(i => i.RuleId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                item = $"{WireNames.Of(part)} findings, {WireNames.Of(severity)}: {string.Join(", ", rules.Take(MaxRulesNamed))}{(rules.Count > MaxRulesNamed ? string.Create(CultureInfo.InvariantCulture, $" and {rules.Count - MaxRulesNamed} more") : "")}";
            }
            lines.Add(new EffortLine
            {
                Item = item,
                Quantity = quantity,
                Unit = quantity == 1 ? "finding" : "findings",
                UnitCost = cost,
                Days = quantity * cost,
                Basis = basis,
            });
        }

        // A table counts once however many of its columns are reported; its rows are the largest count any column gave.
        var tables = issues
            .Where(i => i.Part == RulePart.Schema && i.Table is not null)
            .GroupBy(i => i.Table!, StringComparer.Ordinal)
            .Select(g => (Share: g.Max(i => i.Share), Rows: g.Max(i => i.Rows)))
            .ToList();
        if (tables.Count > 0)
        {
            var count = tables.Sum(t => t.Share);
            lines.Add(new EffortLine
            {
                Item = "Tables whose IPv4 columns or data change",
                Quantity = count,
                Unit = count == 1 ? "table" : "tables",
                UnitCost = model.PerTable,
                Days = count * model.PerTable,
                Basis = model.BasisOf("per-table"),
            });
            var millions = tables.Sum(t => t.Rows * t.Share) / RowsPerMillion;
            if (millions > 0)
            {
                lines.Add(new EffortLine
                {
                    Item = string.Create(CultureInfo.InvariantCulture, $"Rows of IPv4 data to migrate ({tables.Sum(t => (long)(t.Rows * t.Share)):N0})"),
                    Quantity = Math.Round(millions, 3),
                    Unit = "million rows",
                    UnitCost = model.PerMillionRows,
                    Days = millions * model.PerMillionRows,
                    Basis = model.BasisOf("per-million-rows"),
                });
            }
        }
        return lines;
    }

    /// <summary>Totals are kept to a hundredth of a day; more would be false precision. Lines stay exact so that shares add up.</summary>
    public static double Round(double days) => Math.Round(days, 2, MidpointRounding.AwayFromZero);
}
