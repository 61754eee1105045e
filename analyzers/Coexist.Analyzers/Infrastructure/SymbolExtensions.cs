using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers;

internal static class SymbolExtensions
{
    public static bool Is(this ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    public static bool Is(this ISymbol? symbol, ISymbol? expected) =>
        symbol is not null && expected is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, expected);

    public static bool IsAny(this ISymbol? symbol, params ISymbol?[] expected)
    {
        foreach (var candidate in expected)
        {
            if (symbol.Is(candidate)) return true;
        }
        return false;
    }

    /// <summary>
    /// The operation that consumes <paramref name="operation"/>, looking through conversions, parentheses
    /// and the array the compiler builds for a <c>params</c> argument.
    /// </summary>
    public static IOperation? ConsumerIgnoringConversions(this IOperation operation)
    {
        var parent = operation.Parent;
        while (true)
        {
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    parent = parent.Parent;
                    continue;
                case IArrayInitializerOperation { Parent: IArrayCreationOperation { IsImplicit: true } paramsArray }:
                    parent = paramsArray.Parent;
                    continue;
                default:
                    return parent;
            }
        }
    }

    /// <summary>
    /// True when an identifier, split into its words, has <paramref name="word"/> among them:
    /// "oidValue", "OID" and "SUBJECT_OID" have "oid"; "avoid" does not.
    /// </summary>
    public static bool NameHasWord(string name, string word)
    {
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || IsWordBoundary(name, i))
            {
                var length = i - start;
                if (length == word.Length && string.Compare(name, start, word, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
                    return true;
                start = i < name.Length && !char.IsLetterOrDigit(name[i]) ? i + 1 : i;
            }
        }
        return false;
    }

    // A boundary sits before an underscore, before an upper-case letter that follows a lower-case one
    // (ipAddress) or a digit (Ipv6Address), and before the last capital of a run that starts a new word
    // (HTTPServer -> HTTP|Server).
    internal static bool IsWordBoundary(string name, int i)
    {
        var current = name[i];
        var previous = name[i - 1];
        if (!char.IsLetterOrDigit(current)) return true;
        if (!char.IsLetterOrDigit(previous)) return false;
        if (char.IsUpper(current) && (char.IsLower(previous) || char.IsDigit(previous))) return true;
        return char.IsUpper(current) && char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
    }
}
