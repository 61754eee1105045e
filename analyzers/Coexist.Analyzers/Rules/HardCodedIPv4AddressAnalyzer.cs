using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Analyzers.Rules;

/// <summary>COEX1001: an IPv4 address written into code, where an IPv6 client or server will need another.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedIPv4AddressAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedIPv4Address,
        title: "IPv4 address hard-coded",
        messageFormat: "IPv4 address '{0}' is hard-coded; IPv6-only clients and servers cannot use it: move it to configuration or use a host name",
        DiagnosticSeverity.Warning,
        description: "An IPv4 literal ties the code to IPv4. Once services also run on IPv6, the address has to come from configuration or DNS, where an IPv6 address can stand beside it.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => IPv4Literals.Register(
            start,
            accepts: (kind, options, tree) => kind == IPv4LiteralKind.Ordinary
                || (kind == IPv4LiteralKind.Documentation && options.GetBool(tree, AnalyzerOptionsExtensions.IncludeDocumentationRanges, defaultValue: true)),
            report: (nodeContext, match, location) => nodeContext.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, location, match.Text))));
    }
}
