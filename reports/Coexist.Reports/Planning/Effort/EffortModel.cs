using Coexist.Model;

namespace Coexist.Reports.Planning.Effort;

/// <summary>
/// The cost model behind every estimate, in person-days (docs/effort-model.md has the reasoning). Each default
/// can be overridden in the inventory's <c>effort:</c> section; every estimate shows which figure it used.
/// </summary>
public sealed record EffortModel
{
    /// <summary>A table whose IPv4 columns or data change: migration script, review, deployment window, rollback plan.</summary>
    public const double DefaultPerTable = 1.0;
    /// <summary>A million rows to convert or duplicate: batched backfill, verification, a second window if it overruns.</summary>
    public const double DefaultPerMillionRows = 0.5;
    /// <summary>A server to add: build, configuration management, load balancer pool, monitoring, security review.</summary>
    public const double DefaultPerServer = 3.0;
    /// <summary>A path to enable for a service: listener or AAAA record, firewall rules, monitoring, a probe run.</summary>
    public const double DefaultPerPath = 0.5;

    public static EffortModel Default { get; } = new();

    /// <summary>Rule ID to person-days per finding, from the inventory; wins over the defaults.</summary>
    public IReadOnlyDictionary<string, double> PerFinding { get; init; } = new Dictionary<string, double>();
    public double PerTable { get; init; } = DefaultPerTable;
    public double PerMillionRows { get; init; } = DefaultPerMillionRows;
    public double PerServer { get; init; } = DefaultPerServer;
    public double PerPath { get; init; } = DefaultPerPath;
    /// <summary>Which figures came from the inventory, for the basis column.</summary>
    public IReadOnlySet<string> Overridden { get; init; } = new HashSet<string>();

    public static EffortModel From(EffortSettings settings)
    {
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        double Pick(double? value, double fallback, string key)
        {
            if (value is null) return fallback;
            overridden.Add(key);
            return value.Value;
        }
        return new EffortModel
        {
            PerFinding = settings.PerFinding,
            PerTable = Pick(settings.PerTable, DefaultPerTable, "per-table"),
            PerMillionRows = Pick(settings.PerMillionRows, DefaultPerMillionRows, "per-million-rows"),
            PerServer = Pick(settings.PerServer, DefaultPerServer, "per-server"),
            PerPath = Pick(settings.PerPath, DefaultPerPath, "per-path"),
            Overridden = overridden,
        };
    }

    /// <summary>The cost of one finding of <paramref name="ruleId"/> and where the figure comes from.</summary>
    public (double Days, string Basis) PerFindingOf(string ruleId, Severity severity)
    {
        if (PerFinding.TryGetValue(ruleId, out var configured)) return (configured, "inventory effort.per-finding");
        var part = RuleParts.Of(ruleId);
        return (DefaultPerFinding(part, severity), $"default ({WireNames.Of(part)}, {WireNames.Of(severity)})");
    }

    public string BasisOf(string key) => Overridden.Contains(key) ? $"inventory effort.{key}" : "default";

    /// <summary>
    /// Default days per finding, by part and severity. Code fixes are mostly mechanical (many rules have a code fix);
    /// a schema finding is a column to review with the code that reads it (its tables and rows are priced apart);
    /// DNS findings are zone edits; protocol and path findings mean server configuration and tests.
    /// </summary>
    public static double DefaultPerFinding(RulePart part, Severity severity) => (part, severity) switch
    {
        (RulePart.Code, Severity.Error) => 0.5,
        (RulePart.Code, Severity.Warning) => 0.25,
        (RulePart.Code, _) => 0.05,
        (RulePart.Schema, Severity.Error) => 1.0,
        (RulePart.Schema, Severity.Warning) => 0.5,
        (RulePart.Schema, _) => 0.1,
        (RulePart.Dns, Severity.Note) => 0.1,
        (RulePart.Dns, _) => 0.25,
        (_, Severity.Error) => 1.0,
        (_, Severity.Warning) => 0.5,
        _ => 0.1,
    };
}
