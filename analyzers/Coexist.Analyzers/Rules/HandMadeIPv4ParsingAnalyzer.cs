using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1012: addresses parsed or validated by hand as four dotted numbers: dotted-quad regular
/// expressions (<c>new Regex</c>, the static <c>Regex</c> methods, <c>[GeneratedRegex]</c>,
/// <c>[RegularExpression]</c>) and <c>Split('.')</c> whose parts are counted to four or parsed as bytes.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandMadeIPv4ParsingAnalyzer : DiagnosticAnalyzer
{
    private const int IPv4Parts = 4;

    // RegexOptions.IgnorePatternWhitespace, which changes how the pattern reads.
    private const int IgnorePatternWhitespace = 32;

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.HandMadeIPv4Parsing,
        title: "Hand-made IPv4 parsing",
        messageFormat: "{0} accepts IPv4 dotted quads only, so IPv6 addresses are rejected; parse with IPAddress.TryParse",
        DiagnosticSeverity.Warning,
        description: "A regular expression of four dotted numbers, or a Split('.') that expects four parts, parses IPv4 and nothing else: IPv6 clients fail validation, log parsers skip their lines, allow-lists never match them. IPAddress.TryParse reads both families (and IPv4-mapped IPv6); check AddressFamily afterwards if one family is really meant.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        // Reports filtered by GeneratedCode, except on [GeneratedRegex]: see AnalyzePatternAttribute.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? Get(string name) => start.Compilation.GetTypeByMetadataName(name);
            var regex = Get("System.Text.RegularExpressions.Regex");
            var patternAttributes = new[]
                {
                    Get("System.Text.RegularExpressions.GeneratedRegexAttribute"),
                    Get("System.ComponentModel.DataAnnotations.RegularExpressionAttribute"),
                }
                .Where(a => a is not null).Select(a => a!).ToImmutableArray();
            var symbols = NetworkSymbols.From(start.Compilation);
            var byteParsers = new ByteParsers(symbols.Convert);
            var enumerable = symbols.Enumerable;

            if (regex is not null)
            {
                start.RegisterCandidateOperationAction(c => AnalyzeRegexCreation(c, regex), OperationKind.ObjectCreation);
                start.RegisterCandidateOperationAction(c => AnalyzeStaticRegexCall(c, regex), OperationKind.Invocation);
            }
            if (patternAttributes.Length > 0)
                start.RegisterCandidateSyntaxNodeAction(c => AnalyzePatternAttribute(c, patternAttributes), SyntaxKind.Attribute);
            start.RegisterCandidateOperationAction(c => AnalyzeSplit(c, byteParsers, enumerable), OperationKind.Invocation);
        });
    }

    private static void AnalyzeRegexCreation(OperationAnalysisContext context, INamedTypeSymbol regex)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.Is(regex) || IPNames.IsVersion(IPNames.TargetNameOf(creation.ConsumerIgnoringConversions()))) return;
        ReportIfQuadPattern(d => context.ReportOutsideGeneratedCode(d), Argument(creation.Arguments, "pattern"), Argument(creation.Arguments, "options"));
    }

    /// <summary><c>Regex.IsMatch(input, pattern)</c>, <c>Match</c>, <c>Matches</c>, <c>Replace</c>, <c>Split</c>, <c>Count</c>...</summary>
    private static void AnalyzeStaticRegexCall(OperationAnalysisContext context, INamedTypeSymbol regex)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!invocation.TargetMethod.IsStatic || !invocation.TargetMethod.ContainingType.Is(regex)) return;
        if (IPNames.IsVersion(IPNames.NameOf(Argument(invocation.Arguments, "input")))) return;
        ReportIfQuadPattern(d => context.ReportOutsideGeneratedCode(d), Argument(invocation.Arguments, "pattern"), Argument(invocation.Arguments, "options"));
    }

    private static IOperation? Argument(ImmutableArray<IArgumentOperation> arguments, string parameter) =>
        arguments.FirstOrDefault(a => a.Parameter?.Name == parameter && !a.IsImplicit)?.Value;

    private static void ReportIfQuadPattern(Action<Diagnostic> report, IOperation? pattern, IOperation? options)
    {
        if (pattern?.ConstantValue.Value is not string text) return;
        var ignoreWhitespace = options?.ConstantValue.Value is int flags && (flags & IgnorePatternWhitespace) != 0;
        if (IPv4RegexPattern.MatchesDottedQuad(text, ignoreWhitespace))
            report(Diagnostic.Create(Rule, pattern.Syntax.GetLocation(), "This regular expression"));
    }

    /// <summary>
    /// <c>[GeneratedRegex(pattern)]</c> on a method or property, <c>[RegularExpression(pattern)]</c> on a model member.
    /// Read from the attribute itself: the Regex source generator implements the partial method in generated
    /// code, where symbol actions on it would be skipped.
    /// </summary>
    private static void AnalyzePatternAttribute(SyntaxNodeAnalysisContext context, ImmutableArray<INamedTypeSymbol> patternAttributes)
    {
        var syntax = (AttributeSyntax)context.Node;
        if (syntax.ArgumentList is not { Arguments.Count: > 0 } arguments) return;
        var name = syntax.Name.ToString();
        if (!name.Contains("GeneratedRegex") && !name.Contains("RegularExpression")) return;
        var type = (context.SemanticModel.GetSymbolInfo(syntax, context.CancellationToken).Symbol as IMethodSymbol)?.ContainingType;
        if (!patternAttributes.Any(a => type.Is(a))) return;
        var target = syntax.Parent?.Parent is MemberDeclarationSyntax member ? context.SemanticModel.GetDeclaredSymbol(member, context.CancellationToken) : null;
        if (target is not null && IPNames.IsVersion(target.Name)) return;

        var pattern = context.SemanticModel.GetConstantValue(arguments.Arguments[0].Expression, context.CancellationToken);
        if (!pattern.HasValue || pattern.Value is not string text) return;
        var options = arguments.Arguments.Count > 1 && context.SemanticModel.GetConstantValue(arguments.Arguments[1].Expression, context.CancellationToken) is { HasValue: true, Value: int flags } ? flags : 0;
        if (IPv4RegexPattern.MatchesDottedQuad(text, (options & IgnorePatternWhitespace) != 0))
            // Not ReportOutsideGeneratedCode: the implementation the generator writes carries [GeneratedCode], which
            // makes the user's own partial declaration count as generated. Generated files are not looked at (CandidateFiles).
            context.ReportDiagnostic(Diagnostic.Create(Rule, arguments.Arguments[0].Expression.GetLocation(), "This regular expression"));
    }

    private static void AnalyzeSplit(OperationAnalysisContext context, ByteParsers byteParsers, INamedTypeSymbol? enumerable)
    {
        var split = (IInvocationOperation)context.Operation;
        if (StringSplits.SingleSeparator(split) != '.' || IPNames.IsVersion(IPNames.NameOf(split.Instance))) return;
        if (StringSplits.Uses(split).Any(use => TreatsPartsAsOctets(use, byteParsers, enumerable)))
            context.ReportOutsideGeneratedCode(Diagnostic.Create(Rule, split.Syntax.GetLocation(), $"'{split.Syntax}'"));
    }

    /// <summary>True where the parts are counted to four or parsed as bytes.</summary>
    private static bool TreatsPartsAsOctets(IOperation parts, ByteParsers byteParsers, INamedTypeSymbol? enumerable)
    {
        switch (parts.ConsumerIgnoringConversions())
        {
            case IPropertyReferenceOperation { Property.Name: "Length" } length:
                return IsComparedWithFour(length);
            case IArgumentOperation { Parent: IInvocationOperation count } when count.TargetMethod.Name == "Count" && count.TargetMethod.ContainingType.Is(enumerable) && count.Arguments.Length == 1:
                return IsComparedWithFour(count);
            case IArrayElementReferenceOperation element:
                return byteParsers.Parses(element.ConsumerIgnoringConversions());
            case IArgumentOperation { Parent: IInvocationOperation call } argument:
                // parts.Select(byte.Parse), Array.ConvertAll(parts, byte.Parse), parts.Select(p => byte.Parse(p))
                return call.Arguments.Any(other => other != argument && byteParsers.IsByteParserFunction(other.Value));
            case IForEachLoopOperation loop when loop.Locals.Length > 0:
                return loop.Body.DescendantsAndSelf().OfType<ILocalReferenceOperation>()
                    .Any(r => SymbolEqualityComparer.Default.Equals(r.Local, loop.Locals[0]) && byteParsers.Parses(r.ConsumerIgnoringConversions()));
            default:
                return false;
        }
    }

    private static bool IsComparedWithFour(IOperation count) => count.ConsumerIgnoringConversions() switch
    {
        IBinaryOperation binary => binary.LeftOperand.ConstantValue.Value is IPv4Parts || binary.RightOperand.ConstantValue.Value is IPv4Parts,
        IIsPatternOperation { Pattern: IConstantPatternOperation constant } => constant.Value.ConstantValue.Value is IPv4Parts,
        _ => false,
    };

    /// <summary><c>byte.Parse</c>, <c>byte.TryParse</c>, <c>Convert.ToByte</c>: the parts are read as octets.</summary>
    private sealed class ByteParsers(INamedTypeSymbol? convert)
    {
        public bool Parses(IOperation? consumer) =>
            consumer is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation call } && IsByteParser(call.TargetMethod);

        public bool IsByteParser(IMethodSymbol method) =>
            (method.ContainingType.SpecialType == SpecialType.System_Byte && method.Name is "Parse" or "TryParse")
            || (method.Name == "ToByte" && method.ContainingType.Is(convert) && method.Parameters.FirstOrDefault()?.Type.SpecialType == SpecialType.System_String);

        /// <summary>A method group or lambda that parses its argument as a byte.</summary>
        public bool IsByteParserFunction(IOperation value)
        {
            while (value is IConversionOperation or IDelegateCreationOperation)
                value = value is IConversionOperation conversion ? conversion.Operand : ((IDelegateCreationOperation)value).Target;
            return value switch
            {
                IMethodReferenceOperation reference => IsByteParser(reference.Method),
                IAnonymousFunctionOperation lambda => lambda.Body.DescendantsAndSelf().OfType<IParameterReferenceOperation>()
                    .Any(p => lambda.Symbol.Parameters.Contains(p.Parameter, SymbolEqualityComparer.Default) && Parses(p.ConsumerIgnoringConversions())),
                _ => false,
            };
        }
    }
}
