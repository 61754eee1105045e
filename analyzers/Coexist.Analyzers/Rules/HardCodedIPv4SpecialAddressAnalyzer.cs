using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1002: 127.0.0.1, 0.0.0.0 or 255.255.255.255 in code. Other tools exempt these, yet they are
/// exactly what breaks on IPv6: loopback is ::1, the wildcard is ::, and IPv6 has no broadcast.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedIPv4SpecialAddressAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedIPv4SpecialAddress,
        title: "IPv4 loopback, wildcard or broadcast address hard-coded",
        messageFormat: "'{0}' is the IPv4 {1}; {2}",
        DiagnosticSeverity.Warning,
        description: "127.0.0.1, 0.0.0.0 and 255.255.255.255 only exist in IPv4. On an IPv6-only host the loopback is ::1 and the wildcard is ::, and IPv6 replaces broadcast with multicast.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => IPv4Literals.Register(
            start,
            accepts: static (kind, _, _) => kind is IPv4LiteralKind.Loopback or IPv4LiteralKind.Unspecified or IPv4LiteralKind.Broadcast,
            report: static (nodeContext, match, location) =>
            {
                var (what, advice) = match.Kind switch
                {
                    IPv4LiteralKind.Loopback => ("loopback", "use \"localhost\" or IPAddress.IPv6Loopback with a dual-mode socket"),
                    IPv4LiteralKind.Unspecified => ("wildcard", "listen on IPAddress.IPv6Any with DualMode = true, or on \"*\" in URLs"),
                    _ => ("limited broadcast", "IPv6 has no broadcast: use a multicast group such as ff02::1"),
                };
                nodeContext.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, location, match.Text, what, advice));
            }));
    }
}
