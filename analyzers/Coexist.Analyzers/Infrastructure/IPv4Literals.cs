using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace Coexist.Analyzers;

/// <summary>
/// Finds IPv4 addresses in every kind of C# string (plain, verbatim, raw, interpolated text,
/// UTF-8 <c>u8</c>, constants and attribute arguments) and leaves out the strings that are not
/// addresses by their use: version numbers, OIDs, and listener URLs, which COEX1003 reports.
/// Comments are trivia, not literals, so they are never looked at.
/// </summary>
internal static class IPv4Literals
{
    private static readonly SyntaxKind[] LiteralKinds =
    [
        SyntaxKind.StringLiteralExpression,
        SyntaxKind.Utf8StringLiteralExpression,
        SyntaxKind.InterpolatedStringText,
    ];

    /// <summary>Calls <paramref name="report"/> for every address of an accepted kind, with its location in source.</summary>
    public static void Register(
        CompilationStartAnalysisContext context,
        Func<IPv4LiteralKind, AnalyzerOptions, SyntaxTree, bool> accepts,
        Action<SyntaxNodeAnalysisContext, IPv4TextMatch, Location> report)
    {
        var symbols = NetworkSymbols.From(context.Compilation);
        context.RegisterCandidateSyntaxNodeAction(
            nodeContext =>
            {
                var token = nodeContext.Node is InterpolatedStringTextSyntax text
                    ? text.TextToken
                    : ((LiteralExpressionSyntax)nodeContext.Node).Token;
                var matches = IPv4TextScanner.Find(token.ValueText);
                if (matches is null) return;

                var accepted = matches.Where(m => accepts(m.Kind, nodeContext.Options, nodeContext.Node.SyntaxTree)).ToList();
                if (accepted.Count == 0 || IsNotAnAddressByUse(nodeContext.Node, nodeContext.SemanticModel, symbols, nodeContext.CancellationToken))
                    return;
                foreach (var match in accepted)
                    report(nodeContext, match, LocationOf(token, match));
            },
            LiteralKinds);
    }

    /// <summary>Where the address is in source: the address itself when the string spells it plainly, else the whole token.</summary>
    private static Location LocationOf(SyntaxToken token, IPv4TextMatch match)
    {
        var source = token.Text;
        var index = source.IndexOf(match.Text, StringComparison.Ordinal);
        return index >= 0 && source.IndexOf(match.Text, index + 1, StringComparison.Ordinal) < 0
            ? Location.Create(token.SyntaxTree!, new TextSpan(token.SpanStart + index, match.Length))
            : token.GetLocation();
    }

    /// <summary>True when the string's use says it is a version number, an OID or a listener URL.</summary>
    private static bool IsNotAnAddressByUse(SyntaxNode literal, SemanticModel model, NetworkSymbols symbols, CancellationToken cancellationToken)
    {
        var expression = literal is InterpolatedStringTextSyntax ? literal.Parent! : literal;

        if (expression.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute)
            return IsVersionAttribute(attribute, model, symbols, cancellationToken) || IsNamedForVersionOrOid(AttributeTargetName(expression, attribute, model, cancellationToken));

        var operation = model.GetOperation(expression, cancellationToken);
        var consumer = operation?.ConsumerIgnoringConversions();
        switch (consumer)
        {
            case IArgumentOperation { Parameter: { } parameter } argument:
                var method = parameter.ContainingSymbol as IMethodSymbol;
                return IsNamedForVersionOrOid(parameter.Name)
                    || method?.ContainingType.Is(symbols.Version) == true
                    || method?.ContainingType.Is(symbols.Oid) == true
                    || ListenerUrls.IsListenerUrlArgument(argument, symbols);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsNamedForVersionOrOid(declarator.Symbol.Name);
            case IFieldInitializerOperation fieldInitializer:
                return fieldInitializer.InitializedFields.Any(f => IsNamedForVersionOrOid(f.Name));
            case IPropertyInitializerOperation propertyInitializer:
                return propertyInitializer.InitializedProperties.Any(p => IsNamedForVersionOrOid(p.Name));
            case ISimpleAssignmentOperation assignment:
                return IsNamedForVersionOrOid(TargetName(assignment.Target));
            default:
                return false;
        }
    }

    private static bool IsVersionAttribute(AttributeSyntax attribute, SemanticModel model, NetworkSymbols symbols, CancellationToken cancellationToken)
    {
        var type = (model.GetSymbolInfo(attribute, cancellationToken).Symbol as IMethodSymbol)?.ContainingType;
        return symbols.VersionAttributes.Any(v => type.Is(v));
    }

    /// <summary>The parameter or property an attribute argument sets.</summary>
    private static string? AttributeTargetName(SyntaxNode expression, AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
    {
        if (expression.Parent is not AttributeArgumentSyntax argument) return null;
        if (argument.NameEquals is { } nameEquals) return nameEquals.Name.Identifier.ValueText;
        if (argument.NameColon is { } nameColon) return nameColon.Name.Identifier.ValueText;
        var constructor = model.GetSymbolInfo(attribute, cancellationToken).Symbol as IMethodSymbol;
        var position = attribute.ArgumentList!.Arguments.IndexOf(argument);
        return constructor is not null && position < constructor.Parameters.Length ? constructor.Parameters[position].Name : null;
    }

    private static string? TargetName(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local.Name,
        IFieldReferenceOperation field => field.Field.Name,
        IPropertyReferenceOperation property => property.Property.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        _ => null,
    };

    private static bool IsNamedForVersionOrOid(string? name) =>
        name is not null && (SymbolExtensions.NameHasWord(name, "version") || SymbolExtensions.NameHasWord(name, "oid"));
}
