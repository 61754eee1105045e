using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers.Rules;

/// <summary>
/// COEX1013: a model member named for an IP address whose storage holds IPv4 text only:
/// <c>[MaxLength(15)]</c>, <c>[StringLength(15)]</c>, <c>[Column(TypeName = "varchar(15)")]</c>,
/// and EF Core's <c>HasMaxLength(15)</c> / <c>HasColumnType("varchar(15)")</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IPv4SizedStorageAnalyzer : DiagnosticAnalyzer
{
    /// <summary>"0.0.0.0", the shortest IPv4 text: a limit below it was not meant for addresses.</summary>
    public const int ShortestIPv4Text = 7;

    /// <summary>"255.255.255.255", the longest IPv4 text (INET_ADDRSTRLEN 16 less the NUL).</summary>
    public const int LongestIPv4Text = 15;

    /// <summary>The longest IPv6 text, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" (INET6_ADDRSTRLEN 46 less the NUL, RFC 4291 section 2.2 form 3).</summary>
    public const int LongestIPv6Text = 45;

    /// <summary>Set when the fix can write 45 in place of the length (a literal, not a named constant).</summary>
    public const string FixableKey = "fixable";

    public static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.IPv4SizedStorage,
        title: "IPv4-sized storage in models",
        messageFormat: "'{0}' holds an IP address in {1} characters, enough for IPv4 text but not IPv6 (up to 45); make it 45",
        DiagnosticSeverity.Warning,
        description: "A column or validated string of 15 characters fits '255.255.255.255' but not an IPv6 address, which takes up to 45 characters as text. IPv6 clients are then rejected by validation, truncated, or fail the insert. Size IP address storage for 45 characters, or use a native address type (PostgreSQL inet).");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    // char(15), varchar(15), nvarchar(15), varchar2(15), character varying(15), national char varying(15)...
    private static readonly Regex TextColumnType = new(
        @"^\s*(?<type>n?char|n?varchar2?|character|char\s+varying|character\s+varying|national\s+char(acter)?(\s+varying)?)\s*\(\s*(?<length>\d{1,4})\s*\)\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics); // reports filtered by GeneratedCode
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? Get(string name) => start.Compilation.GetTypeByMetadataName(name);
            var attributes = new StorageAttributes(
                Get("System.ComponentModel.DataAnnotations.MaxLengthAttribute"),
                Get("System.ComponentModel.DataAnnotations.StringLengthAttribute"),
                Get("System.ComponentModel.DataAnnotations.Schema.ColumnAttribute"));
            start.RegisterSymbolAction(c => AnalyzeMember(c, attributes), SymbolKind.Property, SymbolKind.Field);

            var builders = new[]
                {
                    Get("Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder"),
                    Get("Microsoft.EntityFrameworkCore.Metadata.Builders.ComplexTypePropertyBuilder"),
                }
                .Where(b => b is not null).Select(b => b!).ToImmutableArray();
            var relationalExtensions = Get("Microsoft.EntityFrameworkCore.RelationalPropertyBuilderExtensions");
            if (builders.Length > 0)
                start.RegisterCandidateOperationAction(c => AnalyzeFluentCall(c, builders, relationalExtensions), OperationKind.Invocation);
        });
    }

    private sealed class StorageAttributes(INamedTypeSymbol? maxLength, INamedTypeSymbol? stringLength, INamedTypeSymbol? column)
    {
        public INamedTypeSymbol? MaxLength { get; } = maxLength;
        public INamedTypeSymbol? StringLength { get; } = stringLength;
        public INamedTypeSymbol? Column { get; } = column;
    }

    private static void AnalyzeMember(SymbolAnalysisContext context, StorageAttributes known)
    {
        var member = context.Symbol;
        var type = member switch
        {
            IPropertySymbol property => property.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };
        if (type?.SpecialType != SpecialType.System_String || !IPNames.IsAddress(member.Name)) return;

        foreach (var attribute in member.GetAttributes())
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax) continue;
            var attributeType = attribute.AttributeClass;
            if ((attributeType.Is(known.MaxLength) || attributeType.Is(known.StringLength))
                && attribute.ConstructorArguments.Length >= 1
                && attribute.ConstructorArguments[0].Value is int length
                && syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null) is { } lengthArgument)
            {
                ReportIfIPv4Sized(d => context.ReportOutsideGeneratedCode(d, member), member.Name, length, lengthArgument.Expression);
            }
            else if (attributeType.Is(known.Column)
                     && attribute.NamedArguments.FirstOrDefault(a => a.Key == "TypeName").Value.Value is string typeName
                     && syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "TypeName") is { } typeArgument
                     && TextColumnLength(typeName) is { } columnLength)
            {
                ReportIfIPv4Sized(d => context.ReportOutsideGeneratedCode(d, member), member.Name, columnLength, typeArgument.Expression);
            }
        }
    }

    /// <summary><c>b.Property(x => x.ClientIp).HasMaxLength(15)</c> and <c>.HasColumnType("varchar(15)")</c>.</summary>
    private static void AnalyzeFluentCall(OperationAnalysisContext context, ImmutableArray<INamedTypeSymbol> builders, INamedTypeSymbol? relationalExtensions)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        IOperation? builder;
        IArgumentOperation? argument;
        if (method.Name == "HasMaxLength" && IsBuilder(method.ContainingType, builders) && invocation.Arguments.Length == 1)
        {
            builder = invocation.Instance;
            argument = invocation.Arguments[0];
        }
        else if (method.Name == "HasColumnType" && method.IsExtensionMethod && method.ContainingType.Is(relationalExtensions) && invocation.Arguments.Length == 2)
        {
            builder = invocation.Arguments[0].Value;
            argument = invocation.Arguments[1];
        }
        else
        {
            return;
        }

        var length = argument.Value.ConstantValue.Value switch
        {
            int number when method.Name == "HasMaxLength" => number,
            string typeName => TextColumnLength(typeName),
            _ => null,
        };
        if (length is null) return;
        var name = PropertyNameOf(builder, builders);
        if (!IPNames.IsAddress(name)) return;
        ReportIfIPv4Sized(d => context.ReportOutsideGeneratedCode(d), name!, length.Value, (ExpressionSyntax)argument.Value.Syntax);
    }

    /// <summary>Follows <c>.IsRequired().HasMaxLength(15)</c> back to <c>Property(x => x.Name)</c> or <c>Property("Name")</c>.</summary>
    private static string? PropertyNameOf(IOperation? builder, ImmutableArray<INamedTypeSymbol> builders)
    {
        while (true)
        {
            builder = builder is IConversionOperation conversion ? conversion.Operand : builder;
            if (builder is not IInvocationOperation call) return null;
            var receiver = call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : call.Instance;
            if (call.TargetMethod.Name != "Property" || IsBuilder(UnwrapConversion(receiver)?.Type, builders))
            {
                builder = receiver;
                continue;
            }
            var selector = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
            if (selector?.ConstantValue.Value is string name) return name;
            var returned = selector?.DescendantsAndSelf().OfType<IReturnOperation>().FirstOrDefault()?.ReturnedValue;
            return IPNames.NameOf(returned);
        }
    }

    private static IOperation? UnwrapConversion(IOperation? operation) => operation is IConversionOperation conversion ? conversion.Operand : operation;

    private static bool IsBuilder(ITypeSymbol? type, ImmutableArray<INamedTypeSymbol> builders)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (builders.Any(b => current.Is(b))) return true;
        }
        return false;
    }

    /// <summary>The length of a text column type such as <c>varchar(15)</c>; null for other types.</summary>
    public static int? TextColumnLength(string typeName)
    {
        var match = TextColumnType.Match(typeName);
        return match.Success ? int.Parse(match.Groups["length"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static void ReportIfIPv4Sized(Action<Diagnostic> report, string member, int length, ExpressionSyntax argument)
    {
        if (length is < ShortestIPv4Text or > LongestIPv4Text) return;
        // A named constant is the user's to change; the fix only rewrites what is written in place.
        var fixable = argument is LiteralExpressionSyntax;
        var properties = fixable ? ImmutableDictionary<string, string?>.Empty.Add(FixableKey, "true") : ImmutableDictionary<string, string?>.Empty;
        report(Diagnostic.Create(Rule, argument.GetLocation(), properties, member, length));
    }
}
