using Coexist.Model;
using Coexist.Reports.Planning.Catalogue;
using Coexist.Reports.Planning.Effort;

namespace Coexist.Reports.Planning;

/// <summary>A schema as the inventory names it, so that services' <c>backends:</c> can claim its findings.</summary>
public sealed record SchemaRef(string Name, string? File, bool Live);

/// <summary>
/// What the planner needs besides the assessment, all of it from the inventory: names of schemas, the cost
/// model and the catalogue. Built once; planning itself touches neither network nor disk.
/// </summary>
public sealed record PlanningContext
{
    public static PlanningContext Default { get; } = new();

    public string? Organization { get; init; }
    public IReadOnlyList<SchemaRef> Schemas { get; init; } = [];
    public EffortModel Effort { get; init; } = EffortModel.Default;
    public PatternCatalogue Catalogue { get; init; } = PatternCatalogue.Default;
    /// <summary>Titles of known rules, for blocking issues and the report; unknown rules show their ID only.</summary>
    public IReadOnlyDictionary<string, RuleInfo> Rules { get; init; } = new Dictionary<string, RuleInfo>();

    /// <summary>The services the inventory describes, for filling in what result files leave out.</summary>
    public IReadOnlyList<ServiceInfo> Services { get; init; } = [];

    public static PlanningContext FromInventory(Inventory inventory, IEnumerable<RuleInfo>? rules = null) => new()
    {
        Organization = inventory.Organization,
        Schemas = [.. inventory.Schemas.Where(s => s.Name is not null).Select(s => new SchemaRef(s.Name!, s.File, s.ConnectionVariable is not null))],
        Effort = EffortModel.From(inventory.Effort),
        Services = [.. inventory.Services.Select(s => s.ToServiceInfo(inventory.PathsFor(s)))],
        Rules = RulesOf(rules),
    };

    public PlanningContext WithRules(IEnumerable<RuleInfo> rules) => this with { Rules = RulesOf(rules) };

    private static Dictionary<string, RuleInfo> RulesOf(IEnumerable<RuleInfo>? rules)
    {
        var map = new Dictionary<string, RuleInfo>(StringComparer.Ordinal);
        foreach (var rule in rules ?? []) map[rule.Id] = rule;
        return map;
    }

    public string TitleOf(string ruleId) => Rules.TryGetValue(ruleId, out var rule) ? rule.Title : ruleId;
}
