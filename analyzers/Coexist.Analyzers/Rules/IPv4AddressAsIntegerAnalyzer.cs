using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1005: an IP address handled as a 32-bit number: <c>IPAddress.Address</c>, <c>new IPAddress(long)</c>,
/// and <c>BitConverter.ToInt32/ToUInt32</c>, <c>BinaryPrimitives.Read(U)Int32*</c> or <c>MemoryMarshal.Read&lt;int/uint&gt;</c>
/// over <c>GetAddressBytes()</c>, directly or through a local assigned from it in the same member.
/// </summary>
/// <remarks>
/// A member that tests the address family (names <c>AddressFamily.InterNetwork</c> or <c>InterNetworkV6</c>) is
/// left alone: the integer form is fine inside an IPv4 branch, and COEX1004 judges the family test itself.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IPv4AddressAsIntegerAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.IPv4AddressAsInteger,
        title: "IPv4 address as an integer",
        messageFormat: "{0} treats the address as a 32-bit IPv4 number, which an IPv6 address does not fit; keep IPAddress values: compare with Equals, match ranges with IPNetwork.Contains, store the text or 16-byte form",
        DiagnosticSeverity.Warning,
        description: "IPAddress.Address throws for IPv6 addresses, new IPAddress(long) can only make IPv4 addresses, and reading GetAddressBytes() as an Int32 keeps 4 of an IPv6 address's 16 bytes. Code that stores, compares or masks addresses as integers fails or silently mixes up clients once IPv6 clients arrive.");

    private static readonly string[] BinaryPrimitivesReaders =
        ["ReadInt32BigEndian", "ReadInt32LittleEndian", "ReadUInt32BigEndian", "ReadUInt32LittleEndian"];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = NetworkSymbols.From(start.Compilation);
            if (symbols.IPAddress is null) return;
            var addressProperty = NetworkSymbols.MemberOf<IPropertySymbol>(symbols.IPAddress, "Address");
            var getAddressBytes = NetworkSymbols.MemberOf<IMethodSymbol>(symbols.IPAddress, "GetAddressBytes");
            var memoryMarshalRead = NetworkSymbols.MemberOf<IMethodSymbol>(symbols.MemoryMarshal, "Read");
            var asSpan = symbols.MemoryExtensions?.GetMembers("AsSpan") ?? ImmutableArray<ISymbol>.Empty;
            var familyFields = OperationFacts.SymbolSet(symbols.AddressFamilyMember("InterNetwork"), symbols.AddressFamilyMember("InterNetworkV6"));

            var readers = new List<ISymbol>();
            foreach (var name in new[] { "ToInt32", "ToUInt32" })
                readers.AddRange(symbols.BitConverter?.GetMembers(name) ?? ImmutableArray<ISymbol>.Empty);
            foreach (var name in BinaryPrimitivesReaders)
                readers.AddRange(symbols.BinaryPrimitives?.GetMembers(name) ?? ImmutableArray<ISymbol>.Empty);
            var integerReaders = OperationFacts.SymbolSet(readers.ToArray());
            var spanMakers = OperationFacts.SymbolSet(asSpan.ToArray());

            void Report(OperationAnalysisContext c, IOperation operation, string what)
            {
                if (!operation.MemberReferencesAny(familyFields))
                    c.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), what));
            }

            start.RegisterCandidateOperationAction(c =>
            {
                var reference = (IPropertyReferenceOperation)c.Operation;
                // nameof(IPAddress.Address) names the property without reading it.
                if (reference.Property.Is(addressProperty) && reference.Parent is not INameOfOperation) Report(c, reference, "IPAddress.Address");
            }, OperationKind.PropertyReference);

            start.RegisterCandidateOperationAction(c =>
            {
                var creation = (IObjectCreationOperation)c.Operation;
                if (creation.Type.Is(symbols.IPAddress) && creation.Constructor is { Parameters.Length: 1 } constructor && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Int64)
                    Report(c, creation, "new IPAddress(long)");
            }, OperationKind.ObjectCreation);

            start.RegisterCandidateOperationAction(c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                var method = invocation.TargetMethod;
                var readsInteger = integerReaders.Contains(method.OriginalDefinition)
                    || (method.OriginalDefinition.Is(memoryMarshalRead) && method.TypeArguments.Length == 1 && method.TypeArguments[0].SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt32);
                if (!readsInteger) return;
                var bytes = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
                if (bytes is not null && ComesFromGetAddressBytes(bytes, getAddressBytes, spanMakers))
                    Report(c, invocation, method.ContainingType.Name + "." + method.Name + " over GetAddressBytes()");
            }, OperationKind.Invocation);
        });
    }

    /// <summary><c>ip.GetAddressBytes()</c>, as is, as a span, or through a local the same member assigns it to.</summary>
    private static bool ComesFromGetAddressBytes(IOperation value, IMethodSymbol? getAddressBytes, ImmutableHashSet<ISymbol> spanMakers)
    {
        value = value.WithoutConversions();
        if (value is IInvocationOperation { Arguments.Length: > 0 } span && spanMakers.Contains(span.TargetMethod.OriginalDefinition))
            value = span.Arguments[0].Value.WithoutConversions();

        if (IsGetAddressBytes(value, getAddressBytes)) return true;
        if (value is not ILocalReferenceOperation { Local: var local }) return false;
        return value.MemberContains(o => o switch
        {
            IVariableDeclaratorOperation declarator => SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                                                       && declarator.GetVariableInitializer() is { } initializer
                                                       && IsGetAddressBytes(initializer.Value.WithoutConversions(), getAddressBytes),
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => SymbolEqualityComparer.Default.Equals(target.Local, local)
                                                                                                   && IsGetAddressBytes(assignment.Value.WithoutConversions(), getAddressBytes),
            _ => false,
        });
    }

    private static bool IsGetAddressBytes(IOperation value, IMethodSymbol? getAddressBytes) =>
        value is IInvocationOperation invocation && invocation.TargetMethod.Is(getAddressBytes);
}
