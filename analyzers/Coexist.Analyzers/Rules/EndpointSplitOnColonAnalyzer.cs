using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1011: host and port separated at ':' by hand: <c>endpoint.Split(':')</c> and
/// <c>endpoint.IndexOf(':')</c> + <c>Substring</c>. An IPv6 address has colons of its own,
/// so <c>"[2001:db8::1]:443".Split(':')</c> gives six parts, none of them the host.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EndpointSplitOnColonAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Set when the fix can write <c>IPEndPoint.Parse(text)</c>; read by the code fix.</summary>
    public const string FixableKey = "fixable";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.EndpointSplitOnColon,
        title: "Endpoint split on ':'",
        messageFormat: "'{0}' separates host and port at ':', but IPv6 addresses contain colons too; use IPEndPoint.TryParse, or split at the last ':' and strip the [ ] brackets",
        DiagnosticSeverity.Warning,
        description: "Splitting host:port text at ':' works for names and IPv4 only. An IPv6 endpoint is written [2001:db8::1]:443 (RFC 3986 section 3.2.2); split at ':' it falls apart. IPEndPoint.Parse/TryParse read both families; for host names, take the port after the last ':' and remove the brackets from the host.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = NetworkSymbols.From(start.Compilation);
            start.RegisterCandidateOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, NetworkSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (StringSplits.SingleSeparator(invocation) == ':')
        {
            var uses = StringSplits.Uses(invocation).ToList();
            if (!IPNames.IsEndpoint(ReceiverName(invocation.Instance)) && !uses.Any(u => PartIsParsedAsPort(u, symbols.Convert))) return;
            var fixable = ParseRewrite.Find(invocation, symbols) is not null;
            Report(context, invocation, fixable);
        }
        else if (IsIndexOfColon(invocation) && IPNames.IsEndpoint(ReceiverName(invocation.Instance)) && CutsWithSubstring(invocation))
        {
            Report(context, invocation, fixable: false);
        }
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation invocation, bool fixable)
    {
        var properties = fixable ? ImmutableDictionary<string, string?>.Empty.Add(FixableKey, "true") : ImmutableDictionary<string, string?>.Empty;
        context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, invocation.Syntax.ToString()));
    }

    /// <summary>
    /// The name of what is split; for <c>config["Redis:Endpoint"]</c>, <c>GetValue&lt;string&gt;("Redis:Endpoint")</c>
    /// and <c>GetEnvironmentVariable("DB_HOST")</c>, the last segment of the key.
    /// </summary>
    private static string? ReceiverName(IOperation? receiver)
    {
        receiver = receiver is IConversionOperation conversion ? conversion.Operand : receiver;
        var arguments = receiver switch
        {
            IPropertyReferenceOperation indexer => indexer.Arguments,
            IInvocationOperation call => call.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };
        var key = arguments.Select(a => a.Value.ConstantValue.Value).OfType<string>().LastOrDefault();
        if (key is not null) return key.Substring(key.LastIndexOfAny([':', '.', '/']) + 1);
        return IPNames.NameOf(receiver);
    }

    /// <summary><c>int.Parse(parts[1])</c> (or TryParse, ushort, Convert.ToInt32) stored in, or passed as, a port.</summary>
    private static bool PartIsParsedAsPort(IOperation parts, INamedTypeSymbol? convert)
    {
        if (parts.ConsumerIgnoringConversions() is not IArrayElementReferenceOperation element
            || element.ConsumerIgnoringConversions() is not IArgumentOperation { Parent: IInvocationOperation parse }
            || !IsPortParser(parse.TargetMethod, convert))
            return false;
        if (parse.TargetMethod.Name == "TryParse")
            return parse.Arguments.Any(a => a.Parameter?.RefKind == RefKind.Out && IPNames.IsPort(OutTargetName(a.Value)));
        return IPNames.IsPort(IPNames.TargetNameOf(parse.ConsumerIgnoringConversions()));
    }

    private static string? OutTargetName(IOperation value) =>
        value is IDeclarationExpressionOperation declaration ? IPNames.NameOf(declaration.Expression) : IPNames.NameOf(value);

    public static bool IsPortParser(IMethodSymbol method, INamedTypeSymbol? convert) =>
        (method.Name is "Parse" or "TryParse" && method.ContainingType.SpecialType is SpecialType.System_Int32 or SpecialType.System_UInt16 or SpecialType.System_Int16)
        || (method.Name is "ToInt32" or "ToUInt16" && method.ContainingType.Is(convert) && method.Parameters.FirstOrDefault()?.Type.SpecialType == SpecialType.System_String);

    private static bool IsIndexOfColon(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name == "IndexOf"
        && invocation.TargetMethod.ContainingType.SpecialType == SpecialType.System_String
        && invocation.Instance is not null
        && invocation.Arguments.Length >= 1
        && invocation.Arguments[0].Value.ConstantValue.Value is ':' or ":";

    /// <summary>The index found (directly or through a local) is an argument of <c>Substring</c> on the same text.</summary>
    private static bool CutsWithSubstring(IInvocationOperation indexOf)
    {
        var root = LocalValueFlow.Root(indexOf);
        IEnumerable<IOperation> uses = LocalValueFlow.DeclaredLocal(indexOf) is { } local ? LocalValueFlow.References(root, local) : [indexOf];
        var text = IPNames.NameOf(indexOf.Instance);
        return text is not null && uses.Any(use => Ancestors(use).OfType<IInvocationOperation>().Any(call =>
            call.TargetMethod.Name is "Substring" or "AsSpan" or "Remove"
            && call.TargetMethod.ContainingType.SpecialType == SpecialType.System_String
            && IPNames.NameOf(call.Instance) == text));
    }

    private static IEnumerable<IOperation> Ancestors(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent) yield return parent;
    }

    /// <summary>
    /// The one shape with a mechanical fix: <c>new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1]))</c>,
    /// which is <c>IPEndPoint.Parse(text)</c> and, unlike it, fails on IPv6.
    /// </summary>
    internal sealed class ParseRewrite
    {
        private ParseRewrite(IObjectCreationOperation endpoint, IOperation text, ILocalSymbol partsLocal)
        {
            Endpoint = endpoint;
            Text = text;
            PartsLocal = partsLocal;
        }

        /// <summary>The <c>new IPEndPoint(...)</c> to replace.</summary>
        public IObjectCreationOperation Endpoint { get; }

        /// <summary>The text that was split, which <c>IPEndPoint.Parse</c> takes.</summary>
        public IOperation Text { get; }

        /// <summary>The local that held the parts, whose declaration goes.</summary>
        public ILocalSymbol PartsLocal { get; }

        public static ParseRewrite? Find(IInvocationOperation split, NetworkSymbols symbols)
        {
            if (symbols.IPEndPoint is null || split.Instance is null) return null;
            var root = LocalValueFlow.Root(split);
            // Both parts are read from one local, so the text is split once, where the local is declared.
            if (LocalValueFlow.DeclaredLocal(split) is not { } partsLocal || !LocalValueFlow.IsStable(split.Instance, root)) return null;
            var uses = StringSplits.Uses(split).ToList();
            if (uses.Count != 2) return null;

            IObjectCreationOperation? endpoint = null;
            var seen = new bool[2];
            foreach (var use in uses)
            {
                if (use.ConsumerIgnoringConversions() is not IArrayElementReferenceOperation { Indices.Length: 1 } element
                    || element.Indices[0].ConstantValue.Value is not (int index and (0 or 1))
                    || seen[index]
                    || element.ConsumerIgnoringConversions() is not IArgumentOperation { Parent: IInvocationOperation { Arguments.Length: 1 } parse }
                    || parse.ConsumerIgnoringConversions() is not IArgumentOperation { Parent: IObjectCreationOperation creation } slot
                    || !creation.Type.Is(symbols.IPEndPoint)
                    || creation.Arguments.Length != 2
                    || slot.Parameter?.Ordinal != index
                    || (endpoint is not null && endpoint != creation))
                    return null;
                var parses = index == 0
                    ? parse.TargetMethod.Name == "Parse" && parse.TargetMethod.ContainingType.Is(symbols.IPAddress)
                    : parse.TargetMethod.Name != "TryParse" && IsPortParser(parse.TargetMethod, symbols.Convert);
                if (!parses) return null;
                seen[index] = true;
                endpoint = creation;
            }
            return seen[0] && seen[1] && endpoint is not null ? new ParseRewrite(endpoint, split.Instance, partsLocal) : null;
        }
    }
}
