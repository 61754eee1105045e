using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers;

/// <summary>Where a list of addresses came from: a resolver call, and the host name it was asked for.</summary>
internal sealed class ResolverSource(IOperation? host, IOperation? cancellation, IReadOnlyList<ILocalSymbol> locals)
{
    /// <summary>The host name passed to the resolver; null when unknown (an <c>IPHostEntry</c> from elsewhere) or restricted to one family.</summary>
    public IOperation? Host { get; } = host;

    /// <summary>The <c>CancellationToken</c> passed to the resolver, if any.</summary>
    public IOperation? Cancellation { get; } = cancellation;

    /// <summary>The locals the addresses passed through on the way, nearest to the use first.</summary>
    public IReadOnlyList<ILocalSymbol> Locals { get; } = locals;
}

/// <summary>
/// Follows an <c>IPAddress[]</c> back to the resolver: <c>Dns.GetHostAddresses(h)</c>,
/// <c>Dns.GetHostEntry(h).AddressList</c>, their awaited Async forms, any <c>IPHostEntry.AddressList</c>,
/// and locals assigned once from any of these in the same method.
/// </summary>
internal static class ResolvedAddresses
{
    public static ResolverSource? Trace(IOperation addresses, NetworkSymbols symbols) =>
        Trace(addresses, symbols, LocalValueFlow.Root(addresses), []);

    private static ResolverSource? Trace(IOperation operation, NetworkSymbols symbols, IOperation root, List<ILocalSymbol> locals)
    {
        switch (Unwrap(operation))
        {
            case IInvocationOperation call when IsResolverCall(call, symbols, "GetHostAddresses"):
                return FromCall(call, symbols, locals);
            case IPropertyReferenceOperation { Property.Name: "AddressList", Instance: { } entry } list when list.Property.ContainingType.Is(symbols.IPHostEntry):
                // Any IPHostEntry's list is resolver output; only a traced one says which host it was.
                return TraceEntry(entry, symbols, root, locals) ?? new ResolverSource(null, null, locals);
            case ILocalReferenceOperation { Type: IArrayTypeSymbol } local when LocalValueFlow.SingleValue(local.Local, root) is { } value:
                return Trace(value, symbols, root, [.. locals, local.Local]);
            default:
                return null;
        }
    }

    private static ResolverSource? TraceEntry(IOperation operation, NetworkSymbols symbols, IOperation root, List<ILocalSymbol> locals) =>
        Unwrap(operation) switch
        {
            IInvocationOperation call when IsResolverCall(call, symbols, "GetHostEntry") => FromCall(call, symbols, locals),
            ILocalReferenceOperation local when LocalValueFlow.SingleValue(local.Local, root) is { } value =>
                TraceEntry(value, symbols, root, [.. locals, local.Local]),
            _ => null,
        };

    /// <summary>Removes conversions, parentheses, <c>await</c> and <c>ConfigureAwait</c>.</summary>
    private static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                case IAwaitOperation awaited:
                    operation = awaited.Operation;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } task }:
                    operation = task;
                    continue;
                default:
                    return operation;
            }
        }
    }

    /// <summary><c>Dns.Name(...)</c> or its awaited <c>NameAsync</c> form.</summary>
    private static bool IsResolverCall(IInvocationOperation call, NetworkSymbols symbols, string name) =>
        call.TargetMethod.ContainingType.Is(symbols.Dns) && (call.TargetMethod.Name == name || call.TargetMethod.Name == name + "Async");

    /// <summary>The host comes only from the plain overloads: <c>(string)</c>, <c>(string, CancellationToken)</c>; a family argument restricts the answer.</summary>
    private static ResolverSource FromCall(IInvocationOperation call, NetworkSymbols symbols, List<ILocalSymbol> locals)
    {
        IOperation? host = null;
        IOperation? cancellation = null;
        var plain = true;
        foreach (var argument in call.Arguments)
        {
            var type = argument.Parameter?.Type;
            if (type?.SpecialType == SpecialType.System_String) host = argument.Value;
            else if (type.Is(symbols.CancellationToken)) cancellation = argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value;
            else plain = false;
        }
        return new ResolverSource(plain ? host : null, cancellation, locals);
    }
}
