using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Schema.Rules;

/// <summary>COEX2005: INET_ATON, INET_NTOA and the other IPv4-only functions in views, routines, triggers and defaults.</summary>
internal sealed class IPv4FunctionInCodeRule : ICodeRule
{
    public SchemaRule Rule => SchemaRules.IPv4FunctionInCode;

    public IEnumerable<Finding?> Check(RuleContext context, CodeSite site, IReadOnlyList<CodeHit> hits)
    {
        foreach (var hit in hits.Where(h => h.Kind == CodeHitKind.Function))
        {
            var function = hit.Function!;
            var evidence = CodeEvidence.For(site, hit);
            evidence["function"] = function.Name;
            evidence["instead"] = function.Instead;
            evidence["migration"] = MigrationAdvice.WireName(MigrationStrategy.ConvertInPlace);
            evidence["migrationNote"] = $"Rewrite the code in place with {function.Instead}, together with the columns it reads (COEX2001, COEX2002).";
            yield return context.Create(
                Rule,
                $"{site.What} calls {hit.Text}(), which {function.Why}; use {function.Instead}",
                hit.Token.Line,
                site.Object,
                evidence);
        }
    }
}

/// <summary>Evidence every code finding shares: where the code is and the line of it.</summary>
internal static class CodeEvidence
{
    public static JsonObject For(CodeSite site, CodeHit hit)
    {
        var evidence = new JsonObject
        {
            ["kind"] = site.What.Split(' ')[0],
            ["in"] = site.What,
        };
        // Live definitions have no file: the line counts within the object's definition.
        evidence["lineInDefinition"] = site.Line is { } first ? hit.Token.Line - first + 1 : null;
        return evidence;
    }
}
