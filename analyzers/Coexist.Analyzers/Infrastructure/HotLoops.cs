using System.Runtime.CompilerServices;

namespace Coexist.Analyzers;

/// <summary>
/// For the few loops that run over every character or token of every file (the candidate-file decision).
/// </summary>
/// <remarks>
/// A build is usually a fresh compiler process, where .NET first compiles each method quickly and unoptimized and
/// optimizes it only once the process has gone a while without compiling new methods, which the compiler, busy
/// compiling its own code, rarely lets happen while the analyzers run. These loops would then run unoptimized for the
/// whole build, three to four times slower than they need to (docs/performance.md, "C# analyzers").
/// </remarks>
internal static class HotLoops
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c>: compiled optimized at first call. netstandard2.0 does not name
    /// the flag; runtimes that do not know it (.NET Framework) ignore it.
    /// </summary>
    public const MethodImplOptions OptimizeAtOnce = (MethodImplOptions)0x0200;
}
