using System.Collections.Immutable;
using System.Composition;
using Coexist.Analyzers;
using Coexist.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Coexist.Analyzers.CodeFixes.Rules;

/// <summary>
/// Fixes COEX1007: <c>x.MapToIPv4()</c> becomes <c>x.IsIPv4MappedToIPv6 ? x.MapToIPv4() : x</c>. IPv4 and
/// IPv4-mapped addresses give the same result as before (MapToIPv4 returns an IPv4 address unchanged);
/// a real IPv6 address now stays itself instead of turning into its last 32 bits. Offered only where the
/// analyzer found the receiver safe to read three times (a variable or a member chain).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MapToIPv4WithoutGuardFixer)), Shared]
public sealed class MapToIPv4WithoutGuardFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.MapToIPv4WithoutGuard);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(MapToIPv4WithoutGuardAnalyzer.FixKey)) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>()
                is not { Expression: MemberAccessExpressionSyntax { Expression: var receiver } } call)
                continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Map only IPv4-mapped addresses",
                    ct => GuardAsync(context.Document, call, receiver, ct),
                    equivalenceKey: MapToIPv4WithoutGuardAnalyzer.FixGuardWithConditional),
                diagnostic);
        }
    }

    private static async Task<Document> GuardAsync(Document document, InvocationExpressionSyntax call, ExpressionSyntax receiver, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var address = receiver.WithoutTrivia();
        var guarded = ConditionalExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, address, IdentifierName("IsIPv4MappedToIPv6")),
            call.WithoutTrivia(),
            address);
        // The simplifier drops the parentheses where the conditional stands alone (an argument, a return value).
        editor.ReplaceNode(call, ParenthesizedExpression(guarded).WithTriviaFrom(call).WithAdditionalAnnotations(Simplifier.Annotation));
        return editor.GetChangedDocument();
    }
}
