using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1008: one address taken from a resolver's answer (<c>Dns.GetHostAddresses(h)[0]</c>,
/// <c>entry.AddressList[0]</c>, <c>.First()</c>, <c>.Single()</c>...), so when that address is
/// unreachable the connection fails although the host has others that work.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FirstResolvedAddressAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Set when the fix can connect by name instead; read by the code fix.</summary>
    public const string FixableKey = "fixable";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.FirstResolvedAddressWins,
        title: "First address wins",
        messageFormat: "'{0}' uses one of the resolved addresses and tries no other, so an unreachable first address (IPv6 on an IPv4-only network, or the reverse) fails the connection; connect by name, which tries every address",
        DiagnosticSeverity.Warning,
        description: "A dual-stack host resolves to several addresses, IPv6 ones first where the system prefers them (RFC 6724). Taking the first and connecting to it alone fails whenever that family does not work on the path, although the others would: RFC 8305 (Happy Eyeballs) asks clients to try them all. Socket.ConnectAsync(host, port), TcpClient.ConnectAsync(host, port) and a DnsEndPoint resolve the name and try every address in turn.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    // LINQ methods that keep one element and drop the rest.
    private static readonly ImmutableHashSet<string> OneElement = ImmutableHashSet.Create(
        "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault", "ElementAt", "ElementAtOrDefault");

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = NetworkSymbols.From(start.Compilation);
            if (symbols.Dns is null || symbols.IPHostEntry is null) return;
            start.RegisterCandidateOperationAction(c => Analyze(c, symbols), OperationKind.ArrayElementReference, OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, NetworkSymbols symbols)
    {
        if (ChosenAddress(context.Operation, symbols) is not { } source) return;
        var fixable = ConnectByName.Plan(context.Operation, source, symbols) is not null;
        var properties = fixable ? ImmutableDictionary<string, string?>.Empty.Add(FixableKey, "true") : ImmutableDictionary<string, string?>.Empty;
        context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, context.Operation.Syntax.GetLocation(), properties, context.Operation.Syntax.ToString()));
    }

    /// <summary>
    /// The resolver source when the operation picks one address from resolver output: <c>[0]</c>, or a LINQ call
    /// that keeps one element. A predicate (<c>First(a => !IPAddress.IsLoopback(a))</c>) is reported too but says
    /// which address, so the source loses its host and no fix rewrites it.
    /// </summary>
    internal static ResolverSource? ChosenAddress(IOperation operation, NetworkSymbols symbols)
    {
        switch (operation)
        {
            case IArrayElementReferenceOperation { Indices.Length: 1 } element when element.Indices[0].ConstantValue.Value is 0:
                return ResolvedAddresses.Trace(element.ArrayReference, symbols);
            case IInvocationOperation call when OneElement.Contains(call.TargetMethod.Name) && call.TargetMethod.ContainingType.Is(symbols.Enumerable) && call.Arguments.Length >= 1:
                var plain = call.Arguments.Length == 1;
                if (call.TargetMethod.Name.StartsWith("ElementAt", StringComparison.Ordinal))
                {
                    if (call.Arguments.Length != 2 || call.Arguments[1].Value.ConstantValue.Value is not 0) return null;
                    plain = true;
                }
                // First(a => a.AddressFamily == ...) picks a family on purpose: the family rule (COEX1004) reports that choice.
                if (!plain && call.Arguments[1].Value.DescendantsAndSelf().OfType<IPropertyReferenceOperation>()
                        .Any(p => p.Property.Name == "AddressFamily" && p.Property.ContainingType.Is(symbols.IPAddress)))
                    return null;
                var source = ResolvedAddresses.Trace(call.Arguments[0].Value, symbols);
                return source is null || plain ? source : new ResolverSource(null, null, source.Locals);
            default:
                return null;
        }
    }

    /// <summary>
    /// The rewrite that connects by name where the chosen address only feeds connections:
    /// <c>Connect(address, port)</c> becomes <c>Connect(host, port)</c>; <c>new IPEndPoint(address, port)</c> passed
    /// to a connect becomes <c>new DnsEndPoint(host, port)</c> (or <c>Connect(host, port)</c> where the method takes
    /// an IPEndPoint only); <c>new Socket(address.AddressFamily, ...)</c> loses the family, so the socket is
    /// dual-stack; the locals that held the address and the resolver's answer go.
    /// </summary>
    internal sealed class ConnectByName
    {
        public IOperation Host { get; }
        public List<IArgumentOperation> AddressArguments { get; } = [];
        public List<IObjectCreationOperation> EndPointCreations { get; } = [];
        public List<ILocalSymbol> EndPointLocals { get; } = [];
        public List<IArgumentOperation> EndPointsToHostAndPort { get; } = [];
        public List<IArgumentOperation> FamilyArguments { get; } = [];
        public List<ILocalSymbol> RemovedLocals { get; } = [];

        private readonly NetworkSymbols _symbols;
        private readonly Compilation _compilation;
        private readonly ResolverSource _source;
        private int _connects;

        private ConnectByName(IOperation host, ResolverSource source, NetworkSymbols symbols, Compilation compilation)
        {
            Host = host;
            _source = source;
            _symbols = symbols;
            _compilation = compilation;
        }

        public static ConnectByName? Plan(IOperation chosen, ResolverSource source, NetworkSymbols symbols)
        {
            if (source.Host is not { } host || chosen.SemanticModel is null || symbols.DnsEndPoint is null) return null;
            var root = LocalValueFlow.Root(chosen);
            if (!LocalValueFlow.IsStable(host, root)) return null;
            var plan = new ConnectByName(host, source, symbols, chosen.SemanticModel.Compilation);
            return plan.Follow(chosen, root) && plan._connects > 0 ? plan : null;
        }

        private bool Follow(IOperation chosen, IOperation root)
        {
            IEnumerable<IOperation> uses = [chosen];
            if (LocalValueFlow.DeclaredLocal(chosen) is { } address)
            {
                if (LocalValueFlow.IsWritten(address, root)) return false;
                uses = LocalValueFlow.References(root, address).ToList();
                RemovedLocals.Add(address);
            }
            foreach (var use in uses)
            {
                switch (use.ConsumerIgnoringConversions())
                {
                    case IArgumentOperation { Parent: IInvocationOperation call, Parameter: { } parameter } argument
                        when parameter.Type.Is(_symbols.IPAddress) && IsConnect(call) && SiblingTakes(call, parameter.Ordinal, [String]) && PassesCancellation(call):
                        AddressArguments.Add(argument);
                        _connects++;
                        break;
                    case IArgumentOperation { Parent: IObjectCreationOperation endpoint, Parameter.Ordinal: 0 }
                        when endpoint.Type.Is(_symbols.IPEndPoint) && endpoint.Arguments.Length == 2 && endpoint.Arguments[1].Value.Type?.SpecialType == SpecialType.System_Int32:
                        if (!FollowEndPoint(endpoint, root)) return false;
                        break;
                    case IPropertyReferenceOperation family when IsFamilyOfNewClient(family):
                        break;
                    default:
                        return false;
                }
            }
            RemoveResolverLocals(chosen, root);
            return true;
        }

        private bool FollowEndPoint(IObjectCreationOperation endpoint, IOperation root)
        {
            IEnumerable<IOperation> uses = [endpoint];
            var local = LocalValueFlow.DeclaredLocal(endpoint);
            if (local is not null)
            {
                if (LocalValueFlow.IsWritten(local, root)) return false;
                uses = LocalValueFlow.References(root, local).ToList();
            }
            var becomesDnsEndPoint = false;
            foreach (var use in uses)
            {
                switch (use.ConsumerIgnoringConversions())
                {
                    case IArgumentOperation { Parent: IInvocationOperation call, Parameter: { } parameter } argument when IsConnect(call) && PassesCancellation(call):
                        if (_compilation.ClassifyCommonConversion(_symbols.DnsEndPoint!, parameter.Type).IsImplicit)
                            becomesDnsEndPoint = true;
                        else if (local is null && SiblingTakes(call, parameter.Ordinal, [String, Int32]))
                            EndPointsToHostAndPort.Add(argument);
                        else
                            return false;
                        _connects++;
                        break;
                    case IPropertyReferenceOperation family when IsFamilyOfNewClient(family):
                        break;
                    default:
                        return false;
                }
            }
            if (becomesDnsEndPoint)
            {
                EndPointCreations.Add(endpoint);
                if (local is not null) EndPointLocals.Add(local);
            }
            return true;
        }

        /// <summary><c>new Socket(x.AddressFamily, type, protocol)</c> or <c>new TcpClient(x.AddressFamily)</c>: without the family they are dual-stack.</summary>
        private bool IsFamilyOfNewClient(IPropertyReferenceOperation family)
        {
            if (family.Property.Name != "AddressFamily"
                || family.ConsumerIgnoringConversions() is not IArgumentOperation { Parent: IObjectCreationOperation creation, Parameter.Ordinal: 0 } argument)
                return false;
            var fits = (creation.Type.Is(_symbols.Socket) && creation.Arguments.Length == 3)
                       || (creation.Type.Is(_symbols.TcpClient) && creation.Arguments.Length == 1);
            if (fits) FamilyArguments.Add(argument);
            return fits;
        }

        /// <summary>Instance Connect, ConnectAsync and BeginConnect of Socket and TcpClient, which connect by name too.</summary>
        private bool IsConnect(IInvocationOperation call) =>
            !call.TargetMethod.IsStatic
            && call.TargetMethod.Name is "Connect" or "ConnectAsync" or "BeginConnect"
            && (call.TargetMethod.ContainingType.Is(_symbols.Socket) || call.TargetMethod.ContainingType.Is(_symbols.TcpClient));

        /// <summary>A resolver call that could be cancelled is replaced only by a connect that can be cancelled too.</summary>
        private bool PassesCancellation(IInvocationOperation call) =>
            _source.Cancellation is null || call.Arguments.Any(a => a.Parameter?.Type.Is(_symbols.CancellationToken) == true && a.ArgumentKind != ArgumentKind.DefaultValue);

        private ITypeSymbol String => _compilation.GetSpecialType(SpecialType.System_String);

        private ITypeSymbol Int32 => _compilation.GetSpecialType(SpecialType.System_Int32);

        /// <summary>An overload of the same method that takes <paramref name="replacement"/> where the call passes one parameter at <paramref name="ordinal"/>.</summary>
        private static bool SiblingTakes(IInvocationOperation call, int ordinal, ITypeSymbol[] replacement)
        {
            var method = call.TargetMethod;
            var wanted = method.Parameters.Select(p => p.Type).ToList();
            wanted.RemoveAt(ordinal);
            wanted.InsertRange(ordinal, replacement);
            return method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m =>
                m.IsStatic == method.IsStatic
                && m.Parameters.Length == wanted.Count
                && m.Parameters.Select(p => p.Type).SequenceEqual(wanted, SymbolEqualityComparer.Default));
        }

        /// <summary>The locals that held the resolver's answer go too, when nothing else reads them.</summary>
        private void RemoveResolverLocals(IOperation chosen, IOperation root)
        {
            var removedSpans = new List<Microsoft.CodeAnalysis.Text.TextSpan> { chosen.Syntax.Span };
            foreach (var local in _source.Locals)
            {
                var declarator = root.DescendantsAndSelf().OfType<IVariableDeclaratorOperation>().FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local));
                var value = declarator?.Initializer?.Value;
                if (value is null || LocalValueFlow.DeclaredLocal(value) is null) return;
                if (!LocalValueFlow.References(root, local).All(r => removedSpans.Any(s => s.Contains(r.Syntax.Span)))) return;
                RemovedLocals.Add(local);
                removedSpans.Add(declarator!.Syntax.Span);
            }
        }
    }
}
