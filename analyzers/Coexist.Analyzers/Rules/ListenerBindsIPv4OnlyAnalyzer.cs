using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1003: a listener or endpoint that binds IPv4 only, so IPv6 clients are refused:
/// <c>IPAddress.Any</c>/<c>Loopback</c>/<c>Broadcast</c>/<c>None</c> in endpoints and listeners,
/// <c>new TcpListener(port)</c>, <c>new UdpClient()</c>, <c>new UdpClient(port)</c>,
/// Kestrel's <c>Listen(IPAddress.Any, ...)</c> and IPv4 hosts in listening URLs.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ListenerBindsIPv4OnlyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Which fix applies; read by the code fix from the diagnostic's properties.</summary>
    public const string FixKey = "fix";
    public const string FixTcpListenerCreate = "TcpListener.Create";
    public const string FixIPv6AnyDualMode = "IPv6Any+DualMode";
    public const string FixKestrelListenAnyIP = "ListenAnyIP";
    public const string FixKestrelListenLocalhost = "ListenLocalhost";
    public const string FixUrlWildcard = "url:*";
    public const string FixUrlLocalhost = "url:localhost";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ListenerBindsIPv4Only,
        title: "Listener binds IPv4 only",
        messageFormat: "{0} listens on IPv4 only, so IPv6 clients are refused; {1}",
        DiagnosticSeverity.Warning,
        description: "IPAddress.Any, 0.0.0.0 and the TcpListener(port) and UdpClient() constructors bind an IPv4 socket. IPv6 subscribers get 'connection refused' even where the host has IPv6. Listen on IPAddress.IPv6Any with DualMode = true, TcpListener.Create, Kestrel's ListenAnyIP, or http://*:port.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = NetworkSymbols.From(start.Compilation);
            if (symbols.IPAddress is null) return;
            var ipv4Fields = ImmutableHashSet.Create<ISymbol>(
                SymbolEqualityComparer.Default,
                new[] { "Any", "Loopback", "Broadcast", "None" }.Select(symbols.IPAddressField).Where(f => f is not null).ToArray()!);

            start.RegisterCandidateOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
            start.RegisterCandidateOperationAction(c => AnalyzeFieldReference(c, symbols, ipv4Fields), OperationKind.FieldReference);
            start.RegisterCandidateOperationAction(c => AnalyzeListenerUrl(c, symbols), OperationKind.Literal);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, NetworkSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type;
        var parameters = creation.Constructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
        if (type.Is(symbols.TcpListener) && parameters.Length == 1 && parameters[0].Type.SpecialType == SpecialType.System_Int32)
        {
            Report(context, creation.Syntax.GetLocation(), "new TcpListener(port)", "use TcpListener.Create(port), which listens dual-stack", FixTcpListenerCreate);
        }
        else if (type.Is(symbols.UdpClient) && (parameters.Length == 0 || (parameters.Length == 1 && parameters[0].Type.SpecialType == SpecialType.System_Int32)))
        {
            Report(context, creation.Syntax.GetLocation(), parameters.Length == 0 ? "new UdpClient()" : "new UdpClient(port)",
                "create it with AddressFamily.InterNetworkV6, set Client.DualMode = true, then bind to IPAddress.IPv6Any", fix: null);
        }
    }

    private static void AnalyzeFieldReference(OperationAnalysisContext context, NetworkSymbols symbols, ImmutableHashSet<ISymbol> ipv4Fields)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        if (!ipv4Fields.Contains(reference.Field) || reference.ConsumerIgnoringConversions() is not IArgumentOperation { Parameter: { } parameter } argument)
            return;
        var name = "IPAddress." + reference.Field.Name;
        var consumer = argument.Parent;
        var isAny = reference.Field.Name == "Any";
        switch (consumer)
        {
            case IObjectCreationOperation creation when creation.Type.Is(symbols.IPEndPoint):
                Report(context, reference.Syntax.GetLocation(), $"An endpoint on {name}",
                    isAny ? "bind to IPAddress.IPv6Any with DualMode = true" : "bind to the IPv6 address too, or to IPAddress.IPv6Any with DualMode = true",
                    isAny && IsBoundBySocket(creation) ? FixIPv6AnyDualMode : null);
                break;
            case IObjectCreationOperation creation when creation.Type.Is(symbols.TcpListener):
                Report(context, reference.Syntax.GetLocation(), $"A TcpListener on {name}",
                    isAny ? "use TcpListener.Create(port), which listens dual-stack" : "listen on IPAddress.IPv6Any with Server.DualMode = true",
                    isAny ? FixTcpListenerCreate : null);
                break;
            case IInvocationOperation invocation when invocation.TargetMethod.Name == "Listen"
                                                      && invocation.TargetMethod.ContainingType.Is(symbols.KestrelServerOptions)
                                                      && parameter.Ordinal == 0:
                var (advice, fix) = reference.Field.Name switch
                {
                    "Any" => ("use ListenAnyIP(port)", FixKestrelListenAnyIP),
                    "Loopback" => ("use ListenLocalhost(port), which listens on 127.0.0.1 and ::1", FixKestrelListenLocalhost),
                    _ => ("use ListenAnyIP(port)", (string?)null),
                };
                Report(context, reference.Syntax.GetLocation(), $"Kestrel's Listen({name}, ...)", advice, fix);
                break;
        }
    }

    /// <summary><c>s.Bind(new IPEndPoint(...))</c> on a socket the fix can set <c>DualMode</c> on.</summary>
    private static bool IsBoundBySocket(IObjectCreationOperation endpoint) =>
        endpoint.ConsumerIgnoringConversions() is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Bind" } bind }
        && bind.Instance is ILocalReferenceOperation or IFieldReferenceOperation or IParameterReferenceOperation or IPropertyReferenceOperation
        && bind.Parent is IExpressionStatementOperation
        && bind.TargetMethod.ContainingType.Name == "Socket";

    private static void AnalyzeListenerUrl(OperationAnalysisContext context, NetworkSymbols symbols)
    {
        var literal = (ILiteralOperation)context.Operation;
        if (literal.ConstantValue.Value is not string url
            || literal.ConsumerIgnoringConversions() is not IArgumentOperation argument
            || !ListenerUrls.IsListenerUrlArgument(argument, symbols))
            return;
        foreach (var part in url.Split(';'))
        {
            var matches = IPv4TextScanner.Find(part);
            if (matches is null) continue;
            foreach (var match in matches)
            {
                var (advice, fix) = match.Kind switch
                {
                    IPv4LiteralKind.Unspecified => ("write http://*:port or http://[::]:port", FixUrlWildcard),
                    IPv4LiteralKind.Loopback => ("write http://localhost:port, which listens on 127.0.0.1 and ::1", FixUrlLocalhost),
                    _ => ("write http://*:port, or add the IPv6 address beside it", (string?)null),
                };
                Report(context, literal.Syntax.GetLocation(), $"The URL '{part.Trim()}'", advice, fix);
            }
        }
    }

    private static void Report(OperationAnalysisContext context, Location location, string what, string advice, string? fix)
    {
        var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix);
        context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, location, properties, what, advice));
    }
}
