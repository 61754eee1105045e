namespace Coexist.Probes.Engine;

/// <summary>
/// How the engine retries a check that reports a transient failure (a timeout that one lost packet explains, a
/// reset, a resolver's SERVFAIL): exponential backoff with jitter, and never past the check's deadline.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Two attempts: one more try tells a lost packet from a dead service without doubling every run.</summary>
    public const int DefaultMaxAttempts = 2;

    /// <summary>The first wait; each further retry waits <see cref="Factor"/> times longer, as RFC 1035 §4.2.1 asks of resolvers.</summary>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(200);

    public static RetryPolicy Default { get; } = new();

    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    public TimeSpan BaseDelay { get; init; } = DefaultBaseDelay;

    public double Factor { get; init; } = 2;

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Spread retries by up to this fraction of the delay, so checks that failed together do not retry together.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 for the first retry).</summary>
    public TimeSpan DelayBefore(int attempt, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 2);
        var delay = BaseDelay.TotalMilliseconds * Math.Pow(Factor, attempt - 2);
        delay = Math.Min(delay, MaxDelay.TotalMilliseconds);
        var spread = Jitter * delay * ((random ?? Random.Shared).NextDouble() * 2 - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, delay + spread));
    }

    internal void Validate()
    {
        if (MaxAttempts < 1) throw new ArgumentException($"MaxAttempts must be at least 1, not {MaxAttempts}");
        if (BaseDelay < TimeSpan.Zero || MaxDelay < TimeSpan.Zero) throw new ArgumentException("retry delays cannot be negative");
        if (Factor < 1) throw new ArgumentException($"Factor must be at least 1, not {Factor}");
        if (Jitter is < 0 or > 1) throw new ArgumentException($"Jitter must be between 0 and 1, not {Jitter}");
    }
}
