using Coexist.Model;
using Coexist.Schema.Objects;

namespace Coexist.Schema.Rules;

/// <summary>A rule over the tables and columns, run once the whole schema is known.</summary>
internal interface IColumnRule
{
    SchemaRule Rule { get; }
    IEnumerable<Finding?> Check(RuleContext context, IReadOnlyList<AddressColumn> addressColumns);
}

/// <summary>A rule over one piece of code, run as soon as the code is read.</summary>
internal interface ICodeRule
{
    SchemaRule Rule { get; }
    IEnumerable<Finding?> Check(RuleContext context, CodeSite site, IReadOnlyList<CodeHit> hits);
}

/// <summary>Runs every rule: code as it arrives, columns at the end.</summary>
internal static class RuleSet
{
    public static IReadOnlyList<IColumnRule> ColumnRules { get; } =
        [new IPv4StoredAsTextRule(), new IPv4StoredAsNumberRule(), new IPv6CapableColumnRule(), new KeyOnIPv4ColumnRule(), new IPv4InStoredDataRule()];

    public static IReadOnlyList<ICodeRule> CodeRules { get; } = [new IPv4FunctionInCodeRule(), new IPv4LiteralInCodeRule()];

    /// <param name="patternsReported">True when the site's dotted-quad patterns are already part of a column finding.</param>
    public static IEnumerable<Finding> CheckCode(RuleContext context, CodeSite site, bool patternsReported = false)
    {
        var hits = CodeScanner.Scan(site.Tokens, context.Dialect, site.IsDefinition);
        if (patternsReported) hits.RemoveAll(h => h.Kind == CodeHitKind.Pattern);
        if (hits.Count == 0) return [];
        return CodeRules.SelectMany(rule => rule.Check(context, site, hits)).OfType<Finding>().ToList();
    }

    /// <summary>The column rules, then the code that lives in tables: defaults, generated columns and CHECKs.</summary>
    public static IEnumerable<Finding> CheckModel(RuleContext context)
    {
        context.Model.ResolveDomains();
        var addressColumns = AddressColumns.In(context.Model).ToList();
        var findings = ColumnRules.SelectMany(rule => rule.Check(context, addressColumns)).OfType<Finding>().ToList();
        var ipv4Checks = addressColumns.SelectMany(c => c.IPv4Checks).ToHashSet();
        foreach (var table in context.Model.Tables)
        {
            foreach (var column in table.Columns)
            {
                var name = table.Describe(column.Name);
                if (column.Default is { } value)
                    findings.AddRange(CheckCode(context, new CodeSite($"default of {name}", name, value.Tokens, value.Line ?? column.Line, false)));
                if (column.Generated is { } generated)
                    findings.AddRange(CheckCode(context, new CodeSite($"generated column {name}", name, generated.Tokens, generated.Line ?? column.Line, false)));
            }
            foreach (var check in table.Checks)
            {
                var site = new CodeSite($"check {check.Name ?? "constraint"} on {table.Name}", table.Name.ToString(), check.Expression.Tokens, check.Expression.Line, false);
                // A dotted-quad CHECK on an address column is part of that column's COEX2001 finding.
                findings.AddRange(CheckCode(context, site, patternsReported: ipv4Checks.Contains(check)));
            }
        }
        return findings;
    }
}
