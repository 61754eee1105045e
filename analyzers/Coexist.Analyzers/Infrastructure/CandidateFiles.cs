using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Analyzers;

/// <summary>
/// Which files can hold a Coexist finding at all (<see cref="RuleTriggers"/>), decided once per file and shared by
/// every rule. Most files of a codebase never touch an address; in those, each rule's callbacks return at once
/// instead of looking at every invocation, binary operator and field reference the compiler hands them, which is
/// what keeps the rules' share of a build's compile time small (docs/performance.md, "C# analyzers").
/// </summary>
internal static class CandidateFiles
{
    private static readonly ConditionalWeakTable<SyntaxTree, Decision> Decisions = new();

    /// <summary>False for files without a trigger and for generated files, where no rule reports (<see cref="GeneratedCode"/>).</summary>
    public static bool MayReport(SyntaxTree tree, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Decisions.GetValue(tree, _ => new Decision()).MayReport(tree, options);
    }

    /// <summary>The decision itself, also for <c>coexist scan</c>, which binds only these files.</summary>
    public static bool Decide(SyntaxTree tree, AnalyzerOptions options, CancellationToken cancellationToken) =>
        !GeneratedFiles.IsGenerated(tree, options, cancellationToken) && RuleTriggers.MayReport(tree, cancellationToken);

    /// <summary>
    /// One file's decision. The rules reach a file together, on several threads; the first decides, and the others
    /// look at the file as if it were a candidate instead of waiting for it: the test only saves work, so looking is
    /// always right, and waiting (a lock's spinning) cost more than the few operations they look at meanwhile.
    /// </summary>
    private sealed class Decision
    {
        private const int Undecided = 0, Deciding = 1, No = 2, Yes = 3;
        private int _state;

        public bool MayReport(SyntaxTree tree, AnalyzerOptions options)
        {
            var state = Volatile.Read(ref _state);
            if (state == Undecided && Interlocked.CompareExchange(ref _state, Deciding, Undecided) == Undecided)
            {
                // Decided without the caller's token: a cancelled decision must not be remembered for the next caller.
                var mayReport = Decide(tree, options, CancellationToken.None);
                Volatile.Write(ref _state, mayReport ? Yes : No);
                return mayReport;
            }
            return state != No;
        }
    }

    /// <summary>
    /// <see cref="CompilationStartAnalysisContext.RegisterOperationAction(Action{OperationAnalysisContext}, OperationKind[])"/>,
    /// in candidate files only: decided once a code block, so the rule is not called at all for the operations of other files.
    /// </summary>
    public static void RegisterCandidateOperationAction(this CompilationStartAnalysisContext start, Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
        start.RegisterOperationBlockStartAction(block =>
        {
            if (block.OperationBlocks.Length > 0 && MayReport(block.OperationBlocks[0].Syntax.SyntaxTree, block.Options, block.CancellationToken))
                block.RegisterOperationAction(action, kinds);
        });

    /// <summary><see cref="CompilationStartAnalysisContext.RegisterSyntaxNodeAction{TLanguageKindEnum}(Action{SyntaxNodeAnalysisContext}, TLanguageKindEnum[])"/>, in candidate files only.</summary>
    public static void RegisterCandidateSyntaxNodeAction(this CompilationStartAnalysisContext start, Action<SyntaxNodeAnalysisContext> action, params SyntaxKind[] kinds) =>
        start.RegisterSyntaxNodeAction(
            context =>
            {
                if (MayReport(context.Node.SyntaxTree, context.Options, context.CancellationToken)) action(context);
            },
            kinds);
}
