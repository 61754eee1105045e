using Coexist.Analyzers;
using Coexist.Model;
using Coexist.Schema.Objects;

namespace Coexist.Schema.Rules;

/// <summary>
/// COEX2006: IPv4 addresses, dotted-quad patterns and IPv4-sized declarations in views, routines,
/// triggers, defaults and checks: code that sees IPv6 rows and does not know what to do with them.
/// </summary>
internal sealed class IPv4LiteralInCodeRule : ICodeRule
{
    public SchemaRule Rule => SchemaRules.IPv4LiteralInCode;

    public IEnumerable<Finding?> Check(RuleContext context, CodeSite site, IReadOnlyList<CodeHit> hits)
    {
        foreach (var hit in hits.Where(h => h.Kind != CodeHitKind.Function))
        {
            var evidence = CodeEvidence.For(site, hit);
            string message;
            switch (hit.Kind)
            {
                case CodeHitKind.Literal:
                    var kind = hit.LiteralKind ?? IPv4LiteralKind.Ordinary;
                    evidence["literal"] = hit.Text;
                    evidence["literalKind"] = KindName(kind);
                    evidence["migration"] = MigrationAdvice.WireName(kind == IPv4LiteralKind.Ordinary || kind == IPv4LiteralKind.Documentation
                        ? MigrationStrategy.AddIPv6Records : MigrationStrategy.ConvertInPlace);
                    evidence["migrationNote"] = LiteralNote(kind);
                    message = $"{site.What} holds the IPv4 address '{hit.Text}'{(kind is IPv4LiteralKind.Ordinary or IPv4LiteralKind.Documentation ? "" : $" ({KindName(kind)})")}: {LiteralNote(kind)}";
                    break;
                case CodeHitKind.Pattern:
                    evidence["pattern"] = hit.Text;
                    evidence["migration"] = MigrationAdvice.WireName(MigrationStrategy.ConvertInPlace);
                    evidence["migrationNote"] = PatternNote(context.Dialect);
                    message = $"{site.What} matches addresses with the dotted-quad pattern '{hit.Text}', which no IPv6 address matches: {PatternNote(context.Dialect)}";
                    break;
                default:
                    var declaration = hit.Declaration!;
                    var target = MigrationAdvice.Target(context.Dialect);
                    evidence["declaration"] = declaration.Column.Name;
                    evidence["declaredType"] = declaration.Column.Type.ToString();
                    evidence["targetType"] = target.Type;
                    evidence["migration"] = MigrationAdvice.WireName(MigrationStrategy.ConvertInPlace);
                    evidence["migrationNote"] = $"Declare it as {target.Type}, like the column it carries.";
                    message = $"{site.What} declares {declaration.Column.Name} {declaration.Column.Type}, sized for IPv4: {declaration.Reasons[0]}; use {target.Type}";
                    break;
            }
            yield return context.Create(Rule, message, hit.Token.Line, site.Object, evidence);
        }
    }

    private static string KindName(IPv4LiteralKind kind) => kind switch
    {
        IPv4LiteralKind.Documentation => "documentation",
        IPv4LiteralKind.Loopback => "loopback",
        IPv4LiteralKind.Unspecified => "unspecified",
        IPv4LiteralKind.Broadcast => "broadcast",
        _ => "ordinary",
    };

    private static string LiteralNote(IPv4LiteralKind kind) => kind switch
    {
        IPv4LiteralKind.Loopback => "add ::1 wherever 127.0.0.1 is accepted, or test for loopback by type",
        IPv4LiteralKind.Unspecified => "a placeholder of '0.0.0.0' says IPv4; use NULL for unknown, or '::' for any address",
        IPv4LiteralKind.Broadcast => "IPv6 has no broadcast; use NULL or a flag for the special case",
        _ => "keep it for IPv4 peers and add the IPv6 address of the same host beside it",
    };

    private static string PatternNote(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => "test with the inet type instead (a cast to inet accepts both families; family() tells them apart)",
        SqlDialect.MySql => "test with INET6_ATON(x) IS NOT NULL, which accepts both families",
        SqlDialect.TSql => "accept both families: validate in the application, or store varbinary(16)",
        _ => "accept both families: validate in the application, and allow up to 45 characters",
    };
}
