using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1010: an endpoint or URL written as <c>{ip}:{port}</c>, which for IPv6 gives
/// <c>2001:db8::1:443</c>, where nobody can tell the port from the address.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EndpointFormattedWithoutBracketsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The <see cref="HostPortFix"/> the code fix applies, by name.</summary>
    public const string FixKey = "fix";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.EndpointFormattedWithoutBrackets,
        title: "Endpoint formatted without IPv6 brackets",
        messageFormat: "'{0}' writes an IPv6 address without brackets, so its port cannot be told from the address; {1}",
        DiagnosticSeverity.Warning,
        description: "An IPv6 address in host:port text or in a URL must be written in brackets: [2001:db8::1]:443, http://[2001:db8::1]:8080/ (RFC 3986 section 3.2.2). Written as address:port it cannot be parsed back, and URLs built that way are invalid. IPEndPoint.ToString() and UriBuilder add the brackets for IPv6 and leave IPv4 as it was.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = NetworkSymbols.From(start.Compilation);
            start.RegisterCandidateOperationAction(c => AnalyzeBuiltString(c, symbols), OperationKind.InterpolatedString, OperationKind.Binary);
            start.RegisterCandidateOperationAction(c => AnalyzeFormat(c, symbols), OperationKind.Invocation);
        });
    }

    private static void AnalyzeBuiltString(OperationAnalysisContext context, NetworkSymbols symbols)
    {
        // Most interpolated strings have no text starting with ':'; reading the syntax is cheaper than their operations.
        if (context.Operation.Syntax is InterpolatedStringExpressionSyntax syntax
            && !syntax.Contents.Any(c => c is InterpolatedStringTextSyntax text && text.TextToken.ValueText.StartsWith(":", StringComparison.Ordinal)))
            return;
        if (HostPortText.Pieces(context.Operation) is not { } pieces) return;
        var model = context.Operation.SemanticModel!;
        foreach (var match in HostPortText.Find(pieces, symbols, model))
        {
            var location = Location.Create(context.Operation.Syntax.SyntaxTree, match.Span);
            var shown = context.Operation.Syntax.SyntaxTree.GetText(context.CancellationToken).ToString(match.Span);
            var advice = match.Fix == HostPortFix.Url || (match.Address is null && match.HostIndex == 1 && SchemeLike(pieces[0].Text))
                ? "build the URL with UriBuilder, which brackets IPv6 hosts"
                : match.Address is null
                    ? "parse it with IPAddress.TryParse and format with new IPEndPoint(address, port), or add [ ] when the host contains ':'"
                    : "format with new IPEndPoint(address, port), which writes [2001:db8::1]:443";
            Report(context, location, shown, advice, match.Fix);
        }
    }

    private static bool SchemeLike(string? text) => text?.EndsWith("://", StringComparison.Ordinal) == true;

    private static void AnalyzeFormat(OperationAnalysisContext context, NetworkSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!HostPortText.FormatsHostPort(invocation, symbols, invocation.SemanticModel!, out var wholeEndPoint)) return;
        var fix = wholeEndPoint ? HostPortFix.EndPoint : HostPortFix.None;
        Report(context, invocation.Syntax.GetLocation(), invocation.Syntax.ToString(), "format with new IPEndPoint(address, port), which writes [2001:db8::1]:443", fix);
    }

    private static void Report(OperationAnalysisContext context, Location location, string shown, string advice, HostPortFix fix)
    {
        var properties = fix == HostPortFix.None
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix.ToString());
        context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, location, properties, shown, advice));
    }
}
