using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Paths;

/// <summary>How one connection attempt ended.</summary>
public enum AttemptOutcome
{
    Connected,
    Failed,

    /// <summary>Still running when another attempt won or time ran out; closed unfinished.</summary>
    Abandoned,
}

/// <summary>One connection attempt of a race: when it started and ended, counted from the start of the race.</summary>
public sealed record ConnectionAttempt(IPAddress Address, TimeSpan StartedAt, TimeSpan EndedAt, AttemptOutcome Outcome, string? Error = null)
{
    public JsonObject ToJson() => new()
    {
        ["address"] = Address.ToString(),
        ["startedMs"] = Math.Round(StartedAt.TotalMilliseconds, 1),
        ["endedMs"] = Math.Round(EndedAt.TotalMilliseconds, 1),
        ["outcome"] = Outcome.ToString().ToLowerInvariant(),
        ["error"] = Error,
    };
}

/// <summary>The race's result: the connected socket (the caller owns it) and every attempt, as evidence.</summary>
public sealed record HappyEyeballsResult : IDisposable
{
    public Socket? Socket { get; init; }

    public IPAddress? Winner { get; init; }

    public ImmutableArray<ConnectionAttempt> Attempts { get; init; } = [];

    /// <summary>When the AAAA and A answers were taken, counted from the start (null: not there in time).</summary>
    public TimeSpan? AaaaAt { get; init; }

    public TimeSpan? AAt { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Why no connection was made, when none was.</summary>
    public string? Error { get; init; }

    public bool Connected => Socket is not null;

    public void Dispose() => Socket?.Dispose();

    public JsonObject ToJson() => new()
    {
        ["winner"] = Winner?.ToString(),
        ["elapsedMs"] = Math.Round(Elapsed.TotalMilliseconds, 1),
        ["aaaaAtMs"] = AaaaAt is { } aaaa ? Math.Round(aaaa.TotalMilliseconds, 1) : null,
        ["aAtMs"] = AAt is { } a ? Math.Round(a.TotalMilliseconds, 1) : null,
        ["attempts"] = new JsonArray([.. Attempts.Select(attempt => (JsonNode)attempt.ToJson())]),
    };
}

/// <summary>
/// Connecting as a real dual-stack client does (Happy Eyeballs version 2, RFC 8305): start with IPv6, give it a
/// head start, and let the first connection to complete win.
/// </summary>
public static class HappyEyeballs
{
    /// <summary>RFC 8305 §3: when the A answer comes first, wait this long for the AAAA answer before connecting.</summary>
    public static readonly TimeSpan ResolutionDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>RFC 8305 §5: the recommended wait before starting the next attempt while earlier ones run.</summary>
    public static readonly TimeSpan ConnectionAttemptDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>RFC 8305 §4: addresses of the preferred family (IPv6) tried before the families alternate.</summary>
    public const int FirstAddressFamilyCount = 1;

    /// <summary>
    /// The order of attempts (RFC 8305 §4): <paramref name="firstFamilyCount"/> IPv6 addresses, then one of each
    /// family in turn, each family keeping its own order; what is left of the longer list comes last.
    /// </summary>
    public static IReadOnlyList<IPAddress> Interleave(IEnumerable<IPAddress> ipv6, IEnumerable<IPAddress> ipv4, int firstFamilyCount = FirstAddressFamilyCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstFamilyCount, 1);
        var six = new Queue<IPAddress>(ipv6);
        var four = new Queue<IPAddress>(ipv4);
        var ordered = new List<IPAddress>(six.Count + four.Count);
        for (var i = 0; i < firstFamilyCount && six.Count > 0; i++) ordered.Add(six.Dequeue());
        var takeFour = true;
        while (six.Count > 0 || four.Count > 0)
        {
            var from = takeFour ? (four.Count > 0 ? four : six) : (six.Count > 0 ? six : four);
            ordered.Add(from.Dequeue());
            takeFour = !takeFour;
        }
        return ordered;
    }

