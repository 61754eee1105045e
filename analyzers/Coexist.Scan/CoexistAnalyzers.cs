using System.Collections.Immutable;
using Coexist.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Scan;

/// <summary>Every rule in Coexist.Analyzers: the same set `dotnet build` runs when the package is added.</summary>
public static class CoexistAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> All { get; } =
        typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                        && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static IReadOnlyList<DiagnosticDescriptor> Descriptors { get; } =
        All.SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).Select(g => g.First()).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
}
