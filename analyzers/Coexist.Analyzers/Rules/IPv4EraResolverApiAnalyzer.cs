using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1009: the resolver methods of the IPv4 era (<c>Dns.GetHostByName</c>, <c>Resolve</c>,
/// <c>GetHostByAddress</c> and their Begin/End pairs). On .NET Framework they call gethostbyname(),
/// which returns IPv4 addresses only; they are obsolete everywhere.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IPv4EraResolverApiAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The method the fix calls instead; read by the code fix.</summary>
    public const string ReplacementKey = "replacement";

    /// <summary>Set when the fix replaces <c>X(h).AddressList</c> as a whole with <c>Dns.GetHostAddresses(h)</c>.</summary>
    public const string AddressListKey = "addressList";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.IPv4EraResolverApi,
        title: "IPv4-era resolver API",
        messageFormat: "Dns.{0} is obsolete and on .NET Framework resolves IPv4 addresses only; use Dns.{1}",
        DiagnosticSeverity.Warning,
        description: "Dns.GetHostByName, Dns.Resolve and Dns.GetHostByAddress, with their Begin/End forms, date from before IPv6: on .NET Framework they call gethostbyname()/gethostbyaddr() and never return an AAAA record. Dns.GetHostEntry and Dns.GetHostAddresses return every address of both families.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    // Old name -> replacement. GetHostEntry(string) does a reverse lookup for an address literal, where
    // GetHostByName returned the literal as it is, so where only the addresses are read the fix uses
    // GetHostAddresses, which keeps that behaviour.
    private static readonly ImmutableDictionary<string, string> Replacements = new Dictionary<string, string>
    {
        ["GetHostByName"] = "GetHostEntry",
        ["Resolve"] = "GetHostEntry",
        ["GetHostByAddress"] = "GetHostEntry",
        ["BeginGetHostByName"] = "BeginGetHostEntry",
        ["BeginResolve"] = "BeginGetHostEntry",
        ["EndGetHostByName"] = "EndGetHostEntry",
        ["EndResolve"] = "EndGetHostEntry",
    }.ToImmutableDictionary();

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = NetworkSymbols.From(start.Compilation);
            if (symbols.Dns is null) return;
            start.RegisterCandidateOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, NetworkSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.ContainingType.Is(symbols.Dns) || !Replacements.TryGetValue(method.Name, out var replacement)) return;

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (method.Name is "GetHostByName" or "Resolve"
            && invocation.ConsumerIgnoringConversions() is IPropertyReferenceOperation { Property.Name: "AddressList" } addressList
            && addressList.Property.ContainingType.Is(symbols.IPHostEntry))
        {
            replacement = "GetHostAddresses";
            properties = properties.Add(AddressListKey, "true");
        }
        properties = properties.Add(ReplacementKey, replacement);
        context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, method.Name, replacement));
    }
}
