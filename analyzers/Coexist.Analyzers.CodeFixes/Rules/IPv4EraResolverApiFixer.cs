using System.Collections.Immutable;
using System.Composition;
using Coexist.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Coexist.Analyzers.CodeFixes.Rules;

/// <summary>
/// Fixes COEX1009: <c>Dns.GetHostByName(h)</c> and <c>Dns.Resolve(h)</c> become <c>Dns.GetHostEntry(h)</c>
/// (<c>Dns.GetHostAddresses(h)</c> where only <c>.AddressList</c> is read), Begin/End pairs become
/// <c>BeginGetHostEntry</c>/<c>EndGetHostEntry</c>.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(IPv4EraResolverApiFixer)), Shared]
public sealed class IPv4EraResolverApiFixer : CodeFixProvider
{
    private const string EquivalenceKey = "UseCurrentResolverApi";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.IPv4EraResolverApi);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(IPv4EraResolverApiAnalyzer.ReplacementKey, out var replacement) || replacement is null) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation)
                continue;
            var wholeAddressList = diagnostic.Properties.ContainsKey(IPv4EraResolverApiAnalyzer.AddressListKey);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use Dns.{replacement}",
                    ct => ApplyAsync(context.Document, invocation, replacement, wholeAddressList, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax invocation, string replacement, bool wholeAddressList, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var renamed = invocation.WithExpression(invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.WithName(IdentifierName(replacement).WithTriviaFrom(access.Name)),
            IdentifierNameSyntax name => IdentifierName(replacement).WithTriviaFrom(name),
            var other => other,
        });
        // Dns.GetHostByName(h).AddressList -> Dns.GetHostAddresses(h): the member access goes with the rename.
        SyntaxNode outer = invocation;
        while (outer.Parent is ParenthesizedExpressionSyntax) outer = outer.Parent;
        if (wholeAddressList && outer.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddressList" } addressList)
            editor.ReplaceNode(addressList, renamed.WithTriviaFrom(addressList));
        else
            editor.ReplaceNode(invocation, renamed);
        return editor.GetChangedDocument();
    }
}
