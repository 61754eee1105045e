using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using Coexist.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Coexist.Analyzers.CodeFixes.Rules;

/// <summary>Fixes COEX1013: the IPv4-sized length (15) becomes 45, in a number or inside a column type such as <c>varchar(15)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IPv4SizedStorageFixer)), Shared]
public sealed class IPv4SizedStorageFixer : CodeFixProvider
{
    private const string EquivalenceKey = "SizeForIPv6Text";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.IPv4SizedStorage);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(IPv4SizedStorageAnalyzer.FixableKey)) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal) continue;
            var replacement = Resized(literal);
            if (replacement is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Size for IPv6 text ({IPv4SizedStorageAnalyzer.LongestIPv6Text} characters)",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, replacement))),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static LiteralExpressionSyntax? Resized(LiteralExpressionSyntax literal)
    {
        var ipv6 = IPv4SizedStorageAnalyzer.LongestIPv6Text;
        if (literal.IsKind(SyntaxKind.NumericLiteralExpression))
            return LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(ipv6)).WithTriviaFrom(literal);
        if (!literal.IsKind(SyntaxKind.StringLiteralExpression)) return null;

        // "varchar(15)" -> "varchar(45)": only the digits between the parentheses change.
        var text = literal.Token.ValueText;
        var open = text.IndexOf('(');
        var close = text.IndexOf(')', open + 1);
        if (open < 0 || close < 0) return null;
        var resized = text.Substring(0, open + 1) + ipv6.ToString(CultureInfo.InvariantCulture) + text.Substring(close);
        return LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(resized)).WithTriviaFrom(literal);
    }
}
