using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers;

/// <summary>
/// Just enough data flow for rules that follow a value through locals of one method:
/// <c>var addresses = Dns.GetHostAddresses(host); ... addresses[0]</c>. A local is followed only
/// when it is assigned once, at its declaration, so what it holds is known everywhere it is read.
/// </summary>
internal static class LocalValueFlow
{
    /// <summary>The outermost operation of the body that holds <paramref name="operation"/> (lambdas included).</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null) operation = operation.Parent;
        return operation;
    }

    public static IEnumerable<ILocalReferenceOperation> References(IOperation root, ILocalSymbol local) =>
        root.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local));

    /// <summary>The value a local was declared with, when that is the only value it ever holds; else null.</summary>
    public static IOperation? SingleValue(ILocalSymbol local, IOperation root)
    {
        if (local.IsRef) return null;
        IOperation? value = null;
        foreach (var declarator in root.DescendantsAndSelf().OfType<IVariableDeclaratorOperation>())
        {
            if (!SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)) continue;
            value = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
        }
        return value is not null && !IsWritten(local, root) ? value : null;
    }

    /// <summary>The local a value is stored in by <c>var x = value;</c>, the declaration being a statement of its own.</summary>
    public static ILocalSymbol? DeclaredLocal(IOperation value) =>
        value.ConsumerIgnoringConversions() is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
        && declarator.Parent is IVariableDeclarationOperation { Declarators.Length: 1, Parent: IVariableDeclarationGroupOperation { Declarations.Length: 1 } }
            ? declarator.Symbol
            : null;

    /// <summary>True when the body changes the local or parameter after its declaration.</summary>
    public static bool IsWritten(ISymbol symbol, IOperation root) =>
        root.DescendantsAndSelf().Any(o => o switch
        {
            ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, symbol) && IsWrite(o),
            IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, symbol) && IsWrite(o),
            _ => false,
        });

    /// <summary>True for a reference that changes its variable: assignment, <c>++</c>, <c>ref</c>/<c>out</c> argument, deconstruction.</summary>
    private static bool IsWrite(IOperation reference)
    {
        IOperation current = reference;
        while (current.Parent is ITupleOperation) current = current.Parent;
        return current.Parent switch
        {
            IAssignmentOperation assignment => assignment.Target == current,
            IIncrementOrDecrementOperation => true,
            IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
            _ => false,
        };
    }

    /// <summary>
    /// True when the expression gives the same value wherever it is evaluated in the body, so a fix may
    /// move it: constants, locals and parameters never reassigned, and fields or properties read through them.
    /// </summary>
    public static bool IsStable(IOperation operation, IOperation root) => operation switch
    {
        _ when operation.ConstantValue.HasValue => true,
        IConversionOperation conversion => IsStable(conversion.Operand, root),
        IParenthesizedOperation parenthesized => IsStable(parenthesized.Operand, root),
        IInstanceReferenceOperation => true,
        ILocalReferenceOperation local => !local.Local.IsRef && !IsWritten(local.Local, root),
        IParameterReferenceOperation parameter => parameter.Parameter.RefKind == RefKind.None && !IsWritten(parameter.Parameter, root),
        IFieldReferenceOperation field => field.Instance is null || IsStable(field.Instance, root),
        IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Instance is null || IsStable(property.Instance, root),
        _ => false,
    };
}
