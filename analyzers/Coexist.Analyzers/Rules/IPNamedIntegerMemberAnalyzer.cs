using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1006: a field, property or parameter of type int, uint, long or ulong (or their nullable forms) whose
/// name says it holds an IP address (<c>uint ClientIp</c>, <c>long ipAddress</c>, <c>int remoteAddr</c>).
/// This rule is about names by design; <see cref="AddressNames"/> holds the words and why.
/// </summary>
/// <remarks>
/// Locals are left out: the conversion that fills them is what COEX1005 reports, and a local does not outlive
/// its method, while a field, property or parameter is a shape others depend on (a database column, a DTO, an API).
/// Overrides and interface implementations are left out too: the base member carries the name and the finding.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IPNamedIntegerMemberAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.IPNamedIntegerMember,
        title: "Integer member named for an IP address",
        messageFormat: "{0} '{1}' is named for an IP address but typed {2}, which an IPv6 address does not fit; hold an IPAddress, or store its text or 16-byte form",
        // Info, not Warning: the rule reads names, so a rare false hit must not break builds that treat warnings as errors.
        DiagnosticSeverity.Info,
        description: "An IP address kept in a 32- or 64-bit integer can only be IPv4. The first IPv6 client overflows it, is stored as 0, or is rejected, and the database column or API behind it has to change. The rule recognizes address names by their words, so ipCount, ipVersion or port are not reported.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeFieldOrProperty, SymbolKind.Field, SymbolKind.Property);
        context.RegisterSymbolAction(AnalyzeParameters, SymbolKind.Method);
    }

    private static void AnalyzeFieldOrProperty(SymbolAnalysisContext context)
    {
        var symbol = context.Symbol;
        var (kind, type) = symbol is IFieldSymbol field ? ("Field", field.Type) : ("Property", ((IPropertySymbol)symbol).Type);
        if (symbol.IsImplicitlyDeclared || IntegerKeyword(type) is not { } keyword || !AddressNames.IsAddressName(symbol.Name)) return;
        if (IsDeclaredByParameter(symbol) || ImplementsInheritedMember(symbol)) return;
        Report(context, symbol, kind, keyword);
    }

    private static void AnalyzeParameters(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        // Accessor parameters repeat their property's or indexer's; a partial method's implementation repeats its declaration.
        if (method.IsImplicitlyDeclared || method.AssociatedSymbol is not null || method.PartialDefinitionPart is not null) return;
        foreach (var parameter in method.Parameters)
        {
            if (IntegerKeyword(parameter.Type) is not { } keyword || !AddressNames.IsAddressName(parameter.Name)) continue;
            if (ImplementsInheritedMember(method)) return;
            Report(context, parameter, "Parameter", keyword);
        }
    }

    private static void Report(SymbolAnalysisContext context, ISymbol symbol, string kind, string keyword)
    {
        if (!symbol.Locations.IsEmpty)
            context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, symbol.Locations[0], kind, symbol.Name, keyword), symbol);
    }

    private static string? IntegerKeyword(ITypeSymbol type)
    {
        var nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
        {
            type = wrapper.TypeArguments[0];
            nullable = true;
        }
        var keyword = type.SpecialType switch
        {
            SpecialType.System_Int32 => "int",
            SpecialType.System_UInt32 => "uint",
            SpecialType.System_Int64 => "long",
            SpecialType.System_UInt64 => "ulong",
            _ => null,
        };
        return keyword is not null && nullable ? keyword + "?" : keyword;
    }

    /// <summary>A positional record's property is declared by its parameter, which is reported instead.</summary>
    private static bool IsDeclaredByParameter(ISymbol symbol) =>
        symbol is IPropertySymbol && symbol.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ParameterSyntax);

    private static bool ImplementsInheritedMember(ISymbol symbol)
    {
        if (symbol.IsOverride) return true;
        var isExplicit = symbol switch
        {
            IMethodSymbol method => !method.ExplicitInterfaceImplementations.IsEmpty,
            IPropertySymbol property => !property.ExplicitInterfaceImplementations.IsEmpty,
            _ => false,
        };
        if (isExplicit) return true;
        var type = symbol.ContainingType;
        if (type is null || symbol.DeclaredAccessibility != Accessibility.Public) return false;
        foreach (var contract in type.AllInterfaces)
        {
            foreach (var member in contract.GetMembers(symbol.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), symbol)) return true;
            }
        }
        return false;
    }
}
