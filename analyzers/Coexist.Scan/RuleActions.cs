using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Scan;

/// <summary>
/// What one rule asked to be called for, as <see cref="FileRuleDriver"/> runs it: the analysis actions Coexist's rules
/// use (compilation start, symbol, syntax node, operation and operation block start). Any other kind of action is
/// written down in <see cref="Unsupported"/>, and the scan then lets Roslyn's own driver run the rules instead.
/// </summary>
internal sealed class RuleActions
{
    /// <summary>The symbol kinds whose declarations the file driver hands to symbol actions.</summary>
    internal static readonly ImmutableHashSet<SymbolKind> SymbolKinds =
        [SymbolKind.NamedType, SymbolKind.Method, SymbolKind.Field, SymbolKind.Property, SymbolKind.Event];

    public RuleActions(DiagnosticAnalyzer analyzer)
    {
        Analyzer = analyzer;
        var supported = analyzer.SupportedDiagnostics.Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);
        IsSupported = diagnostic => supported.Contains(diagnostic.Id);
    }

    public DiagnosticAnalyzer Analyzer { get; }
    /// <summary>Whether the rule declares the diagnostic it reports, as Roslyn requires.</summary>
    public Func<Diagnostic, bool> IsSupported { get; }
    public List<Action<CompilationStartAnalysisContext>> CompilationStart { get; } = [];
    public List<(Action<SymbolAnalysisContext> Action, ImmutableArray<SymbolKind> Kinds)> Symbol { get; } = [];
    public List<(Action<SyntaxNodeAnalysisContext> Action, ImmutableArray<SyntaxKind> Kinds)> SyntaxNode { get; } = [];
    public List<(Action<OperationAnalysisContext> Action, ImmutableArray<OperationKind> Kinds)> Operation { get; } = [];
    public List<Action<OperationBlockStartAnalysisContext>> OperationBlockStart { get; } = [];
    /// <summary>What the rule said about generated code; Roslyn's default for a rule that says nothing.</summary>
    public GeneratedCodeAnalysisFlags GeneratedCode { get; set; } = GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;

    /// <summary>The first action this driver cannot run, or null.</summary>
    public string? Unsupported { get; private set; }

    public void NotSupported(string action) => Unsupported ??= action;

    /// <summary>A copy for one compilation, to which its compilation start actions add theirs.</summary>
    public RuleActions ForCompilation()
    {
        var copy = new RuleActions(Analyzer) { Unsupported = Unsupported, GeneratedCode = GeneratedCode };
        copy.Symbol.AddRange(Symbol);
        copy.SyntaxNode.AddRange(SyntaxNode);
        copy.Operation.AddRange(Operation);
        copy.OperationBlockStart.AddRange(OperationBlockStart);
        return copy;
    }

    public void AddSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> kinds)
    {
        if (kinds.Any(k => !SymbolKinds.Contains(k))) NotSupported($"symbol actions for {string.Join(", ", kinds)}");
        Symbol.Add((action, kinds));
    }

    public void AddSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> kinds) where TLanguageKindEnum : struct
    {
        if (kinds is ImmutableArray<SyntaxKind> csharp) SyntaxNode.Add((action, csharp));
        else NotSupported($"syntax node actions for {typeof(TLanguageKindEnum).Name}");
    }

    /// <summary>Records <see cref="DiagnosticAnalyzer.Initialize"/>.</summary>
    internal sealed class Recorder(RuleActions actions) : AnalysisContext
    {
        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => actions.GeneratedCode = analysisMode;
        // Rules run concurrently in any case.
        public override void EnableConcurrentExecution() { }
        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => actions.CompilationStart.Add(action);
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => actions.AddSymbolAction(action, symbolKinds);
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => actions.AddSyntaxNodeAction(action, syntaxKinds);
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => actions.Operation.Add((action, operationKinds));
        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => actions.OperationBlockStart.Add(action);

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => actions.NotSupported("compilation actions");
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => actions.NotSupported("semantic model actions");
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => actions.NotSupported("code block start actions");
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => actions.NotSupported("code block actions");
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => actions.NotSupported("syntax tree actions");
        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => actions.NotSupported("additional file actions");
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => actions.NotSupported("operation block actions");
        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => actions.NotSupported("symbol start actions");
    }

    /// <summary>
    /// Records a compilation start action's registrations for its compilation: the same overrides as
    /// <see cref="Recorder"/>, as Roslyn's two context classes share no base that declares them.
    /// </summary>
    internal sealed class CompilationRecorder(RuleActions actions, Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        : CompilationStartAnalysisContext(compilation, options, cancellationToken)
    {
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => actions.AddSymbolAction(action, symbolKinds);
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => actions.AddSyntaxNodeAction(action, syntaxKinds);
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => actions.Operation.Add((action, operationKinds));
        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => actions.OperationBlockStart.Add(action);

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => actions.NotSupported("compilation end actions");
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => actions.NotSupported("semantic model actions");
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => actions.NotSupported("code block start actions");
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => actions.NotSupported("code block actions");
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => actions.NotSupported("syntax tree actions");
        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => actions.NotSupported("additional file actions");
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => actions.NotSupported("operation block actions");
        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => actions.NotSupported("symbol start actions");
    }
}
