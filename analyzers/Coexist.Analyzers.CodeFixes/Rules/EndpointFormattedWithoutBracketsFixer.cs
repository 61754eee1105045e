using System.Collections.Immutable;
using System.Composition;
using System.Text;
using Coexist.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Coexist.Analyzers.CodeFixes.Rules;

/// <summary>
/// Fixes COEX1010 by letting .NET write the brackets: <c>$"{ip}:{port}"</c> becomes
/// <c>new IPEndPoint(ip, port).ToString()</c>, <c>$"http://{ip}:{port}/path"</c> becomes
/// <c>new UriBuilder("http", ip.ToString(), port, "/path").ToString()</c>, and host:port inside a longer
/// text becomes one value, <c>$"to {new IPEndPoint(ip, port)} now"</c>. IPv4 text comes out as before.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EndpointFormattedWithoutBracketsFixer)), Shared]
public sealed class EndpointFormattedWithoutBracketsFixer : CodeFixProvider
{
    private const string EquivalenceKey = "BracketIPv6Endpoints";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.EndpointFormattedWithoutBrackets);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(EndpointFormattedWithoutBracketsAnalyzer.FixKey, out var fixName)
                || !Enum.TryParse<HostPortFix>(fixName, out var fix) || fix == HostPortFix.None)
                continue;
            var title = fix switch
            {
                HostPortFix.Url => "Build the URL with UriBuilder",
                HostPortFix.Inline => "Write the endpoint with IPEndPoint",
                _ => "Format with IPEndPoint.ToString()",
            };
            context.RegisterCodeFix(CodeAction.Create(title, ct => ApplyAsync(context.Document, diagnostic, fix, ct), EquivalenceKey), diagnostic);
        }
        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, HostPortFix fix, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;
        var span = diagnostic.Location.SourceSpan;
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var symbols = NetworkSymbols.From(model.Compilation);

        for (var operation = model.GetOperation(node, cancellationToken); operation is not null; operation = operation.Parent)
        {
            if (operation is IInvocationOperation invocation && invocation.Syntax.Span == span
                && HostPortText.FormatsHostPort(invocation, symbols, model, out var whole) && whole)
            {
                var values = HostPortText.FormatValues(invocation);
                var endpoint = EndPointToString(Expression(values[0]), Expression(values[1]));
                return document.WithSyntaxRoot(root.ReplaceNode(invocation.Syntax, endpoint.WithTriviaFrom(invocation.Syntax)));
            }
            if (HostPortText.Pieces(operation) is not { } pieces) continue;
            var match = HostPortText.Find(pieces, symbols, model).FirstOrDefault(m => m.Span == span && m.Fix == fix);
            if (match is null) return document;
            var replacement = fix switch
            {
                HostPortFix.EndPoint => EndPointToString(Expression(match.Address!), Port(match)),
                HostPortFix.Url => Url(match),
                HostPortFix.Inline when operation.Syntax is InterpolatedStringExpressionSyntax interpolated => Inline(interpolated, match),
                HostPortFix.Inline => InlineConcatenation(match),
                _ => null,
            };
            return replacement is null
                ? document
                : document.WithSyntaxRoot(root.ReplaceNode(operation.Syntax, replacement.WithTriviaFrom(operation.Syntax)));
        }
        return document;
    }

    private static ExpressionSyntax Expression(IOperation operation) => (ExpressionSyntax)operation.Syntax.WithoutTrivia();

    private static ExpressionSyntax Port(HostPortMatch match) =>
        match.Port is { } port
            ? Expression(port)
            : LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(int.Parse(match.PortDigits!, System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary><c>new IPEndPoint(address, port)</c>, whose ToString() brackets IPv6 and leaves IPv4 as it was.</summary>
    private static ObjectCreationExpressionSyntax EndPoint(ExpressionSyntax address, ExpressionSyntax port) =>
        ObjectCreationExpression(ParseTypeName("System.Net.IPEndPoint").WithAdditionalAnnotations(Simplifier.Annotation))
            .WithArgumentList(ArgumentList(SeparatedList([Argument(address), Argument(port)])));

    private static ExpressionSyntax EndPointToString(ExpressionSyntax address, ExpressionSyntax port) =>
        ToStringOf(EndPoint(address, port));

    private static InvocationExpressionSyntax ToStringOf(ExpressionSyntax value) =>
        InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, value, IdentifierName("ToString")));

    /// <summary>
    /// <c>new UriBuilder(scheme, host, port, path[, "?query#fragment"]).ToString()</c>. UriBuilder brackets an IPv6
    /// host, keeps the port as given and escapes the path; the query and fragment go in as written.
    /// </summary>
    private static ExpressionSyntax Url(HostPortMatch match)
    {
        var host = match.Form == HostForm.Address
            ? ToStringOf(ParenthesizedExpression(Expression(match.Address!)).WithAdditionalAnnotations(Simplifier.Annotation))
            : Expression(match.Host);
        var tail = new List<(string? Text, SyntaxNode? Hole)>();
        if (match.Rest.Length > 0) tail.Add((match.Rest, null));
        for (var i = match.EndIndex + 1; i < match.Pieces.Length; i++)
            tail.Add(match.Pieces[i].Text is { } text ? (text, null) : (null, match.Pieces[i].Syntax));

        // The query and fragment start at the first '?' or '#' of the written text.
        var path = new List<(string? Text, SyntaxNode? Hole)>();
        var extra = new List<(string? Text, SyntaxNode? Hole)>();
        foreach (var (text, hole) in tail)
        {
            if (extra.Count == 0 && text is not null && text.IndexOfAny(['?', '#']) is var cut and >= 0)
            {
                if (cut > 0) path.Add((text.Substring(0, cut), null));
                extra.Add((text.Substring(cut), null));
            }
            else
            {
                (extra.Count > 0 ? extra : path).Add((text, hole));
            }
        }

        var arguments = new List<ArgumentSyntax>
        {
            Argument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(match.Scheme!))),
            Argument(host),
            Argument(Port(match)),
            Argument(StringOf(path)),
        };
        if (extra.Count > 0) arguments.Add(Argument(StringOf(extra)));
        var builder = ObjectCreationExpression(ParseTypeName("System.UriBuilder").WithAdditionalAnnotations(Simplifier.Annotation))
            .WithArgumentList(ArgumentList(SeparatedList(arguments)));
        return ToStringOf(builder);
    }

    /// <summary>A string literal for plain text, else a regular interpolated string with the same holes.</summary>
    private static ExpressionSyntax StringOf(List<(string? Text, SyntaxNode? Hole)> parts)
    {
        if (parts.All(p => p.Text is not null))
            return LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(string.Concat(parts.Select(p => p.Text))));
        var source = new StringBuilder("$\"");
        foreach (var (text, hole) in parts)
        {
            if (text is not null)
            {
                var escaped = SymbolDisplay.FormatLiteral(text, quote: true);
                source.Append(escaped.Substring(1, escaped.Length - 2).Replace("{", "{{").Replace("}", "}}"));
            }
            else if (hole is InterpolationSyntax interpolation)
            {
                source.Append('{').Append(interpolation.Expression).Append(interpolation.AlignmentClause).Append(interpolation.FormatClause).Append('}');
            }
            else
            {
                // A concatenated operand: parenthesized unless it is plainly one value, so that a ':' in it is not a format.
                var simple = hole is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or LiteralExpressionSyntax;
                source.Append(simple ? "{" + hole + "}" : "{(" + hole + ")}");
            }
        }
        return ParseExpression(source.Append('"').ToString());
    }

    /// <summary><c>$"to {ip}:{port} now"</c> becomes <c>$"to {new IPEndPoint(ip, port)} now"</c>; the string keeps its kind.</summary>
    private static ExpressionSyntax? Inline(InterpolatedStringExpressionSyntax interpolated, HostPortMatch match)
    {
        var contents = interpolated.Contents;
        if (contents[match.HostIndex] is not InterpolationSyntax hostHole) return null;
        var kept = new List<InterpolatedStringContentSyntax>();
        for (var i = 0; i < contents.Count; i++)
        {
            if (i == match.HostIndex)
            {
                kept.Add(hostHole.WithExpression(EndPoint(Expression(match.Address!), Port(match))));
            }
            else if (i == match.EndIndex && match.Port is null && match.Rest.Length > 0)
            {
                // The port's digits leave their text; what followed them stays, spelled as in the source.
                var token = ((InterpolatedStringTextSyntax)contents[i]).TextToken;
                var cut = 1 + match.PortDigits!.Length;
                if (!token.Text.StartsWith(":" + match.PortDigits, StringComparison.Ordinal)) return null;
                kept.Add(InterpolatedStringText(Token(token.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, token.Text.Substring(cut), token.ValueText.Substring(cut), token.TrailingTrivia)));
            }
            else if (i < match.HostIndex || i > match.EndIndex)
            {
                kept.Add(contents[i]);
            }
        }
        return interpolated.WithContents(List(kept));
    }

    /// <summary><c>"to " + ip + ":" + port + " now"</c> becomes <c>"to " + new IPEndPoint(ip, port) + " now"</c>.</summary>
    private static ExpressionSyntax InlineConcatenation(HostPortMatch match)
    {
        var operands = new List<ExpressionSyntax>();
        for (var i = 0; i < match.Pieces.Length; i++)
        {
            if (i == match.HostIndex)
            {
                // First in the chain, the endpoint must be a string itself for '+' to concatenate.
                var endpoint = EndPoint(Expression(match.Address!), Port(match));
                operands.Add(i == 0 ? ToStringOf(endpoint) : endpoint);
                if (match.Rest.Length > 0) operands.Add(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(match.Rest)));
            }
            else if (i < match.HostIndex || i > match.EndIndex)
            {
                operands.Add(((ExpressionSyntax)match.Pieces[i].Syntax).WithoutTrivia());
            }
        }
        return operands.Skip(1).Aggregate(operands[0], (left, right) => BinaryExpression(SyntaxKind.AddExpression, left, right));
    }
}
