using System.Collections.Immutable;
using System.Composition;
using Coexist.Analyzers;
using Coexist.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Coexist.Analyzers.CodeFixes.Rules;

/// <summary>
/// Fixes COEX1004 where the rewrite keeps behaviour: <c>new TcpClient(AddressFamily.InterNetwork)</c> becomes
/// <c>new TcpClient()</c>, whose dual-mode socket still reaches every IPv4 server and now IPv6 ones too.
/// Sockets, UDP clients, DNS lookups and filters get no fix: the code after them (accepted endpoints,
/// 4-byte address arithmetic, the socket the address is used with) decides whether IPv6 is safe there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddressFamilyIPv4OnlyFixer)), Shared]
public sealed class AddressFamilyIPv4OnlyFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.AddressFamilyIPv4Only);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(AddressFamilyIPv4OnlyAnalyzer.FixKey, out var fix)
                || fix != AddressFamilyIPv4OnlyAnalyzer.FixTcpClientDefault)
                continue;
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is not { ArgumentList: { } arguments } creation) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use new TcpClient(), which connects over IPv4 and IPv6",
                    ct => RemoveArgumentsAsync(context.Document, creation, arguments, ct),
                    equivalenceKey: fix),
                diagnostic);
        }
    }

    private static async Task<Document> RemoveArgumentsAsync(Document document, BaseObjectCreationExpressionSyntax creation, ArgumentListSyntax arguments, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(creation, creation.WithArgumentList(ArgumentList().WithTriviaFrom(arguments)));
        return editor.GetChangedDocument();
    }
}
