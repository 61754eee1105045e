using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1014: multicast set up for IPv4 only: <c>SetSocketOption</c>/<c>GetSocketOption</c> at
/// <c>SocketOptionLevel.IP</c> with a multicast option, <c>new MulticastOption(...)</c>, and
/// <c>UdpClient.JoinMulticastGroup</c>/<c>DropMulticastGroup</c> with an IPv4 group written in the code.
/// </summary>
/// <remarks>
/// A member that also does the IPv6 side (names <c>SocketOptionLevel.IPv6</c>, creates an <c>IPv6MulticastOption</c>,
/// or joins an IPv6 group) is left alone: it runs one socket per family, as IPv6 multicast requires.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IPv4OnlyMulticastAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.IPv4OnlyMulticast,
        title: "IPv4-only multicast",
        messageFormat: "{0} sets up IPv4 multicast only, so IPv6 hosts never join or hear the group; {1}",
        DiagnosticSeverity.Warning,
        description: "MulticastOption and the multicast options at SocketOptionLevel.IP (IGMP) work on IPv4 sockets only. IPv6 multicast (MLD) needs an IPv6 socket, an IPv6 group (ff0x::), IPv6MulticastOption and SocketOptionLevel.IPv6. Discovery, streaming and cluster protocols that only do the IPv4 side go silent on IPv6-only networks.");

    /// <summary>The SocketOptionName members that exist at SocketOptionLevel.IP for multicast (IGMP).</summary>
    private static readonly string[] IPv4MulticastOptionNames =
        ["AddMembership", "DropMembership", "MulticastInterface", "MulticastTimeToLive", "MulticastLoopback", "AddSourceMembership", "DropSourceMembership"];

    private const string SocketOptionAdvice = "set it at SocketOptionLevel.IPv6 too, on an IPv6 socket (IPv6MulticastOption for memberships)";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = NetworkSymbols.From(start.Compilation);
            var ipLevel = NetworkSymbols.MemberOf<IFieldSymbol>(symbols.SocketOptionLevel, "IP");
            var ipv6Level = NetworkSymbols.MemberOf<IFieldSymbol>(symbols.SocketOptionLevel, "IPv6");
            if (symbols.Socket is null || ipLevel is null) return;

            var multicastOptions = new Dictionary<object, string>();
            foreach (var name in IPv4MulticastOptionNames)
            {
                if (NetworkSymbols.MemberOf<IFieldSymbol>(symbols.SocketOptionName, name) is { HasConstantValue: true, ConstantValue: { } value })
                    multicastOptions[value] = name;
            }
            var rule = new Matcher(symbols, ipLevel, ipv6Level, multicastOptions);
            start.RegisterCandidateOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterCandidateOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
        });
    }

    private sealed class Matcher(NetworkSymbols symbols, IFieldSymbol ipLevel, IFieldSymbol? ipv6Level, Dictionary<object, string> multicastOptions)
    {
        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (IPv4MulticastOption(invocation) is { } option)
            {
                Report(context, invocation, $"{invocation.TargetMethod.Name}(SocketOptionLevel.IP, SocketOptionName.{option})", SocketOptionAdvice);
            }
            else if (IsGroupMembership(invocation) && GroupFamily(Argument(invocation, 0)) == System.Net.Sockets.AddressFamily.InterNetwork)
            {
                Report(context, invocation, invocation.TargetMethod.Name + " with an IPv4 group",
                    "join the IPv6 group too (ff0x::), on a UdpClient created with AddressFamily.InterNetworkV6");
            }
        }

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!creation.Type.Is(symbols.MulticastOption)) return;
            // Passed straight to SetSocketOption(SocketOptionLevel.IP, ...): that call is the finding.
            if (creation.ConsumerIgnoringConversions() is IArgumentOperation { Parent: IInvocationOperation call } && IsAtIPLevel(call)) return;
            Report(context, creation, "new MulticastOption(...)", "use IPv6MulticastOption with SocketOptionLevel.IPv6 for the IPv6 group");
        }

        private void Report(OperationAnalysisContext context, IOperation operation, string what, string advice)
        {
            if (!operation.MemberContains(IsIPv6Multicast))
                context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), what, advice));
        }

        /// <summary>The option's name when the call sets or reads an IPv4 multicast option at SocketOptionLevel.IP.</summary>
        private string? IPv4MulticastOption(IInvocationOperation invocation) =>
            IsAtIPLevel(invocation) && Argument(invocation, 1)?.ConstantValue is { HasValue: true, Value: { } name }
            && multicastOptions.TryGetValue(name, out var option)
                ? option
                : null;

        private bool IsAtIPLevel(IInvocationOperation invocation) =>
            invocation.TargetMethod is { Name: "SetSocketOption" or "GetSocketOption" } method
            && method.ContainingType.Is(symbols.Socket)
            && Argument(invocation, 0)?.ConstantValue is { HasValue: true, Value: { } level }
            && Equals(level, ipLevel.ConstantValue);

        /// <summary><c>UdpClient.JoinMulticastGroup</c>/<c>DropMulticastGroup</c> with the group address first (the IPv4-capable overloads).</summary>
        private bool IsGroupMembership(IInvocationOperation invocation) =>
            invocation.TargetMethod is { Name: "JoinMulticastGroup" or "DropMulticastGroup", Parameters.Length: > 0 } method
            && method.ContainingType.Is(symbols.UdpClient)
            && method.Parameters[0].Type.Is(symbols.IPAddress);

        private bool IsIPv6Multicast(IOperation operation) => operation switch
        {
            IFieldReferenceOperation field => field.Field.Is(ipv6Level),
            IObjectCreationOperation creation => creation.Type.Is(symbols.IPv6MulticastOption),
            // JoinMulticastGroup(int ifindex, IPAddress group) is the IPv6 overload.
            IInvocationOperation { TargetMethod: { Name: "JoinMulticastGroup", Parameters.Length: 2 } join } =>
                join.ContainingType.Is(symbols.UdpClient) && join.Parameters[0].Type.SpecialType == SpecialType.System_Int32,
            IInvocationOperation invocation => IsGroupMembership(invocation) && GroupFamily(Argument(invocation, 0)) == System.Net.Sockets.AddressFamily.InterNetworkV6,
            _ => false,
        };

        /// <summary>The family of a group address written in the code: <c>IPAddress.Parse("239.1.2.3")</c> or <c>new IPAddress(new byte[] { ... })</c>.</summary>
        private System.Net.Sockets.AddressFamily? GroupFamily(IOperation? group)
        {
            switch (group?.WithoutConversions())
            {
                case IInvocationOperation { TargetMethod.Name: "Parse" } parse when parse.TargetMethod.ContainingType.Is(symbols.IPAddress)
                                                                             && Argument(parse, 0)?.ConstantValue.Value is string text:
                    return System.Net.IPAddress.TryParse(text, out var address) ? address.AddressFamily : null;
                case IObjectCreationOperation creation when creation.Type.Is(symbols.IPAddress)
                                                            && Argument(creation.Arguments, 0) is IArrayCreationOperation { Initializer.ElementValues.Length: var length }:
                    return length switch
                    {
                        4 => System.Net.Sockets.AddressFamily.InterNetwork,
                        16 => System.Net.Sockets.AddressFamily.InterNetworkV6,
                        _ => null,
                    };
                default:
                    return null;
            }
        }

        private static IOperation? Argument(IInvocationOperation invocation, int ordinal) => Argument(invocation.Arguments, ordinal);

        private static IOperation? Argument(ImmutableArray<IArgumentOperation> arguments, int ordinal) =>
            arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value.WithoutConversions();
    }
}
