namespace Coexist.Probes.Engine;

/// <summary>How the engine schedules checks.</summary>
public sealed record EngineOptions
{
    /// <summary>
    /// Checks in flight at once. Not a protocol number: enough to keep a run of a few hundred services short
    /// while staying far below a host's socket and file limits; <c>--concurrency</c> changes it.
    /// </summary>
    public const int DefaultConcurrency = 32;

    /// <summary>
    /// The deadline of one check, retries included: twice the 5 s an authoritative server is given to answer
    /// (COEX3004, after dig's default +timeout), so a check that asks several servers in turn still ends.
    /// </summary>
    public static readonly TimeSpan DefaultCheckTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Checks per second that may start against one target: 20 keeps a probe run well under any sensible abuse threshold.</summary>
    public static readonly TimeSpan DefaultPerTargetInterval = TimeSpan.FromMilliseconds(50);

    public static EngineOptions Default { get; } = new();

    public int Concurrency { get; init; } = DefaultConcurrency;

    public TimeSpan CheckTimeout { get; init; } = DefaultCheckTimeout;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>The least time between the starts of two checks of one target.</summary>
    public TimeSpan PerTargetInterval { get; init; } = DefaultPerTargetInterval;

    /// <summary>Told after each check: checks done so far, and how many there are.</summary>
    public IProgress<EngineProgress>? Progress { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (Concurrency < 1) throw new ArgumentException($"Concurrency must be at least 1, not {Concurrency}");
        if (CheckTimeout <= TimeSpan.Zero) throw new ArgumentException($"CheckTimeout must be positive, not {CheckTimeout}");
        if (PerTargetInterval < TimeSpan.Zero) throw new ArgumentException("PerTargetInterval cannot be negative");
        Retry.Validate();
    }
}

/// <summary>Progress of a run: the check that just finished, and counts.</summary>
public sealed record EngineProgress(ProbeCheck Last, int Done, int Total);
