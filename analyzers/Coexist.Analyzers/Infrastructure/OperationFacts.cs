using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers;

/// <summary>Small questions about an operation and the member it sits in.</summary>
internal static class OperationFacts
{
    /// <summary>The operation itself with the implicit and explicit conversions around its value taken off.</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
            operation = conversion.Operand;
        return operation;
    }

    /// <summary>
    /// The root of the member an operation belongs to: a method, constructor or accessor body, or a
    /// field/property initializer. Lambdas and local functions are part of the member that holds them.
    /// </summary>
    public static IOperation MemberRoot(this IOperation operation)
    {
        while (operation.Parent is { } parent)
            operation = parent;
        return operation;
    }

    /// <summary>
    /// True when the member holding <paramref name="operation"/> has an operation that matches anywhere in it.
    /// The "handles both families" checks look at the whole member on purpose: code that takes IPv4 and IPv6
    /// apart does so a few statements apart (a switch, an if/else chain, a fallback query), not in one expression.
    /// Only called once a rule has something to report, so the walk is rare.
    /// </summary>
    public static bool MemberContains(this IOperation operation, Func<IOperation, bool> predicate)
    {
        foreach (var candidate in operation.MemberRoot().DescendantsAndSelf())
        {
            if (predicate(candidate)) return true;
        }
        return false;
    }

    /// <summary>True when the member holding <paramref name="operation"/> reads one of <paramref name="fields"/>.</summary>
    public static bool MemberReferencesAny(this IOperation operation, ImmutableHashSet<ISymbol> fields) =>
        fields.Count > 0 && operation.MemberContains(o => o is IFieldReferenceOperation reference && fields.Contains(reference.Field));

    /// <summary>True when a statement always leaves the code that follows it: return, throw, break, continue, goto, or a block ending so.</summary>
    public static bool AlwaysLeaves(IOperation statement) => statement switch
    {
        IBlockOperation { Operations.Length: > 0 } block => AlwaysLeaves(block.Operations[block.Operations.Length - 1]),
        IExpressionStatementOperation { Operation: IThrowOperation } or IThrowOperation or IReturnOperation or IBranchOperation => true,
        _ => false,
    };

    /// <summary>The statement after <paramref name="statement"/> in the block that holds it, if any.</summary>
    public static IOperation? NextStatement(IOperation statement)
    {
        if (statement.Parent is not IBlockOperation block) return null;
        var index = block.Operations.IndexOf(statement);
        return index >= 0 && index + 1 < block.Operations.Length ? block.Operations[index + 1] : null;
    }

    public static ImmutableHashSet<ISymbol> SymbolSet(params ISymbol?[] symbols) =>
        ImmutableHashSet.CreateRange<ISymbol>(SymbolEqualityComparer.Default, symbols.Where(s => s is not null)!);
}
