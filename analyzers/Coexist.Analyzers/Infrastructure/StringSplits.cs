using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers;

/// <summary>
/// <c>text.Split(c)</c> in all its overloads (char, string, char[] or string[] separators, with or
/// without count and options), and the places its result is used, directly or through a local.
/// </summary>
internal static class StringSplits
{
    /// <summary>The one separator character of a <c>string.Split</c> call; null for other calls or several separators.</summary>
    public static char? SingleSeparator(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "Split" || method.ContainingType.SpecialType != SpecialType.System_String || invocation.Instance is null)
            return null;
        var separator = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
        while (separator is IConversionOperation conversion) separator = conversion.Operand;
        if (separator is IArrayCreationOperation { Initializer.ElementValues: { Length: 1 } elements })
            separator = elements[0];
        return separator?.ConstantValue.Value switch
        {
            char c => c,
            string { Length: 1 } s => s[0],
            _ => null,
        };
    }

    /// <summary>Where the parts are read: the call itself, or every read of the local it is stored in.</summary>
    public static IEnumerable<IOperation> Uses(IInvocationOperation split)
    {
        if (LocalValueFlow.DeclaredLocal(split) is not { } local) return [split];
        var root = LocalValueFlow.Root(split);
        if (LocalValueFlow.IsWritten(local, root)) return [];
        return LocalValueFlow.References(root, local);
    }
}
