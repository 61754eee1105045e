using System.Text.Json;
using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Reports.Sarif;

/// <summary>
/// Writes findings as SARIF 2.1.0, the format GitHub code scanning and most IDEs import.
/// File locations are relative to <c>%SRCROOT%</c>; database objects become logical locations.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string InformationUri = "https://github.com/coexist-ipv6/coexist";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="findings">What to report.</param>
    /// <param name="rules">Known rules; findings of other rules still get a minimal rule entry.</param>
    /// <param name="sourceRoot">The folder file locations are relative to, when known.</param>
    public static JsonObject Build(IReadOnlyList<Finding> findings, IReadOnlyList<RuleInfo> rules, string? sourceRoot)
    {
        var known = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var ruleIds = findings.Select(f => f.RuleId).Concat(rules.Select(r => r.Id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = ruleIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);

        var run = new JsonObject
        {
            ["tool"] = new JsonObject
            {
                ["driver"] = new JsonObject
                {
                    ["name"] = ToolInfo.Current.Name,
                    ["version"] = ToolInfo.Current.Version,
                    ["semanticVersion"] = ToolInfo.Current.Version,
                    ["informationUri"] = InformationUri,
                    ["rules"] = new JsonArray(ruleIds.Select(id => (JsonNode)Rule(id, known.GetValueOrDefault(id))).ToArray()),
                },
            },
            ["results"] = new JsonArray(findings.Select(f => (JsonNode)Result(f, index[f.RuleId])).ToArray()),
        };
        if (sourceRoot is not null)
        {
            var uri = new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceRoot)) + Path.DirectorySeparatorChar).AbsoluteUri;
            run["originalUriBaseIds"] = new JsonObject { ["%SRCROOT%"] = new JsonObject { ["uri"] = uri } };
        }
        return new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(run),
        };
    }

    public static string Serialize(IReadOnlyList<Finding> findings, IReadOnlyList<RuleInfo> rules, string? sourceRoot) =>
        Build(findings, rules, sourceRoot).ToJsonString(Indented);

    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static JsonObject Rule(string id, RuleInfo? info)
    {
        var rule = new JsonObject { ["id"] = id };
        if (info is null)
        {
            rule["helpUri"] = RuleInfo.DocsBase + id + ".md";
            return rule;
        }
        rule["shortDescription"] = new JsonObject { ["text"] = info.Title };
        if (info.Description is { Length: > 0 } description)
            rule["fullDescription"] = new JsonObject { ["text"] = description };
        rule["helpUri"] = info.HelpUri;
        rule["help"] = new JsonObject { ["text"] = $"{info.Title}. See {info.HelpUri}" };
        rule["defaultConfiguration"] = new JsonObject { ["level"] = Level(info.DefaultSeverity) };
        return rule;
    }

    private static JsonObject Result(Finding finding, int ruleIndex)
    {
        var result = new JsonObject
        {
            ["ruleId"] = finding.RuleId,
            ["ruleIndex"] = ruleIndex,
            ["level"] = Level(finding.Severity),
            ["message"] = new JsonObject { ["text"] = finding.Message },
        };
        if (finding.Location is { } location)
        {
            var entry = new JsonObject();
            if (location.File is { } file)
            {
                var physical = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = file.Replace('\\', '/'), ["uriBaseId"] = "%SRCROOT%" },
                };
                if (location.Line is { } line)
                {
                    var region = new JsonObject { ["startLine"] = line };
                    if (location.Column is { } column) region["startColumn"] = column;
                    if (location.EndLine is { } endLine) region["endLine"] = endLine;
                    if (location.EndColumn is { } endColumn) region["endColumn"] = endColumn;
                    physical["region"] = region;
                }
                entry["physicalLocation"] = physical;
            }
            if (location.Object is { } dbObject)
                entry["logicalLocations"] = new JsonArray(new JsonObject { ["fullyQualifiedName"] = dbObject, ["kind"] = "member" });
            result["locations"] = new JsonArray(entry);
        }
        if (finding.Service is { } service)
            result["properties"] = new JsonObject { ["service"] = service };
        return result;
    }
}
