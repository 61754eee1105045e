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

    public static IEnumerable<Finding> CheckCode(RuleContext context, CodeSite site)
    {
        var hits = CodeScanner.Scan(site.Tokens, context.Dialect, site.IsDefinition);
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
                if (column.Default is { } defaultValue)
                    findings.AddRange(CheckCode(context, new CodeSite($"default of {table.Describe(column.Name)}", table.Describe(column.Name), defaultValue.Tokens, defaultValue.Line ?? column.Line, false)));
                if (column.Generated is { } generated)
                    findings.AddRange(CheckCode(context, new CodeSite($"generated column {table.Describe(column.Name)}", table.Describe(column.Name), generated.Tokens, generated.Line ?? column.Line, false)));
            }
            foreach (var check in table.Checks)
            {
                // A dotted-quad CHECK on an address column is part of that column's COEX2001 finding.
                var site = new CodeSite($"check {check.Name ?? "constraint"} on {table.Name}", table.Name.ToString(), check.Expression.Tokens, check.Expression.Line, false);
                var hits = CodeScanner.Scan(site.Tokens, context.Dialect, false)
                    .Where(h => !(h.Kind == CodeHitKind.Pattern && ipv4Checks.Contains(check)))
                    .ToList();
                if (hits.Count > 0) findings.AddRange(CodeRules.SelectMany(rule => rule.Check(context, site, hits)).OfType<Finding>());
            }
        }
        return findings;
    }
}
