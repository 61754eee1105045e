using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Coexist.Model;

namespace Coexist.Probes.Engine;

/// <summary>
/// Runs checks with bounded concurrency, a deadline per check, retries with backoff for transient failures and a
/// rate limit per target, and streams results as they finish. N checks that each take their whole deadline T
/// finish in about T × ⌈N / concurrency⌉. One check's failure never stops the run: an exception becomes an
/// <c>error</c> result.
/// </summary>
public sealed class ProbeEngine
{
    private readonly EngineOptions _options;
    private readonly PerTargetRateLimiter _rate;

    public ProbeEngine(EngineOptions? options = null)
    {
        _options = options ?? EngineOptions.Default;
        _options.Validate();
        _rate = new PerTargetRateLimiter(_options.PerTargetInterval, _options.Time);
    }

    public EngineOptions Options => _options;

    /// <summary>
    /// Runs <paramref name="checks"/> and yields results in the order they finish. When
    /// <paramref name="cancellationToken"/> is cancelled, running checks are stopped, nothing more is yielded, and
    /// enumeration ends with <see cref="OperationCanceledException"/>, after every result that finished.
    /// </summary>
    public async IAsyncEnumerable<ProbeResult> RunAsync(IReadOnlyList<ProbeCheck> checks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var results = Channel.CreateUnbounded<ProbeResult>(new UnboundedChannelOptions { SingleReader = true });
        using var gate = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
        var done = 0;

        async Task RunOneAsync(ProbeCheck check)
        {
            IReadOnlyList<ProbeResult> finished;
            if (check.SkipReason is { } reason)
            {
                finished = [check.Result(Outcome.Skipped, reason)];
            }
            else
            {
                await _rate.WaitAsync(check.Target, cancellationToken).ConfigureAwait(false);
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    finished = await RunWithDeadlineAsync(check, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }
            // A check that finished as Ctrl+C came still counts; one that was cut short does not get here.
            foreach (var result in finished) results.Writer.TryWrite(result);
            _options.Progress?.Report(new EngineProgress(check, Interlocked.Increment(ref done), checks.Count));
        }

        var all = Task.WhenAll(checks.Select(check => Task.Run(() => RunOneAsync(check), CancellationToken.None)));
        _ = all.ContinueWith(_ => results.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        await foreach (var result in results.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            yield return result;

        try
        {
            await all.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>One check: attempts until it succeeds, fails for good, or its deadline passes.</summary>
    private async Task<IReadOnlyList<ProbeResult>> RunWithDeadlineAsync(ProbeCheck check, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var timeout = _options.CheckTimeout;
        for (var attempt = 1; ; attempt++)
        {
            var left = timeout - Stopwatch.GetElapsedTime(started);
            CheckReport report;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
                try
                {
                    report = check.RunAsync is { } run
                        ? await run(deadline.Token).ConfigureAwait(false)
                        : throw new InvalidOperationException("the check has neither work nor a skip reason");
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The deadline, not the user: the target gave no verdict in time. Not retried: the budget is spent.
                    return [TimedOut(check, timeout, attempt, Stopwatch.GetElapsedTime(started))];
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return [check.Result(Outcome.Error, $"the check failed unexpectedly: {e.GetType().Name}: {e.Message}",
                        evidence: new JsonObject { ["exception"] = e.ToString() }, duration: Stopwatch.GetElapsedTime(started))];
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (report.Transient && attempt < _options.Retry.MaxAttempts)
            {
                var delay = _options.Retry.DelayBefore(attempt + 1);
                // Retry only when a whole new attempt could still fit; a late retry would only turn a verdict into a timeout.
                if (elapsed + delay + (elapsed / attempt) < timeout)
                {
                    await Task.Delay(delay, _options.Time, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            return [.. report.Results.Select(result => Finish(result, attempt, elapsed))];
        }
    }

    private static ProbeResult Finish(ProbeResult result, int attempts, TimeSpan elapsed)
    {
        var finished = result.DurationMs > 0 ? result : result with { DurationMs = Math.Round(elapsed.TotalMilliseconds, 1) };
        if (attempts == 1) return finished;
        var evidence = finished.Evidence?.DeepClone().AsObject() ?? [];
        evidence["attempts"] = attempts;
        return finished with { Evidence = evidence };
    }

    private static ProbeResult TimedOut(ProbeCheck check, TimeSpan timeout, int attempt, TimeSpan elapsed) =>
        check.Result(Outcome.Fail, $"no answer within the check's {timeout.TotalSeconds:0.###} s deadline",
            evidence: new JsonObject { ["timeoutMs"] = timeout.TotalMilliseconds, ["attempts"] = attempt },
            duration: elapsed);
}
