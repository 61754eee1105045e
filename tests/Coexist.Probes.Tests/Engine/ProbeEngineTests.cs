using System.Collections.Concurrent;
using System.Diagnostics;
using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Tests.Engine;

public class ProbeEngineTests
{
    private static ProbeCheck Check(string target, Func<ProbeCheck, CancellationToken, Task<CheckReport>> run, ProbePath path = ProbePath.V4)
    {
        var check = new ProbeCheck { Service = "svc", Kind = ServiceKind.Web, Check = "test", Path = path, Target = target };
        return check with { RunAsync = ct => run(check, ct) };
    }

    private static Task<CheckReport> Pass(ProbeCheck check, string? detail = null) =>
        Task.FromResult(CheckReport.Of(check.Result(Outcome.Pass, detail ?? check.Target)));

    private static async Task<List<ProbeResult>> RunAsync(ProbeEngine engine, IReadOnlyList<ProbeCheck> checks, CancellationToken cancellationToken = default)
    {
        var results = new List<ProbeResult>();
        await foreach (var result in engine.RunAsync(checks, cancellationToken)) results.Add(result);
        return results;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public async Task No_more_checks_run_at_once_than_the_concurrency_allows(int concurrency)
    {
        var running = 0;
        var most = 0;
        var checks = Enumerable.Range(0, 40).Select(i => Check($"t{i}", async (check, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref running);
            return CheckReport.Of(check.Result(Outcome.Pass, "ok"));
        })).ToList();

        var results = await RunAsync(new ProbeEngine(new EngineOptions { Concurrency = concurrency, PerTargetInterval = TimeSpan.Zero }), checks);

        Assert.Equal(40, results.Count);
        Assert.Equal(concurrency, most);
    }

    [Fact]
    public async Task Silent_checks_finish_in_about_the_timeout_times_the_number_of_rounds()
    {
        // 24 checks that would wait forever, 8 at a time, 300 ms each: 3 rounds, about 0.9 s, not 24 x 0.3 s.
        var timeout = TimeSpan.FromMilliseconds(300);
        var checks = Enumerable.Range(0, 24).Select(i => Check($"t{i}", async (check, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return CheckReport.Of();
        })).ToList();
        var clock = Stopwatch.StartNew();

        var results = await RunAsync(new ProbeEngine(new EngineOptions { Concurrency = 8, CheckTimeout = timeout, PerTargetInterval = TimeSpan.Zero }), checks);

        Assert.Equal(24, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(Outcome.Fail, r.Outcome);
            Assert.Contains("0.3 s deadline", r.Detail);
            Assert.InRange(r.DurationMs, 280, 2000);
        });
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(850), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_growing_waits_and_the_last_verdict_stands()
    {
        var starts = new ConcurrentQueue<long>();
        var check = Check("flaky", (check, ct) =>
        {
            starts.Enqueue(Stopwatch.GetTimestamp());
            var attempt = starts.Count;
            return Task.FromResult(attempt < 3
                ? new CheckReport([check.Result(Outcome.Fail, $"attempt {attempt} lost a packet")], Transient: true)
                : CheckReport.Of(check.Result(Outcome.Pass, $"attempt {attempt} got through")));
        });
        var retry = new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(100), Factor = 3, Jitter = 0 };

