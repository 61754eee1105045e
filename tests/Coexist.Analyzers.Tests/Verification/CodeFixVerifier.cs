using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace Coexist.Analyzers.Tests.Verification;

/// <summary>
/// Before/after tests of a code fix, inside a real Roslyn workspace: one diagnostic at a time
/// (<see cref="VerifyFixAsync"/>) and all at once through the fixer's Fix All provider
/// (<see cref="VerifyFixAllAsync"/>). The fixed source must compile, and the markup in
/// <c>after</c> says which diagnostics may remain (usually none).
/// </summary>
public static class CodeFixVerifier<TAnalyzer, TFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFix : CodeFixProvider, new()
{
    /// <summary>Applies the fix to the first diagnostic, again and again, until none is left that it fixes.</summary>
    public static async Task VerifyFixAsync(string before, string after, string? equivalenceKey = null, IReadOnlyDictionary<string, string>? options = null)
    {
        var (source, expected) = Markup.Parse(before);
        var analyzer = new TAnalyzer();
        var compilation = Analysis.Compile(source);
        AnalyzerVerifier<TAnalyzer>.AssertTriggersSee(compilation, expected);
        var initial = await Analysis.RunAsync(analyzer, compilation, options);
        AnalyzerVerifier<TAnalyzer>.Compare(analyzer, source, expected, initial);

        var fixer = new TFix();
        var document = CreateDocument(source);
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var diagnostics = await DiagnosticsAsync(document, analyzer, fixer, options);
            if (diagnostics.Length == 0) break;
            CodeAction? chosen = null;
            foreach (var diagnostic in diagnostics)
            {
                chosen = await ChooseActionAsync(fixer, document, diagnostic, equivalenceKey);
                if (chosen is not null) break;
            }
            if (chosen is null) break;
            document = await ApplyAsync(document, chosen);
        }
        await AssertResultAsync(document, analyzer, after, options);
    }

    /// <summary>Applies the Fix All provider once over the whole document.</summary>
    public static async Task VerifyFixAllAsync(string before, string after, string? equivalenceKey = null, IReadOnlyDictionary<string, string>? options = null)
    {
        var (source, _) = Markup.Parse(before);
        var analyzer = new TAnalyzer();
        var fixer = new TFix();
        var fixAll = fixer.GetFixAllProvider() ?? throw new XunitException($"{typeof(TFix).Name} has no Fix All provider");
        var document = CreateDocument(source);
        var diagnostics = await DiagnosticsAsync(document, analyzer, fixer, options);
        if (diagnostics.Length == 0) throw new XunitException("nothing to fix in the source");

        var key = equivalenceKey ?? (await ChooseActionAsync(fixer, document, diagnostics[0], null))?.EquivalenceKey;
        var context = new FixAllContext(
            document,
            fixer,
            FixAllScope.Document,
            key,
            fixer.FixableDiagnosticIds,
            new Provider(diagnostics),
            CancellationToken.None);
        var action = await fixAll.GetFixAsync(context) ?? throw new XunitException("Fix All offered no change");
        document = await ApplyAsync(document, action);
        await AssertResultAsync(document, analyzer, after, options);
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.CurrentSolution
            .AddProject("TestProject", "TestProject", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
            .AddMetadataReferences(TestReferences.All);
        return project.AddDocument("Test0.cs", SourceText.From(source));
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Document document, DiagnosticAnalyzer analyzer, CodeFixProvider fixer, IReadOnlyDictionary<string, string>? options)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await Analysis.RunAsync(analyzer, compilation, options);
        return [.. diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).OrderBy(d => d.Location.SourceSpan.Start)];
    }

    private static async Task<CodeAction?> ChooseActionAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic, string? equivalenceKey)
    {
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return equivalenceKey is null ? actions.FirstOrDefault() : actions.FirstOrDefault(a => a.EquivalenceKey == equivalenceKey);
    }

    private static async Task<Document> ApplyAsync(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return solution.GetDocument(document.Id)!;
    }

    private static async Task AssertResultAsync(Document document, DiagnosticAnalyzer analyzer, string after, IReadOnlyDictionary<string, string>? options)
    {
        var (expectedSource, expectedRemaining) = Markup.Parse(after);
        var actualSource = (await document.GetTextAsync()).ToString();
        if (Normalize(actualSource) != Normalize(expectedSource))
            throw new XunitException($"The fixed source differs.\nExpected:\n{expectedSource}\nActual:\n{actualSource}");

        var compilation = (await document.Project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new XunitException("The fixed source does not compile:\n" + string.Join("\n", errors));
        AnalyzerVerifier<TAnalyzer>.Compare(analyzer, actualSource, expectedRemaining, await Analysis.RunAsync(analyzer, compilation, options));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd();

    private sealed class Provider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>([]);
    }
}
