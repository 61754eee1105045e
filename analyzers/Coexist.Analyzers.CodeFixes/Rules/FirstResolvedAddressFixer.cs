using System.Collections.Immutable;
using System.Composition;
using Coexist.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Coexist.Analyzers.CodeFixes.Rules;

/// <summary>
/// Fixes COEX1008 by connecting by name, which tries every address the resolver returns:
/// <c>socket.Connect(Dns.GetHostAddresses(host)[0], port)</c> becomes <c>socket.Connect(host, port)</c>,
/// <c>new IPEndPoint(address, port)</c> passed to a connect becomes <c>new DnsEndPoint(host, port)</c>,
/// a socket created for the chosen address's family becomes dual-stack, and the locals that held the
/// resolver's answer go.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FirstResolvedAddressFixer)), Shared]
public sealed class FirstResolvedAddressFixer : CodeFixProvider
{
    private const string EquivalenceKey = "ConnectByName";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.FirstResolvedAddressWins);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.ContainsKey(FirstResolvedAddressAnalyzer.FixableKey)) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Connect by name, trying every address", ct => ApplyAsync(context.Document, diagnostic, ct), EquivalenceKey),
                diagnostic);
        }
        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;
        var symbols = NetworkSymbols.From(model.Compilation);
        var node = editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (model.GetOperation(node, cancellationToken) is not { } chosen
            || FirstResolvedAddressAnalyzer.ChosenAddress(chosen, symbols) is not { } source
            || FirstResolvedAddressAnalyzer.ConnectByName.Plan(chosen, source, symbols) is not { } plan)
            return document;

        ExpressionSyntax Host() => ((ExpressionSyntax)plan.Host.Syntax).WithoutTrivia();

        foreach (var argument in plan.AddressArguments)
        {
            var syntax = (ArgumentSyntax)argument.Syntax;
            editor.ReplaceNode(syntax.Expression, Host().WithTriviaFrom(syntax.Expression));
        }
        foreach (var creation in plan.EndPointCreations)
        {
            var port = ((BaseObjectCreationExpressionSyntax)creation.Syntax).ArgumentList!.Arguments[1];
            editor.ReplaceNode(creation.Syntax, ObjectCreationExpression(DnsEndPointType())
                .WithArgumentList(ArgumentList(SeparatedList([Argument(Host()), port.WithoutTrivia()])))
                .WithTriviaFrom(creation.Syntax));
        }
        foreach (var local in plan.EndPointLocals)
        {
            if (Declaration(local) is { Type: { IsVar: false } type })
                editor.ReplaceNode(type, DnsEndPointType().WithTriviaFrom(type));
        }
        foreach (var argument in plan.EndPointsToHostAndPort)
        {
            // tcpClient.Connect(new IPEndPoint(address, port)) -> tcpClient.Connect(host, port): TcpClient takes no DnsEndPoint.
            var syntax = (ArgumentSyntax)argument.Syntax;
            var port = ((BaseObjectCreationExpressionSyntax)argument.Value.Syntax).ArgumentList!.Arguments[1];
            var list = (ArgumentListSyntax)syntax.Parent!;
            var index = list.Arguments.IndexOf(syntax);
            editor.ReplaceNode(list, list.WithArguments(list.Arguments.RemoveAt(index).InsertRange(index, [Argument(Host()).WithTriviaFrom(syntax), port.WithoutTrivia()])));
        }
        foreach (var argument in plan.FamilyArguments)
            editor.RemoveNode(argument.Syntax);
        foreach (var local in plan.RemovedLocals)
        {
            if (Declaration(local)?.Parent is LocalDeclarationStatementSyntax statement)
                editor.RemoveNode(statement);
        }
        return editor.GetChangedDocument();
    }

    private static TypeSyntax DnsEndPointType() => ParseTypeName("System.Net.DnsEndPoint").WithAdditionalAnnotations(Simplifier.Annotation);

    private static VariableDeclarationSyntax? Declaration(ILocalSymbol local) =>
        local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration }
            ? declaration
            : null;
}
