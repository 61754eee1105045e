using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Coexist.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

// The analysis contexts' public constructors are marked obsolete to steer analyzer authors towards CompilationWithAnalyzers;
// they are the supported way to build a context outside Roslyn's own driver, which is what this file is.
#pragma warning disable CS0618

namespace Coexist.Scan;

/// <summary>
/// Runs the rules over one file, handing them the file's syntax nodes, declared symbols and operations straight from
/// its semantic model. Asked for one file, Roslyn's <see cref="CompilationWithAnalyzers"/> first compiles the file's
/// method bodies to raise the compilation events its driver is built on, and the rules' operations then bind the same
/// bodies again: two thirds of a scan's analysis went to that first pass (docs/performance.md, "coexist scan").
/// Here each body is bound once.
/// </summary>
/// <remarks>
/// It runs the kinds of action Coexist's rules register (<see cref="RuleActions"/>) in every file when the rules leave
/// out generated code themselves, as Coexist's do; when a rule leaves that to Roslyn, only in files without generated
/// code (<see cref="CanAnalyze"/>), where Roslyn's generated-code rules play no part. Everything else goes to Roslyn's
/// driver. Severities, pragmas and [SuppressMessage] are applied afterwards by
/// <see cref="CompilationWithAnalyzers.GetEffectiveDiagnostics(IEnumerable{Diagnostic}, Compilation)"/>, as Roslyn does.
/// The analyzer tests run every rule through both drivers and require the same diagnostics.
/// </remarks>
internal sealed class FileRuleDriver
{
    private static readonly ConditionalWeakTable<DiagnosticAnalyzer, RuleActions> Initialized = new();

    private readonly Compilation _compilation;
    private readonly AnalyzerOptions _options;
    private readonly Action<Exception, DiagnosticAnalyzer> _onException;
    private readonly Dictionary<SyntaxKind, List<(RuleActions Rule, Action<SyntaxNodeAnalysisContext> Action)>> _syntaxActions = [];
    private readonly Dictionary<OperationKind, List<(RuleActions Rule, Action<OperationAnalysisContext> Action)>> _operationActions = [];
    private readonly List<(RuleActions Rule, Action<SymbolAnalysisContext> Action, ImmutableArray<SymbolKind> Kinds)> _symbolActions = [];
    private readonly List<(RuleActions Rule, Action<OperationBlockStartAnalysisContext> Action)> _blockStartActions = [];
    private readonly Lazy<INamedTypeSymbol?> _generatedCodeAttribute;
    private readonly bool _generatedCodeLeftToRoslyn;

    private FileRuleDriver(Compilation compilation, AnalyzerOptions options, Action<Exception, DiagnosticAnalyzer> onException, IEnumerable<RuleActions> rules)
    {
        _compilation = compilation;
        _options = options;
        _onException = onException;
        foreach (var rule in rules)
        {
            foreach (var (action, kinds) in rule.SyntaxNode)
                foreach (var kind in kinds.Distinct()) Add(_syntaxActions, kind, (rule, action));
            foreach (var (action, kinds) in rule.Operation)
                foreach (var kind in kinds.Distinct()) Add(_operationActions, kind, (rule, action));
            _symbolActions.AddRange(rule.Symbol.Select(s => (rule, s.Action, s.Kinds)));
            _blockStartActions.AddRange(rule.OperationBlockStart.Select(action => (rule, action)));
        }
        // Roslyn plays a part in generated code unless every rule analyzes it and reports there (and filters itself).
        _generatedCodeLeftToRoslyn = rules.Any(rule => rule.GeneratedCode != (GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics));
        // [GeneratedCode] makes Roslyn treat a declaration as generated; only a compilation that names it can use it.
        _generatedCodeAttribute = new(() => compilation.SyntaxTrees.Any(t => t.GetText().ToString().Contains("GeneratedCode", StringComparison.Ordinal))
            ? compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute")
            : null);
    }