        var result = Assert.Single(await RunAsync(new ProbeEngine(new EngineOptions { Retry = retry, PerTargetInterval = TimeSpan.Zero }), [check]));

        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.Equal("attempt 3 got through", result.Detail);
        Assert.Equal(3, result.Evidence!["attempts"]!.GetValue<int>());
        var times = starts.ToArray();
        var first = Stopwatch.GetElapsedTime(times[0], times[1]);
        var second = Stopwatch.GetElapsedTime(times[1], times[2]);
        Assert.InRange(first, TimeSpan.FromMilliseconds(95), TimeSpan.FromMilliseconds(290));
        Assert.InRange(second, TimeSpan.FromMilliseconds(290), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Failures_that_are_not_transient_are_not_retried()
    {
        var attempts = 0;
        var check = Check("dead", (check, ct) =>
        {
            Interlocked.Increment(ref attempts);
            return Task.FromResult(CheckReport.Of(check.Result(Outcome.Fail, "refused")));
        });

        var result = Assert.Single(await RunAsync(new ProbeEngine(new EngineOptions { PerTargetInterval = TimeSpan.Zero }), [check]));

        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Equal(1, attempts);
        Assert.Null(result.Evidence);
    }

    [Fact]
    public async Task A_retry_that_would_not_fit_in_the_deadline_is_not_started()
    {
        var attempts = 0;
        var check = Check("slow", async (check, ct) =>
        {
            Interlocked.Increment(ref attempts);
            await Task.Delay(250, ct);
            return new CheckReport([check.Result(Outcome.Fail, "timed out inside")], Transient: true);
        });
        var options = new EngineOptions { CheckTimeout = TimeSpan.FromMilliseconds(400), Retry = new RetryPolicy { MaxAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(50), Jitter = 0 }, PerTargetInterval = TimeSpan.Zero };

        var result = Assert.Single(await RunAsync(new ProbeEngine(options), [check]));

        Assert.Equal("timed out inside", result.Detail);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Checks_of_one_target_start_at_least_the_interval_apart_while_other_targets_do_not_wait()
    {
        var starts = new ConcurrentDictionary<string, ConcurrentQueue<long>>();
        ProbeCheck Timed(string target) => Check(target, (check, ct) =>
        {
            starts.GetOrAdd(target, _ => new()).Enqueue(Stopwatch.GetTimestamp());
            return Pass(check);
        });
        var checks = Enumerable.Range(0, 5).Select(_ => Timed("busy.example")).Concat(Enumerable.Range(0, 5).Select(i => Timed($"other{i}.example"))).ToList();
        var began = Stopwatch.GetTimestamp();

        await RunAsync(new ProbeEngine(new EngineOptions { Concurrency = 10, PerTargetInterval = TimeSpan.FromMilliseconds(100) }), checks);

        // Check i of the busy target may start no earlier than i intervals after the run began. (Measured between
        // starts instead, a first check that the thread pool ran a few ms late made the next gap look short.)
        var busy = starts["busy.example"].Order().ToArray();
        for (var i = 1; i < busy.Length; i++)
            Assert.True(Stopwatch.GetElapsedTime(began, busy[i]) >= i * TimeSpan.FromMilliseconds(100), $"start {i} came {Stopwatch.GetElapsedTime(began, busy[i]).TotalMilliseconds} ms after the run began");
        // The other targets do not queue behind the busy one: all of them start before its second slot.
        Assert.All(Enumerable.Range(0, 5), i => Assert.True(starts[$"other{i}.example"].Single() < busy[1],
            $"other{i} started {Stopwatch.GetElapsedTime(busy[0], starts[$"other{i}.example"].Single()).TotalMilliseconds} ms after the first busy check"));
    }

    [Fact]
    public async Task Results_stream_in_the_order_checks_finish()
    {
        ProbeCheck After(string target, int milliseconds) => Check(target, async (check, ct) =>
        {
            await Task.Delay(milliseconds, ct);
            return CheckReport.Of(check.Result(Outcome.Pass, target));
        });
        var checks = new[] { After("slow", 600), After("fast", 10), After("middle", 300) };
        var arrivals = new List<(string Target, long At)>();
        var began = Stopwatch.GetTimestamp();

        await foreach (var result in new ProbeEngine(new EngineOptions { PerTargetInterval = TimeSpan.Zero }).RunAsync(checks))
            arrivals.Add((result.Target, Stopwatch.GetTimestamp()));

        Assert.Equal(["fast", "middle", "slow"], arrivals.Select(a => a.Target));
        // Streamed: the first result arrived long before the last check ended.
        Assert.True(Stopwatch.GetElapsedTime(began, arrivals[0].At) < TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Cancelling_yields_what_finished_then_throws()
    {
        using var cancel = new CancellationTokenSource();
        var finished = Enumerable.Range(0, 3).Select(i => Check($"quick{i}", (check, ct) => Pass(check)));
        var hanging = Enumerable.Range(0, 3).Select(i => Check($"hang{i}", async (check, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return CheckReport.Of();
        }));
        var seen = new List<ProbeResult>();
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var result in new ProbeEngine(new EngineOptions { PerTargetInterval = TimeSpan.Zero }).RunAsync([.. finished, .. hanging], cancel.Token))
            {
                seen.Add(result);
                if (seen.Count == 3) cancel.CancelAfter(100);
            }
        });

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Equal(["quick0", "quick1", "quick2"], seen.Select(r => r.Target).Order());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_check_that_throws_becomes_an_error_and_the_run_goes_on()
    {
        var checks = new[]
        {
            Check("broken", (check, ct) => throw new InvalidOperationException("a bug")),
            Check("fine", (check, ct) => Pass(check)),
        };

        var results = await RunAsync(new ProbeEngine(new EngineOptions { PerTargetInterval = TimeSpan.Zero }), checks);

        var broken = Assert.Single(results, r => r.Target == "broken");
        Assert.Equal(Outcome.Error, broken.Outcome);
        Assert.Contains("InvalidOperationException: a bug", broken.Detail);
        Assert.Equal(Outcome.Pass, Assert.Single(results, r => r.Target == "fine").Outcome);
    }

    [Fact]
    public async Task Checks_that_do_not_apply_are_skipped_without_running()
    {
        var check = new ProbeCheck { Service = "svc", Kind = ServiceKind.Dns, Check = "dns-glue", Path = ProbePath.Nat64, Target = "zone", SkipReason = "glue is about v4 and v6" };

        var result = Assert.Single(await RunAsync(new ProbeEngine(), [check]));

        Assert.Equal(Outcome.Skipped, result.Outcome);
        Assert.Equal("glue is about v4 and v6", result.Detail);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Impossible_options_are_refused(int concurrency) =>
        Assert.Throws<ArgumentException>(() => new ProbeEngine(new EngineOptions { Concurrency = concurrency }));

    [Fact]
    public void Retry_waits_grow_by_the_factor_and_stay_under_the_cap()
    {
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), Factor = 2, MaxDelay = TimeSpan.FromMilliseconds(350), Jitter = 0 };

        Assert.Equal([100, 200, 350, 350], Enumerable.Range(2, 4).Select(a => policy.DelayBefore(a).TotalMilliseconds));
        var jittered = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), Jitter = 0.2 };
        Assert.All(Enumerable.Range(0, 50), _ => Assert.InRange(jittered.DelayBefore(2).TotalMilliseconds, 80, 120));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
    }
}
