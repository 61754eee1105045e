using System.Collections.Immutable;
using System.Composition;
using Coexist.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Coexist.Analyzers.CodeFixes.Rules;

/// <summary>
/// Fixes COEX1011 where the split only feeds <c>new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1]))</c>:
/// that becomes <c>IPEndPoint.Parse(text)</c>, which reads <c>[2001:db8::1]:443</c> as well as <c>192.0.2.1:443</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EndpointSplitOnColonFixer)), Shared]
public sealed class EndpointSplitOnColonFixer : CodeFixProvider
{
    private const string EquivalenceKey = "UseIPEndPointParse";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.EndpointSplitOnColon);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(EndpointSplitOnColonAnalyzer.FixableKey)) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } split) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Use IPEndPoint.Parse", ct => ApplyAsync(context.Document, split, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax splitSyntax, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (editor.SemanticModel.GetOperation(splitSyntax, cancellationToken) is not IInvocationOperation split
            || EndpointSplitOnColonAnalyzer.ParseRewrite.Find(split, NetworkSymbols.From(editor.SemanticModel.Compilation)) is not { } rewrite
            || rewrite.Endpoint.Syntax is not BaseObjectCreationExpressionSyntax creation)
            return document;

        var type = creation is ObjectCreationExpressionSyntax explicitType
            ? explicitType.Type.WithoutTrivia()
            : ParseTypeName("System.Net.IPEndPoint").WithAdditionalAnnotations(Simplifier.Annotation);
        var parse = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, IdentifierName("Parse")),
                ArgumentList(SingletonSeparatedList(Argument(((ExpressionSyntax)rewrite.Text.Syntax).WithoutTrivia()))))
            .WithTriviaFrom(creation);
        editor.ReplaceNode(creation, parse);
        if (splitSyntax.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } declaration)
            editor.RemoveNode(declaration);
        return editor.GetChangedDocument();
    }
}