    /// <summary>Races connections to addresses already known, in the order given.</summary>
    public static Task<HappyEyeballsResult> ConnectAsync(IReadOnlyList<IPAddress> addresses, int port, IProbeNetwork network, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var ipv6 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).ToList();
        var ipv4 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToList();
        return ConnectAsync(Task.FromResult<IReadOnlyList<IPAddress>>(ipv6), Task.FromResult<IReadOnlyList<IPAddress>>(ipv4), port, network, timeout, cancellationToken);
    }

    /// <summary>
    /// Resolves and connects as RFC 8305 describes: connecting starts as soon as AAAA answers arrive, or
    /// <see cref="ResolutionDelay"/> after A answers when AAAA answers lag; answers that arrive later join the race.
    /// A lookup that fails counts as no addresses.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (running attempts are closed first).</exception>
    public static async Task<HappyEyeballsResult> ConnectAsync(
        Task<IReadOnlyList<IPAddress>> aaaa, Task<IReadOnlyList<IPAddress>> a, int port, IProbeNetwork network, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aaaa);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var race = new Race(port, network, Stopwatch.GetTimestamp());
        try
        {
            return await race.RunAsync(aaaa, a, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await race.AbandonAllAsync().ConfigureAwait(false);
            return race.Result(null, null, $"no connection within {timeout.TotalSeconds:0.###} s");
        }
        catch (OperationCanceledException)
        {
            await race.AbandonAllAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class Race(int port, IProbeNetwork network, long started)
    {
        private readonly List<ConnectionAttempt> _finished = [];
        private readonly List<Running> _running = [];
        private readonly Queue<IPAddress> _ipv6 = new();
        private readonly Queue<IPAddress> _ipv4 = new();
        private int _ipv6Started;
        private AddressFamily? _lastFamily;
        private TimeSpan? _aaaaAt;
        private TimeSpan? _aAt;

        private sealed record Running(IPAddress Address, TimeSpan StartedAt, Task<Socket> Connect, CancellationTokenSource Stop);

        private TimeSpan Now => Stopwatch.GetElapsedTime(started);

        public async Task<HappyEyeballsResult> RunAsync(Task<IReadOnlyList<IPAddress>> aaaa, Task<IReadOnlyList<IPAddress>> a, CancellationToken cancellationToken)
        {
            await ResolveFirstAsync(aaaa, a, cancellationToken).ConfigureAwait(false);
            var lastStart = TimeSpan.Zero;
            var failedSinceStart = false;
            while (true)
            {
                Absorb(aaaa, a);
                var next = PeekNext();
                var due = _running.Count == 0 || failedSinceStart || Now - lastStart >= ConnectionAttemptDelay;
                if (next is not null && due)
                {
                    Start(Take(next.Value), cancellationToken);
                    lastStart = Now;
                    failedSinceStart = false;
                    continue;
                }
                var resolving = !aaaa.IsCompleted || !a.IsCompleted;
                if (_running.Count == 0 && next is null && !resolving)
                    return Result(null, null, _finished.Count == 0 ? "no addresses to connect to" : "every attempt failed");

                var waits = new List<Task>(_running.Select(r => (Task)r.Connect));
                if (next is not null) waits.Add(Task.Delay(Max(lastStart + ConnectionAttemptDelay - Now, TimeSpan.Zero), cancellationToken));
                if (!aaaa.IsCompleted) waits.Add(aaaa);
                if (!a.IsCompleted) waits.Add(a);
                await Task.WhenAny(waits).WaitAsync(cancellationToken).ConfigureAwait(false);

                foreach (var attempt in _running.Where(r => r.Connect.IsCompleted).ToList())
                {
                    _running.Remove(attempt);
                    if (attempt.Connect.IsCompletedSuccessfully)
                    {
                        _finished.Add(new ConnectionAttempt(attempt.Address, attempt.StartedAt, Now, AttemptOutcome.Connected));
                        await AbandonAllAsync().ConfigureAwait(false);
                        return Result(attempt.Connect.Result, attempt.Address, null);
                    }
                    _finished.Add(new ConnectionAttempt(attempt.Address, attempt.StartedAt, Now, AttemptOutcome.Failed, Describe(attempt.Connect.Exception)));
                    attempt.Stop.Dispose();
                    failedSinceStart = true;
                }
            }
        }

        // RFC 8305 §3: AAAA first means go; A first means wait up to the resolution delay for AAAA.
        private async Task ResolveFirstAsync(Task<IReadOnlyList<IPAddress>> aaaa, Task<IReadOnlyList<IPAddress>> a, CancellationToken cancellationToken)
        {
            var first = await Task.WhenAny(aaaa, a).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (first == aaaa && Addresses(aaaa).Count == 0)
                await a.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            else if (first == a && !aaaa.IsCompleted)
                await Task.WhenAny(aaaa, Task.Delay(ResolutionDelay, cancellationToken)).WaitAsync(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        private void Absorb(Task<IReadOnlyList<IPAddress>> aaaa, Task<IReadOnlyList<IPAddress>> a)
        {
            if (_aaaaAt is null && aaaa.IsCompleted)
            {
                _aaaaAt = Now;
                foreach (var address in Addresses(aaaa)) _ipv6.Enqueue(address);
            }
            if (_aAt is null && a.IsCompleted)
            {
                _aAt = Now;
                foreach (var address in Addresses(a)) _ipv4.Enqueue(address);
            }
        }

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

        private static IReadOnlyList<IPAddress> Addresses(Task<IReadOnlyList<IPAddress>> lookup) =>
            lookup.IsCompletedSuccessfully ? lookup.Result : [];

        // RFC 8305 §4: the first IPv6 address(es), then alternate families.
        private AddressFamily? PeekNext()
        {
            if (_ipv6.Count == 0 && _ipv4.Count == 0) return null;
            if (_ipv6.Count == 0) return AddressFamily.InterNetwork;
            if (_ipv4.Count == 0 || _ipv6Started < FirstAddressFamilyCount) return AddressFamily.InterNetworkV6;
            return _lastFamily == AddressFamily.InterNetworkV6 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        }

        private IPAddress Take(AddressFamily family)
        {
            _lastFamily = family;
            if (family == AddressFamily.InterNetworkV6)
            {
                _ipv6Started++;
                return _ipv6.Dequeue();
            }
            return _ipv4.Dequeue();
        }

        private void Start(IPAddress address, CancellationToken cancellationToken)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _running.Add(new Running(address, Now, ConnectOneAsync(address, stop.Token), stop));
        }

        private async Task<Socket> ConnectOneAsync(IPAddress address, CancellationToken cancellationToken)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(network.EndPointFor(address, port), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public async Task AbandonAllAsync()
        {
            foreach (var attempt in _running)
            {
                await attempt.Stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    // A connection that completed in the same instant as the winner is closed, not leaked.
                    (await attempt.Connect.ConfigureAwait(false)).Dispose();
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                }
                _finished.Add(new ConnectionAttempt(attempt.Address, attempt.StartedAt, Now, AttemptOutcome.Abandoned));
                attempt.Stop.Dispose();
            }
            _running.Clear();
        }

        public HappyEyeballsResult Result(Socket? socket, IPAddress? winner, string? error) => new()
        {
            Socket = socket,
            Winner = winner,
            Attempts = [.. _finished.OrderBy(f => f.StartedAt)],
            AaaaAt = _aaaaAt,
            AAt = _aAt,
            Elapsed = Now,
            Error = error,
        };

        private static string Describe(AggregateException? error) => error?.InnerException switch
        {
            SocketException socket => $"{socket.SocketErrorCode}",
            { } other => other.Message,
            null => "failed",
        };
    }
}