    /// <summary>The driver for one compilation, or null when a rule registers an action it does not run.</summary>
    public static FileRuleDriver? Create(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options,
        Action<Exception, DiagnosticAnalyzer> onException, CancellationToken cancellationToken)
    {
        var rules = new List<RuleActions>();
        foreach (var analyzer in analyzers)
        {
            RuleActions registered;
            try
            {
                registered = Initialized.GetValue(analyzer, a =>
                {
                    var actions = new RuleActions(a);
                    a.Initialize(new RuleActions.Recorder(actions));
                    return actions;
                });
            }
            catch (Exception exception)
            {
                onException(exception, analyzer);
                continue;
            }
            var forCompilation = registered.ForCompilation();
            foreach (var start in registered.CompilationStart)
                Run(forCompilation, () => start(new RuleActions.CompilationRecorder(forCompilation, compilation, options, cancellationToken)), onException, cancellationToken);
            if (forCompilation.Unsupported is not null) return null;
            rules.Add(forCompilation);
        }
        return new FileRuleDriver(compilation, options, onException, rules);
    }

    /// <summary>
    /// Whether this driver can take the file: any file when no rule leaves generated code to Roslyn; else one that is
    /// not generated (by name, header, editorconfig or [GeneratedCode], the tests Roslyn makes) and without
    /// <c>#line hidden</c> regions, which Roslyn also counts as generated.
    /// </summary>
    public bool CanAnalyze(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (!_generatedCodeLeftToRoslyn) return true;
        if (tree.HasHiddenRegions() || GeneratedFiles.IsGenerated(tree, _options, cancellationToken)) return false;
        if (_generatedCodeAttribute.Value is not { } generatedCode) return true;
        if (tree.GetText(cancellationToken).ToString().Contains("GeneratedCode", StringComparison.Ordinal)) return false;
        // A partial type can carry [GeneratedCode] from its part in another file.
        var model = _compilation.GetSemanticModel(tree);
        foreach (var declaration in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).OfType<BaseTypeDeclarationSyntax>())
        {
            for (ISymbol? symbol = model.GetDeclaredSymbol(declaration, cancellationToken); symbol is INamedTypeSymbol; symbol = symbol.ContainingSymbol)
            {
                if (symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, generatedCode))) return false;
            }
        }
        return true;
    }

    /// <summary>
    /// What the rules report in the file, with severities, pragmas and [SuppressMessage] applied as Roslyn applies them
    /// (suppressed diagnostics are left out). Throws
    /// <see cref="NotSupportedException"/> when a rule registers, for a block, an action this driver does not run.
    /// </summary>
    public IReadOnlyList<Diagnostic> Analyze(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var model = _compilation.GetSemanticModel(tree);
        var root = tree.GetRoot(cancellationToken);
        var reported = new List<Diagnostic>();

        if (_syntaxActions.Count > 0)
        {
            foreach (var node in root.DescendantNodesAndSelf())
            {
                if (!_syntaxActions.TryGetValue(node.Kind(), out var actions)) continue;
                foreach (var (rule, action) in actions)
                    Run(rule, () => action(new SyntaxNodeAnalysisContext(node, model, _options, d => Report(rule, d, reported), rule.IsSupported, cancellationToken)), cancellationToken);
            }
        }

        if (_symbolActions.Count > 0)
        {
            foreach (var symbol in DeclaredSymbols(model, root, cancellationToken))
            {
                foreach (var (rule, action, kinds) in _symbolActions)
                {
                    if (kinds.Contains(symbol.Kind))
                        Run(rule, () => action(new SymbolAnalysisContext(symbol, _compilation, _options, d => Report(rule, d, reported), rule.IsSupported, cancellationToken)), cancellationToken);
                }
            }
        }

        if (_operationActions.Count > 0 || _blockStartActions.Count > 0)
        {
            foreach (var (block, owner) in OperationBlocks(model, root, cancellationToken))
                AnalyzeOperationBlock(block, owner, reported, cancellationToken);
        }

        var inFile = reported.Where(d => d.Location.SourceTree == tree).ToImmutableArray();
        return CompilationWithAnalyzers.GetEffectiveDiagnostics(inFile, _compilation).Where(d => !d.IsSuppressed).ToList();
    }

    private void AnalyzeOperationBlock(IOperation block, ISymbol owner, List<Diagnostic> reported, CancellationToken cancellationToken)
    {
        var blockActions = new Dictionary<OperationKind, List<(RuleActions Rule, Action<OperationAnalysisContext> Action)>>();
        foreach (var (rule, action) in _blockStartActions)
        {
            var start = new BlockStartRecorder([block], owner, _compilation, _options, cancellationToken);
            Run(rule, () => action(start), cancellationToken);
            // Thrown past the rule: the scanner hands the file to Roslyn's driver.
            if (start.Unsupported is not null) throw new NotSupportedException($"{rule.Analyzer.GetType().Name} registered {start.Unsupported}");
            foreach (var (operationAction, kinds) in start.Actions)
                foreach (var kind in kinds.Distinct()) Add(blockActions, kind, (rule, operationAction));
        }
        if (_operationActions.Count == 0 && blockActions.Count == 0) return;

        foreach (var operation in OperationsOf(block))
        {
            if (_operationActions.TryGetValue(operation.Kind, out var actions)) Invoke(actions);
            if (blockActions.TryGetValue(operation.Kind, out var scoped)) Invoke(scoped);

            void Invoke(List<(RuleActions Rule, Action<OperationAnalysisContext> Action)> list)
            {
                foreach (var (rule, action) in list)
                    Run(rule, () => action(new OperationAnalysisContext(operation, owner, _compilation, _options, d => Report(rule, d, reported), rule.IsSupported, cancellationToken)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// The operations of a block as Roslyn hands them to operation actions. A member's body root (IMethodBodyOperation,
    /// IConstructorBodyOperation) is handed over itself, and then what each of its parts' syntax stands for: a
    /// constructor initializer's call without the implicit statement around it, and nothing for the implicit body of a
    /// primary constructor, whose syntax is the whole type declaration.
    /// </summary>
    private static IEnumerable<IOperation> OperationsOf(IOperation block)
    {
        if (block is not (IMethodBodyOperation or IConstructorBodyOperation)) return block.DescendantsAndSelf();
        return block.ChildOperations
            .Where(part => part.Syntax is not TypeDeclarationSyntax)
            .SelectMany(part => (part is IExpressionStatementOperation { IsImplicit: true } statement ? statement.Operation : part).DescendantsAndSelf())
            .Prepend(block);
    }

    /// <summary>
    /// The symbols the file declares, as Roslyn hands them to symbol actions: named types and their members with a
    /// declaration here (both halves of a partial member), leaving out what the compiler declares implicitly (default
    /// constructors, backing fields).
    /// </summary>
    private static IEnumerable<ISymbol> DeclaredSymbols(SemanticModel model, SyntaxNode root, CancellationToken cancellationToken)
    {
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        // Top-level statements declare the program's entry point and its class.
        if (root is CompilationUnitSyntax unit && unit.Members.OfType<GlobalStatementSyntax>().FirstOrDefault() is { } first
            && model.GetEnclosingSymbol(first.SpanStart, cancellationToken) is IMethodSymbol { ContainingType: { } program } entryPoint)
        {
            seen.Add(program);
            yield return program;
            seen.Add(entryPoint);
            yield return entryPoint;
        }
        foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
        {
            if (node is not (BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)) continue;
            if (model.GetDeclaredSymbol(node, cancellationToken) is not INamedTypeSymbol type) continue;
            if (!type.IsImplicitlyDeclared && seen.Add(type)) yield return type;
            foreach (var member in type.GetMembers())
            {
                // A partial member's implementation is a symbol of its own, which the type's members do not list.
                ISymbol? implementation = member switch
                {
                    IMethodSymbol method => method.PartialImplementationPart,
                    IPropertySymbol property => property.PartialImplementationPart,
                    _ => null,
                };
                foreach (var symbol in implementation is null ? [member] : new[] { member, implementation })
                {
                    if (symbol is INamedTypeSymbol || symbol.IsImplicitlyDeclared) continue;
                    if (symbol.Locations.Any(l => l.SourceTree == model.SyntaxTree) && seen.Add(symbol)) yield return symbol;
                }
            }
        }
    }

    /// <summary>
    /// The file's executable code, one operation tree per block, with the symbol that owns it: member bodies
    /// (constructor initializers included), expression-bodied properties, initializers of fields, properties, enum
    /// members and parameters, attributes, primary constructors and top-level statements.
    /// </summary>
    private static IEnumerable<(IOperation Block, ISymbol Owner)> OperationBlocks(SemanticModel model, SyntaxNode root, CancellationToken cancellationToken)
    {
        var pending = new Stack<SyntaxNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            cancellationToken.ThrowIfCancellationRequested();
            SyntaxNode? block = null;
            SyntaxNode? owner = null;
            Func<SyntaxNode, bool> descendInto = _ => true;
            switch (node)
            {
                case CompilationUnitSyntax unit:
                    if (TopLevelStatements(model, unit, cancellationToken) is { } topLevel)
                        yield return (topLevel, model.GetEnclosingSymbol(topLevel.Syntax.SpanStart, cancellationToken) ?? model.Compilation.Assembly);
                    descendInto = child => child is not GlobalStatementSyntax;
                    break;
                case BaseMethodDeclarationSyntax method when method.Body is not null || method.ExpressionBody is not null:
                    (block, owner) = (method, method);
                    descendInto = child => child != method.Body && child != method.ExpressionBody && child is not ConstructorInitializerSyntax;
                    break;
                case AccessorDeclarationSyntax accessor when accessor.Body is not null || accessor.ExpressionBody is not null:
                    (block, owner) = (accessor, accessor);
                    descendInto = child => child != accessor.Body && child != accessor.ExpressionBody;
                    break;
                case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax property } arrow:
                    (block, owner) = (arrow, property);
                    descendInto = _ => false;
                    break;
                case EqualsValueClauseSyntax equalsValue:
                    (block, owner) = (equalsValue, equalsValue.Parent);
                    descendInto = _ => false;
                    break;
                case AttributeSyntax attribute:
                    (block, owner) = (attribute, attribute.Parent?.Parent);
                    descendInto = _ => false;
                    break;
                case TypeDeclarationSyntax { ParameterList: not null } type:
                    // A primary constructor's body is its type declaration: the base call, when there is one.
                    block = type;
                    break;
                case PrimaryConstructorBaseTypeSyntax:
                    descendInto = _ => false;
                    break;
                case BlockSyntax or ArrowExpressionClauseSyntax or ExpressionSyntax or StatementSyntax:
                    // Code outside any block above (a local function's body is part of its method's block).
                    descendInto = _ => false;
                    break;
            }
            if (block is not null && model.GetOperation(block, cancellationToken) is { } operation)
            {
                var symbol = (owner is null ? null : model.GetDeclaredSymbol(owner, cancellationToken))
                             ?? model.GetEnclosingSymbol(block.SpanStart, cancellationToken)
                             ?? model.Compilation.Assembly;
                yield return (operation, symbol);
            }
            var children = node.ChildNodes().Where(descendInto).ToList();
            for (var i = children.Count - 1; i >= 0; i--) pending.Push(children[i]);
        }
    }

    /// <summary>
    /// Top-level statements as one block: the body of the entry point the compiler makes of them, whose syntax is the
    /// compilation unit.
    /// </summary>
    private static IOperation? TopLevelStatements(SemanticModel model, CompilationUnitSyntax unit, CancellationToken cancellationToken)
    {
        if (unit.Members.OfType<GlobalStatementSyntax>().FirstOrDefault() is not { } first) return null;
        var operation = model.GetOperation(first.Statement, cancellationToken);
        while (operation?.Parent is { } parent) operation = parent;
        return operation;
    }

    private static void Report(RuleActions rule, Diagnostic diagnostic, List<Diagnostic> reported)
    {
        if (!rule.IsSupported(diagnostic))
            throw new ArgumentException($"Reported diagnostic with ID '{diagnostic.Id}' is not supported by the analyzer.", nameof(diagnostic));
        reported.Add(diagnostic);
    }

    private void Run(RuleActions rule, Action action, CancellationToken cancellationToken) => Run(rule, action, _onException, cancellationToken);

    private static void Run(RuleActions rule, Action action, Action<Exception, DiagnosticAnalyzer> onException, CancellationToken cancellationToken)
    {
        try
        {
            action();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            onException(exception, rule.Analyzer);
        }
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(value);
    }

    /// <summary>Records the operation actions an operation block start action registers for its block.</summary>
    private sealed class BlockStartRecorder(ImmutableArray<IOperation> blocks, ISymbol owner, Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        : OperationBlockStartAnalysisContext(blocks, owner, compilation, options, cancellationToken)
    {
        public List<(Action<OperationAnalysisContext> Action, ImmutableArray<OperationKind> Kinds)> Actions { get; } = [];
        public string? Unsupported { get; private set; }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => Actions.Add((action, operationKinds));
        public override void RegisterOperationBlockEndAction(Action<OperationBlockAnalysisContext> action) => Unsupported ??= "operation block end actions";
    }
}
