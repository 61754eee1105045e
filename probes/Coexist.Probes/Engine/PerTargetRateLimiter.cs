namespace Coexist.Probes.Engine;

/// <summary>
/// Spaces the checks that contact one target at least <see cref="Interval"/> apart, whatever the concurrency:
/// a probe run must not look like an attack to the servers it judges. Each caller reserves the next free slot of
/// its target and sleeps until then; different targets never wait for each other.
/// </summary>
public sealed class PerTargetRateLimiter(TimeSpan interval, TimeProvider? time = null)
{
    private readonly Dictionary<string, long> _nextSlot = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public TimeSpan Interval { get; } = interval >= TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval));

    /// <summary>Waits for <paramref name="target"/>'s next slot.</summary>
    public async Task WaitAsync(string target, CancellationToken cancellationToken = default)
    {
        if (Interval == TimeSpan.Zero) return;
        var slot = Reserve(target);
        // Timers count whole milliseconds and may wake a little early: wait again for what is left, so that no two
        // checks of a target ever start less than the interval apart.
        for (var wait = Until(slot); wait > TimeSpan.Zero; wait = Until(slot))
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan Until(long slot) => _time.GetElapsedTime(_time.GetTimestamp(), slot);

    /// <summary>Takes the next slot of <paramref name="target"/> (a timestamp of <see cref="TimeProvider.GetTimestamp"/>).</summary>
    private long Reserve(string target)
    {
        var now = _time.GetTimestamp();
        var step = (long)(Interval.TotalSeconds * _time.TimestampFrequency);
        lock (_nextSlot)
        {
            var slot = _nextSlot.TryGetValue(target, out var next) && next > now ? next : now;
            _nextSlot[target] = slot + step;
            return slot;
        }
    }
}
