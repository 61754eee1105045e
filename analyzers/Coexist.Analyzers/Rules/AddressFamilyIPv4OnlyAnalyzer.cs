using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1004: <c>AddressFamily.InterNetwork</c> or <c>ProtocolFamily.InterNetwork</c> used to pick IPv4 alone:
/// a socket or client created for IPv4, DNS asked for A records only, addresses filtered down to IPv4.
/// </summary>
/// <remarks>
/// Code that handles both families is left alone. It does when the same member (method, accessor,
/// initializer, with its lambdas and local functions) also names <c>InterNetworkV6</c>, or when the
/// family test only decides between two live branches: an if/else, an if whose branch leaves followed by
/// more code, a <c>?:</c>, or a switch with a default arm, none of whose branches just throws or drops the
/// value; or when it is returned by a named predicate (<c>bool IsIPv4(IPAddress a) =&gt; ...</c>) or stored in a bool.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AddressFamilyIPv4OnlyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Which fix applies; read by the code fix from the diagnostic's properties.</summary>
    public const string FixKey = "fix";

    /// <summary><c>new TcpClient(AddressFamily.InterNetwork)</c> becomes <c>new TcpClient()</c>, which connects over both families.</summary>
    public const string FixTcpClientDefault = "TcpClient()";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.AddressFamilyIPv4Only,
        title: "AddressFamily.InterNetwork only",
        messageFormat: "{0} {1}; {2}",
        DiagnosticSeverity.Warning,
        description: "AddressFamily.InterNetwork creates IPv4-only sockets, asks DNS for A records only, or filters addresses down to IPv4. IPv6-only peers, and names that only have AAAA records, then fail. Create dual-stack sockets, resolve every family, and handle InterNetworkV6 wherever InterNetwork is handled.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = NetworkSymbols.From(start.Compilation);
            var ipv4 = OperationFacts.SymbolSet(symbols.AddressFamilyMember("InterNetwork"), symbols.ProtocolFamilyMember("InterNetwork"));
            if (ipv4.Count == 0) return;
            var ipv6 = OperationFacts.SymbolSet(symbols.AddressFamilyMember("InterNetworkV6"), symbols.ProtocolFamilyMember("InterNetworkV6"));
            start.RegisterCandidateOperationAction(c => Analyze(c, symbols, ipv4, ipv6), OperationKind.FieldReference);
        });
    }

    private static void Analyze(OperationAnalysisContext context, NetworkSymbols symbols, ImmutableHashSet<ISymbol> ipv4, ImmutableHashSet<ISymbol> ipv6)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        if (!ipv4.Contains(reference.Field)) return;
        var use = reference.ConsumerIgnoringConversions();
        if (IsDecidedBetweenBranches(use) || reference.MemberReferencesAny(ipv6)) return;

        var (what, advice, fix) = Describe(use, symbols);
        var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix);
        var name = reference.Field.ContainingType.Name + "." + reference.Field.Name;
        context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), properties, name, what, advice));
    }

    private static (string What, string Advice, string? Fix) Describe(IOperation? use, NetworkSymbols symbols)
    {
        switch (use)
        {
            case IArgumentOperation { Parent: IObjectCreationOperation creation } when creation.Type.Is(symbols.TcpClient):
                return ("creates an IPv4-only client, so IPv6 servers are unreachable",
                    "use new TcpClient(), which connects over IPv4 and IPv6",
                    creation.Arguments.Length == 1 ? FixTcpClientDefault : null);
            case IArgumentOperation { Parent: IObjectCreationOperation creation } when creation.Type.Is(symbols.Socket) || creation.Type.Is(symbols.UdpClient):
                return ("creates an IPv4-only socket, so IPv6 peers are unreachable",
                    "create an InterNetworkV6 socket with DualMode = true, or connect by host name (Socket.ConnectAsync(host, port))", null);
            case IArgumentOperation { Parent: IInvocationOperation invocation } when invocation.TargetMethod.ContainingType.Is(symbols.Dns):
                return ("asks DNS for IPv4 addresses only, so hosts with only AAAA records do not resolve",
                    "ask for every family and try each address in turn", null);
            case IBinaryOperation or IPatternOperation or ICaseClauseOperation:
                return ("keeps IPv4 addresses only, so IPv6 addresses are dropped", "accept InterNetworkV6 too, or handle both families", null);
            default:
                return ("ties this code to IPv4", "handle InterNetworkV6 wherever InterNetwork is handled", null);
        }
    }

    /// <summary>
    /// True when the family test only chooses between branches that both go on (an if/else, <c>?:</c> or a
    /// switch with a live default), or hands its result on as a bool for the reader to decide.
    /// </summary>
    private static bool IsDecidedBetweenBranches(IOperation? use)
    {
        switch (use)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                return ResultIsKept(comparison);
            case IPatternOperation pattern:
                return OwnerOf(pattern) switch
                {
                    IIsPatternOperation isPattern => ResultIsKept(isPattern),
                    ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression } => HasLiveDefault(switchExpression),
                    IPatternCaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchStatement } } => HasLiveDefault(switchStatement),
                    _ => false,
                };
            case ISingleValueCaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchStatement } }:
                return HasLiveDefault(switchStatement);
            default:
                return false;
        }
    }

    /// <summary>The is-expression, switch arm or case clause a (possibly nested) pattern belongs to.</summary>
    private static IOperation? OwnerOf(IPatternOperation pattern)
    {
        IOperation current = pattern;
        while (current.Parent is IPatternOperation or IPropertySubpatternOperation)
            current = current.Parent;
        return current.Parent;
    }

    private static bool ResultIsKept(IOperation test)
    {
        var decision = test;
        while (decision.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }
               or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr })
            decision = decision.Parent;

        return decision.Parent switch
        {
            IConditionalOperation conditional when conditional.Condition == decision =>
                !Drops(conditional.WhenTrue) && Otherwise(conditional) is { } otherwise && !Drops(otherwise),
            // A named predicate (bool IsIPv4(IPAddress a) => ...): its callers decide. A lambda body is a filter.
            IReturnOperation @return => !IsInLambda(@return),
            // Stored in a bool: decided where it is read.
            IVariableInitializerOperation or ISimpleAssignmentOperation => true,
            _ => false,
        };
    }

    /// <summary>
    /// Where the other family goes: the else branch, or, after an if whose branch always leaves
    /// (<c>if (v4) { ...; return x; }</c>), the statement that follows it. Null when there is no such place.
    /// </summary>
    private static IOperation? Otherwise(IConditionalOperation conditional) =>
        conditional.WhenFalse ?? (OperationFacts.AlwaysLeaves(conditional.WhenTrue) ? OperationFacts.NextStatement(conditional) : null);

    private static bool IsInLambda(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation) return true;
            if (current is ILocalFunctionOperation) return false;
        }
        return false;
    }

    private static bool HasLiveDefault(ISwitchOperation switchStatement) =>
        switchStatement.Cases.Any(section =>
            section.Clauses.Any(clause => clause is IDefaultCaseClauseOperation or IPatternCaseClauseOperation { Pattern: IDiscardPatternOperation, Guard: null })
            && !(section.Body.Length > 0 && Drops(section.Body[0])));

    private static bool HasLiveDefault(ISwitchExpressionOperation switchExpression) =>
        switchExpression.Arms.Any(arm => arm.Pattern is IDiscardPatternOperation && arm.Guard is null && !Drops(arm.Value));

    /// <summary>A branch that does not carry on with the value: throw, return null, continue, break, or a null value.</summary>
    private static bool Drops(IOperation branch)
    {
        switch (branch.WithoutConversions())
        {
            case IBlockOperation { Operations.Length: 1 } block:
                return Drops(block.Operations[0]);
            case IExpressionStatementOperation statement:
                return Drops(statement.Operation);
            case IThrowOperation:
            case IBranchOperation { BranchKind: BranchKind.Continue or BranchKind.Break }:
                return true;
            case IReturnOperation @return:
                return @return.ReturnedValue is null || IsNull(@return.ReturnedValue);
            case var value:
                return IsNull(value);
        }
    }

    private static bool IsNull(IOperation value) =>
        value.WithoutConversions() is ILiteralOperation or IDefaultValueOperation && value.ConstantValue is { HasValue: true, Value: null };
}
