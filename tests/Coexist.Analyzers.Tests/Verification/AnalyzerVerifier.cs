using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Sdk;

namespace Coexist.Analyzers.Tests.Verification;

/// <summary>
/// Runs one analyzer over markup source, the way the compiler does (<see cref="CompilationWithAnalyzers"/>),
/// and compares what it reports with the markup. Any analyzer exception (AD0001) fails the test.
/// </summary>
public static class AnalyzerVerifier<TAnalyzer> where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static async Task VerifyAsync(string markup, IReadOnlyDictionary<string, string>? options = null)
    {
        var (source, expected) = Markup.Parse(markup);
        var analyzer = new TAnalyzer();
        var compilation = Analysis.Compile(source);
        AssertTriggersSee(compilation, expected);
        var actual = await Analysis.RunAsync(analyzer, compilation, options);
        Compare(analyzer, source, expected, actual);
    }

    /// <summary>
    /// The rules only look at files with a trigger (CandidateFiles), and `coexist scan` binds only those: a file where a
    /// diagnostic is expected must have one, else the rule would stay silent there. Said first, so the failure says why.
    /// </summary>
    internal static void AssertTriggersSee(Compilation compilation, IReadOnlyList<ExpectedDiagnostic> expected)
    {
        if (expected.Count == 0) return;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!RuleTriggers.MayReport(tree, CancellationToken.None))
                throw new XunitException($"RuleTriggers.MayReport is false for a file where {string.Join(", ", expected.Select(d => d.Id ?? "the rule").Distinct())} should report: add the rule's trigger");
        }
    }

    /// <summary>The diagnostics the analyzer reports on plain source, for tests of messages and properties.</summary>
    public static Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(string source, IReadOnlyDictionary<string, string>? options = null) =>
        Analysis.RunAsync(new TAnalyzer(), Analysis.Compile(source), options);

    internal static void Compare(DiagnosticAnalyzer analyzer, string source, IReadOnlyList<ExpectedDiagnostic> expected, IReadOnlyList<Diagnostic> actual)
    {
        var defaultId = analyzer.SupportedDiagnostics.Length == 1 ? analyzer.SupportedDiagnostics[0].Id : null;
        var want = expected.Select(e => (Id: e.Id ?? defaultId ?? throw new ArgumentException("[|...|] needs an analyzer with one rule; write {|ID:...|}"), e.Span)).ToList();
        var got = actual.Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(d => d.SourceSpan.Start).ToList();
        if (want.SequenceEqual(got)) return;

        string Show(string id, Microsoft.CodeAnalysis.Text.TextSpan span) =>
            $"  {id} at {span}: '{source.Substring(span.Start, span.Length)}'";
        throw new XunitException(
            "Diagnostics differ from the markup.\nExpected:\n" + string.Join("\n", want.Select(w => Show(w.Id, w.Span)))
            + "\nActual:\n" + string.Join("\n", actual.Select(d => Show(d.Id, d.Location.SourceSpan) + " — " + d.GetMessage())));
    }
}

/// <summary>Compiling test sources and running analyzers over them.</summary>
internal static class Analysis
{
    public static CSharpCompilation Compile(params string[] sources)
    {
        var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: $"Test{i}.cs"));
        var compilation = CSharpCompilation.Create(
            "TestProject",
            trees,
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new XunitException("The test source does not compile:\n" + string.Join("\n", errors.Select(e => "  " + e)));
        return compilation;
    }

    public static async Task<IReadOnlyList<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, Compilation compilation, IReadOnlyDictionary<string, string>? options = null)
    {
        var exceptions = new List<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(
                TestOptionsProvider.Create(options),
                onAnalyzerException: (exception, _, _) => { lock (exceptions) exceptions.Add(exception); },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        if (exceptions.Count > 0)
            throw new XunitException($"{analyzer.GetType().Name} threw:\n{exceptions[0]}");
        var crashes = diagnostics.Where(d => d.Id == "AD0001").ToList();
        if (crashes.Count > 0)
            throw new XunitException($"{analyzer.GetType().Name} crashed (AD0001): {crashes[0].GetMessage()}");
        AssertScanDriverAgrees(analyzer, compilation, withAnalyzers.AnalysisOptions.Options!, diagnostics);
        return diagnostics;
    }

    /// <summary>
    /// `coexist scan` runs the rules with its own file driver (Coexist.Scan.FileRuleDriver), which must report exactly
    /// what Roslyn's driver reports, file by file, in every file it takes.
    /// </summary>
    private static void AssertScanDriverAgrees(DiagnosticAnalyzer analyzer, Compilation compilation, AnalyzerOptions options, ImmutableArray<Diagnostic> roslyn)
    {
        var exceptions = new List<Exception>();
        var driver = Coexist.Scan.FileRuleDriver.Create(compilation, [analyzer], options, (exception, _) => { lock (exceptions) exceptions.Add(exception); }, CancellationToken.None)
                     ?? throw new XunitException($"coexist scan's file driver does not run {analyzer.GetType().Name}'s actions");
        foreach (var tree in compilation.SyntaxTrees.Where(t => driver.CanAnalyze(t, CancellationToken.None)))
        {
            var scan = driver.Analyze(tree, CancellationToken.None);
            if (exceptions.Count > 0)
                throw new XunitException($"{analyzer.GetType().Name} threw in coexist scan's file driver:\n{exceptions[0]}");
            string Show(Diagnostic d) => $"{d.Id} {d.Severity} at {d.Location.SourceSpan}: {d.GetMessage()}";
            var want = roslyn.Where(d => d.Location.SourceTree == tree).Select(Show).Order(StringComparer.Ordinal).ToList();
            var got = scan.Select(Show).Order(StringComparer.Ordinal).ToList();
            if (!want.SequenceEqual(got))
                throw new XunitException($"coexist scan's file driver differs from Roslyn's in {tree.FilePath}.\nRoslyn:\n  {string.Join("\n  ", want)}\nScan:\n  {string.Join("\n  ", got)}");
        }
    }
}
