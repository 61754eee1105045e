using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1007: <c>MapToIPv4()</c> called on an address that no <c>IsIPv4MappedToIPv6</c> check on the same
/// receiver guards. A real IPv6 address then becomes a wrong IPv4 one made of its last 32 bits.
/// </summary>
/// <remarks>
/// Guards that count, on the same local, parameter, field or property chain: an enclosing if or <c>?:</c>
/// (the call in the branch where the address is mapped), the right side of <c>&amp;&amp;</c>/<c>||</c>, and an
/// earlier statement in an enclosing block that leaves (return, throw, break, continue) unless it is mapped.
/// Conditions may combine the check with <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>== true/false</c>,
/// <c>is true/false</c> and <c>is { IsIPv4MappedToIPv6: true }</c>.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MapToIPv4WithoutGuardAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Present when the receiver is a plain variable or member chain the fix may read three times.</summary>
    public const string FixKey = "fix";
    public const string FixGuardWithConditional = "IsIPv4MappedToIPv6 ? MapToIPv4() : address";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.MapToIPv4WithoutGuard,
        title: "MapToIPv4 without an IsIPv4MappedToIPv6 guard",
        messageFormat: "MapToIPv4() on '{0}' is not guarded by IsIPv4MappedToIPv6, so a real IPv6 address becomes a wrong IPv4 one (::1 becomes 0.0.0.1); map only mapped addresses: {0}.IsIPv4MappedToIPv6 ? {0}.MapToIPv4() : {0}",
        DiagnosticSeverity.Warning,
        description: "IPAddress.MapToIPv4 keeps the last 32 bits of an IPv6 address whatever the address is. Dual-stack servers see IPv4 clients as ::ffff:a.b.c.d and code calls MapToIPv4 to undo that, but real IPv6 clients then get unrelated IPv4 addresses in logs, allow-lists and rate limits. Call it only when IsIPv4MappedToIPv6 is true.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = NetworkSymbols.From(start.Compilation);
            var mapToIPv4 = NetworkSymbols.MemberOf<IMethodSymbol>(symbols.IPAddress, "MapToIPv4");
            var isMapped = NetworkSymbols.MemberOf<IPropertySymbol>(symbols.IPAddress, "IsIPv4MappedToIPv6");
            if (mapToIPv4 is null || isMapped is null) return;
            start.RegisterCandidateOperationAction(c => Analyze(c, mapToIPv4, isMapped), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, IMethodSymbol mapToIPv4, IPropertySymbol isMapped)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!invocation.TargetMethod.Is(mapToIPv4) || Receiver(invocation.Instance) is not { } receiver) return;
        if (new Guard(receiver, isMapped).Covers(invocation)) return;

        var fixable = invocation.Instance is not IConditionalAccessInstanceOperation && IsPlainReference(receiver);
        var properties = fixable ? ImmutableDictionary<string, string?>.Empty.Add(FixKey, FixGuardWithConditional) : ImmutableDictionary<string, string?>.Empty;
        context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, receiver.Syntax.ToString()));
    }

    /// <summary>The address an instance call or property read works on, seeing through <c>?.</c>.</summary>
    private static IOperation? Receiver(IOperation? instance)
    {
        instance = instance?.WithoutConversions();
        if (instance is not IConditionalAccessInstanceOperation) return instance;
        for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access) return access.Operation.WithoutConversions();
        }
        return null;
    }

    /// <summary>A local, parameter, field or property chain without arguments: reading it again gives the same address.</summary>
    private static bool IsPlainReference(IOperation? operation) => operation?.WithoutConversions() switch
    {
        ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation field => field.Instance is null || IsPlainReference(field.Instance),
        IPropertyReferenceOperation { Arguments.IsEmpty: true } property => property.Instance is null || IsPlainReference(property.Instance),
        _ => false,
    };

    /// <summary>Same variable or member chain, by symbols.</summary>
    private static bool SameReference(IOperation? left, IOperation? right)
    {
        left = Receiver(left);
        right = Receiver(right);
        return (left, right) switch
        {
            (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
            (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
            (IInstanceReferenceOperation, IInstanceReferenceOperation) => true,
            (IFieldReferenceOperation a, IFieldReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Field, b.Field) && SameInstance(a.Instance, b.Instance),
            (IPropertyReferenceOperation a, IPropertyReferenceOperation b) => a.Arguments.IsEmpty && b.Arguments.IsEmpty
                                                                            && SymbolEqualityComparer.Default.Equals(a.Property, b.Property) && SameInstance(a.Instance, b.Instance),
            _ => false,
        };
    }

    private static bool SameInstance(IOperation? left, IOperation? right) =>
        (left is null && right is null) || SameReference(left, right);

    /// <summary>What an <c>IsIPv4MappedToIPv6</c> check on one receiver tells about the code around a call.</summary>
    private sealed class Guard(IOperation receiver, IPropertySymbol isMapped)
    {
        public bool Covers(IOperation call)
        {
            var child = call;
            for (var parent = call.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                var guarded = parent switch
                {
                    IConditionalOperation conditional when child == conditional.WhenTrue => Implies(conditional.Condition, true),
                    IConditionalOperation conditional when child == conditional.WhenFalse => Implies(conditional.Condition, false),
                    IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when child == both.RightOperand => Implies(both.LeftOperand, true),
                    IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either when child == either.RightOperand => Implies(either.LeftOperand, false),
                    IBlockOperation block => LeavesEarlyUnlessMapped(block, child),
                    _ => false,
                };
                if (guarded) return true;
            }
            return false;
        }

        /// <summary>True when <paramref name="condition"/> evaluating to <paramref name="value"/> means the receiver is IPv4-mapped.</summary>
        private bool Implies(IOperation condition, bool value)
        {
            switch (condition.WithoutConversions())
            {
                case IPropertyReferenceOperation property when property.Property.Is(isMapped):
                    return value && SameReference(property.Instance, receiver);
                case IConditionalAccessOperation access:
                    // receiver?.IsIPv4MappedToIPv6 == true: when it is not null, it is the property read.
                    return Implies(access.WhenNotNull, value);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Implies(not.Operand, !value);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                    return value && (Implies(both.LeftOperand, true) || Implies(both.RightOperand, true));
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either:
                    return !value && (Implies(either.LeftOperand, false) || Implies(either.RightOperand, false));
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                    when BoolConstant(comparison.RightOperand) is { } constant:
                    var equal = comparison.OperatorKind == BinaryOperatorKind.Equals ? value : !value;
                    return Implies(comparison.LeftOperand, equal ? constant : !constant);
                case IIsPatternOperation { Pattern: IConstantPatternOperation pattern } isPattern when BoolConstant(pattern.Value) is { } constant:
                    return Implies(isPattern.Value, value ? constant : !constant);
                case IIsPatternOperation { Pattern: IRecursivePatternOperation pattern } isPattern when value && (SameReference(isPattern.Value, receiver) || IsDeclaredBy(pattern)):
                    return pattern.PropertySubpatterns.Any(sub =>
                        sub.Member is IPropertyReferenceOperation member && member.Property.Is(isMapped)
                        && sub.Pattern is IConstantPatternOperation { Value: var expected } && BoolConstant(expected) == true);
                default:
                    return false;
            }
        }

        /// <summary><c>a is { IsIPv4MappedToIPv6: true } mapped</c>, with the call on <c>mapped</c>.</summary>
        private bool IsDeclaredBy(IRecursivePatternOperation pattern) =>
            receiver is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, pattern.DeclaredSymbol);

        /// <summary>An earlier <c>if (!x.IsIPv4MappedToIPv6) return ...;</c> in the block that holds the call.</summary>
        private bool LeavesEarlyUnlessMapped(IBlockOperation block, IOperation child)
        {
            foreach (var statement in block.Operations)
            {
                if (statement == child) return false;
                if (statement is IConditionalOperation { WhenFalse: null } check && OperationFacts.AlwaysLeaves(check.WhenTrue) && Implies(check.Condition, false))
                    return true;
            }
            return false;
        }

        private static bool? BoolConstant(IOperation operation) =>
            operation.WithoutConversions().ConstantValue is { HasValue: true, Value: bool value } ? value : null;
    }
}
