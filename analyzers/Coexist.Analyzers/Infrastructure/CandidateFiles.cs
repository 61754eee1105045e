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
    // Lazy: rules reach a file together, and the table may run its factory on each of their threads at once.
    private static readonly ConditionalWeakTable<SyntaxTree, Lazy<bool>> Decided = new();

    public static bool MayReport(SyntaxTree tree, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Decided without the caller's token: a cancelled decision must not be remembered for the next caller.
        return Decided.GetValue(tree, t => new Lazy<bool>(() => RuleTriggers.MayReport(t, CancellationToken.None))).Value;
    }

    /// <summary>
    /// <see cref="CompilationStartAnalysisContext.RegisterOperationAction(Action{OperationAnalysisContext}, OperationKind[])"/>,
    /// in candidate files only: decided once a code block, so the rule is not called at all for the operations of other files.
    /// </summary>
    public static void RegisterCandidateOperationAction(this CompilationStartAnalysisContext start, Action<OperationAnalysisContext> action, params OperationKind[] kinds) =>
        start.RegisterOperationBlockStartAction(block =>
        {
            if (block.OperationBlocks.Length > 0 && MayReport(block.OperationBlocks[0].Syntax.SyntaxTree, block.CancellationToken))
                block.RegisterOperationAction(action, kinds);
        });

    /// <summary><see cref="CompilationStartAnalysisContext.RegisterSyntaxNodeAction{TLanguageKindEnum}(Action{SyntaxNodeAnalysisContext}, TLanguageKindEnum[])"/>, in candidate files only.</summary>
    public static void RegisterCandidateSyntaxNodeAction(this CompilationStartAnalysisContext start, Action<SyntaxNodeAnalysisContext> action, params SyntaxKind[] kinds) =>
        start.RegisterSyntaxNodeAction(
            context =>
            {
                if (MayReport(context.Node.SyntaxTree, context.CancellationToken)) action(context);
            },
            kinds);
}
