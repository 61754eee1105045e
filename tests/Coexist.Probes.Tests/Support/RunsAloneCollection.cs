namespace Coexist.Probes.Tests.Support;

/// <summary>
/// Tests that run with no other test beside them: the fuzzers, which keep a core busy for seconds, and the tests
/// whose verdicts depend on which of two close timers fires first, which a busy neighbour on a two-core machine can
/// delay by most of a second.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "runs alone";
}
