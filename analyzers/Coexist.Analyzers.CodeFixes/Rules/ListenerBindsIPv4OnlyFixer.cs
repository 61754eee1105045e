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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Coexist.Analyzers.CodeFixes.Rules;

/// <summary>
/// Fixes COEX1003 with the dual-stack equivalent the analyzer chose: <c>TcpListener.Create(port)</c>,
/// <c>IPAddress.IPv6Any</c> with <c>DualMode = true</c>, Kestrel's <c>ListenAnyIP</c>/<c>ListenLocalhost</c>,
/// or <c>*</c>/<c>localhost</c> in a listening URL.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ListenerBindsIPv4OnlyFixer)), Shared]
public sealed class ListenerBindsIPv4OnlyFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ListenerBindsIPv4Only);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ListenerBindsIPv4OnlyAnalyzer.FixKey, out var fix) || fix is null) continue;
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var title = fix switch
            {
                ListenerBindsIPv4OnlyAnalyzer.FixTcpListenerCreate => "Use TcpListener.Create(port), which listens dual-stack",
                ListenerBindsIPv4OnlyAnalyzer.FixIPv6AnyDualMode => "Bind to IPAddress.IPv6Any with DualMode = true",
                ListenerBindsIPv4OnlyAnalyzer.FixKestrelListenAnyIP => "Use ListenAnyIP(port)",
                ListenerBindsIPv4OnlyAnalyzer.FixKestrelListenLocalhost => "Use ListenLocalhost(port)",
                ListenerBindsIPv4OnlyAnalyzer.FixUrlWildcard => "Listen on * instead of 0.0.0.0",
                ListenerBindsIPv4OnlyAnalyzer.FixUrlLocalhost => "Listen on localhost instead of the IPv4 loopback",
                _ => null,
            };
            if (title is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ApplyAsync(context.Document, node, fix, ct), equivalenceKey: fix),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, SyntaxNode node, string fix, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        switch (fix)
        {
            case ListenerBindsIPv4OnlyAnalyzer.FixTcpListenerCreate:
                UseTcpListenerCreate(editor, node);
                break;
            case ListenerBindsIPv4OnlyAnalyzer.FixIPv6AnyDualMode:
                UseIPv6AnyDualMode(editor, node);
                break;
            case ListenerBindsIPv4OnlyAnalyzer.FixKestrelListenAnyIP:
                UseKestrelMethod(editor, node, "ListenAnyIP");
                break;
            case ListenerBindsIPv4OnlyAnalyzer.FixKestrelListenLocalhost:
                UseKestrelMethod(editor, node, "ListenLocalhost");
                break;
            case ListenerBindsIPv4OnlyAnalyzer.FixUrlWildcard:
            case ListenerBindsIPv4OnlyAnalyzer.FixUrlLocalhost:
                RewriteUrl(editor, node, fix == ListenerBindsIPv4OnlyAnalyzer.FixUrlWildcard);
                break;
        }
        return editor.GetChangedDocument();
    }

    /// <summary><c>new TcpListener(port)</c> and <c>new TcpListener(IPAddress.Any, port)</c> become <c>TcpListener.Create(port)</c>.</summary>
    private static void UseTcpListenerCreate(DocumentEditor editor, SyntaxNode node)
    {
        if (node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is not { ArgumentList: { } arguments } creation || arguments.Arguments.Count == 0)
            return;
        var type = creation is ObjectCreationExpressionSyntax explicitType
            ? explicitType.Type.WithoutTrivia()
            : ParseTypeName("System.Net.Sockets.TcpListener").WithAdditionalAnnotations(Simplifier.Annotation);
        var port = arguments.Arguments.Last().WithNameColon(null);
        var create = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, IdentifierName("Create")),
                ArgumentList(SingletonSeparatedList(port)))
            .WithTriviaFrom(creation);
        editor.ReplaceNode(creation, create);
    }

    /// <summary><c>s.Bind(new IPEndPoint(IPAddress.Any, p))</c> becomes <c>s.DualMode = true; s.Bind(new IPEndPoint(IPAddress.IPv6Any, p))</c>.</summary>
    private static void UseIPv6AnyDualMode(DocumentEditor editor, SyntaxNode node)
    {
        if (node.FirstAncestorOrSelf<MemberAccessExpressionSyntax>() is not { } any) return;
        var bind = any.Ancestors().OfType<InvocationExpressionSyntax>()
            .FirstOrDefault(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Bind" });
        if (bind is not { Expression: MemberAccessExpressionSyntax bindAccess, Parent: ExpressionStatementSyntax statement }) return;

        editor.ReplaceNode(any, any.WithName(IdentifierName("IPv6Any")));
        var dualMode = ExpressionStatement(
                AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, bindAccess.Expression.WithoutTrivia(), IdentifierName("DualMode")),
                    LiteralExpression(SyntaxKind.TrueLiteralExpression)))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
        editor.InsertBefore(statement, dualMode);
    }

    /// <summary><c>options.Listen(IPAddress.Any, port, ...)</c> becomes <c>options.ListenAnyIP(port, ...)</c>.</summary>
    private static void UseKestrelMethod(DocumentEditor editor, SyntaxNode node, string method)
    {
        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax access } invocation
            || invocation.ArgumentList.Arguments.Count < 2)
            return;
        var remaining = invocation.ArgumentList.Arguments.RemoveAt(0);
        remaining = remaining.Replace(remaining[0], remaining[0].WithoutLeadingTrivia());
        editor.ReplaceNode(invocation, invocation
            .WithExpression(access.WithName(IdentifierName(method).WithTriviaFrom(access.Name)))
            .WithArgumentList(invocation.ArgumentList.WithArguments(remaining)));
    }

    /// <summary><c>"http://0.0.0.0:5000"</c> becomes <c>"http://*:5000"</c>; <c>"http://127.0.0.1:5000"</c> becomes <c>"http://localhost:5000"</c>.</summary>
    private static void RewriteUrl(DocumentEditor editor, SyntaxNode node, bool wildcard)
    {
        if (node.FirstAncestorOrSelf<LiteralExpressionSyntax>() is not { } literal) return;
        var text = literal.Token.ValueText;
        var matches = IPv4TextScanner.Find(text);
        if (matches is null) return;
        var replaced = new System.Text.StringBuilder();
        var position = 0;
        foreach (var match in matches)
        {
            var fixable = wildcard ? match.Kind == IPv4LiteralKind.Unspecified : match.Kind == IPv4LiteralKind.Loopback;
            if (!fixable) continue;
            replaced.Append(text, position, match.Start - position).Append(wildcard ? "*" : "localhost");
            position = match.Start + match.Length;
        }
        replaced.Append(text, position, text.Length - position);
        editor.ReplaceNode(literal, LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(replaced.ToString())).WithTriviaFrom(literal));
    }
}
