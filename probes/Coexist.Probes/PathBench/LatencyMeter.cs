using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Coexist.Probes.PathBench;

/// <summary>Round trips of one kind against one endpoint: the times of those answered, and why others were not.</summary>
public sealed record LatencyRun(IReadOnlyList<double> Milliseconds, int Attempts, string? Failure)
{
    public bool Answered => Milliseconds.Count > 0;

    public int Lost => Attempts - Milliseconds.Count;
}

/// <summary>
/// Round-trip time two ways: the TCP handshake (connect() until SYN-ACK, answered by the server's kernel, so no
/// server program is timed) and UDP echo (RFC 862, one datagram there and back, as ping does with ICMP).
/// Both run in blocking calls on a thread of their own: the kernel wakes that thread when the answer arrives,
/// with no hop through the thread pool, and the clock is read right there (Stopwatch, the monotonic clock).
/// </summary>
public static class LatencyMeter
{
    /// <summary>Bytes of a UDP echo probe: a sequence number and a nonce, about ping's 64-byte default in size.</summary>
    public const int EchoPayloadBytes = 56;

    /// <summary>How many first round trips may go unanswered before the target counts as silent (no UDP echo, no TCP listener).</summary>
    public const int GiveUpAfter = 3;

    /// <summary>How long one UDP echo is waited for: a path with a longer round trip is broken, not slow (ping counts a reply as lost much later, but keeps sending meanwhile).</summary>
    public static readonly TimeSpan EchoTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Each run starts with one round trip that is not counted: it pays for neighbour discovery and cold caches.</summary>
    public const int WarmUpSamples = 1;

    /// <summary>
    /// The pause between round trips, as <c>ping -i 0.01</c>. Back to back, each round trip finds CPUs, caches and
    /// the translator awake and comes out several times faster than a lone request does (measured in the lab:
    /// ping -i 0.001 gives 0.007 ms on v4 where -i 0.01 gives 0.066 ms); spaced, it is the latency a request meets.
    /// </summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(10);

    public static Task<LatencyRun> TcpConnectAsync(IPEndPoint endpoint, int samples, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken) =>
        OnOwnThread(() => TcpConnect(endpoint, samples, interval, timeout, cancellationToken), cancellationToken);

    public static Task<LatencyRun> UdpEchoAsync(IPEndPoint endpoint, int samples, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken) =>
        OnOwnThread(() => UdpEcho(endpoint, samples, interval, timeout, cancellationToken), cancellationToken);

    private static Task<T> OnOwnThread<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static LatencyRun TcpConnect(IPEndPoint endpoint, int samples, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        for (var i = 0; i < WarmUpSamples; i++)
        {
            if (ConnectOnce(endpoint, timeout, out var error) is null && IsRefused(error)) return new LatencyRun([], 1, error);
        }
        var times = new List<double>(samples);
        string? failure = null;
        for (var i = 0; i < samples; i++)
        {
            Pause(interval, cancellationToken);
            if (ConnectOnce(endpoint, timeout, out var error) is { } ms) times.Add(ms);
            else failure = error;
            // A refused port will not open by asking again; a silent one gets a few tries, not a full run of timeouts.
            if (times.Count == 0 && (IsRefused(error) || i + 1 >= GiveUpAfter)) return new LatencyRun(times, i + 1, error);
        }
        return new LatencyRun(times, samples, failure);
    }

    private static bool IsRefused(string? error) => error is not null && error.StartsWith("connection refused", StringComparison.Ordinal);

    private static double? ConnectOnce(IPEndPoint endpoint, TimeSpan timeout, out string? error)
    {
        error = null;
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        var started = Stopwatch.GetTimestamp();
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
        {
            // Non-blocking connect: the handshake is under way; poll() below waits for its end.
        }
        catch (SocketException e)
        {
            error = Describe(e.SocketErrorCode);
            return null;
        }
        var done = socket.Poll(Micros(timeout), SelectMode.SelectWrite);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (!done)
        {
            error = $"no SYN-ACK within {timeout.TotalSeconds:0.###} s";
            return null;
        }
        var code = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (code != 0)
        {
            error = Describe((SocketError)code);
            return null;
        }
        // The kernel's own SYN to SYN-ACK time where it tells (its first RTT sample sets SRTT, RFC 6298 §2.2); the
        // stopwatch also holds this thread's wake-up.
        return TcpInfo.Read(socket) is { RttMicroseconds: > 0 and var micros } && micros <= elapsed.TotalMicroseconds
            ? micros / 1000
            : elapsed.TotalMilliseconds;
    }

    /// <summary>Connects within <paramref name="timeout"/> and leaves the socket in blocking mode, never touched by the asynchronous engine.</summary>
    internal static bool ConnectBlocking(Socket socket, IPEndPoint endpoint, TimeSpan timeout, out string? error)
    {
        socket.Blocking = false;
        error = null;
        try
        {
            socket.Connect(endpoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
        {
            if (!socket.Poll(Micros(timeout), SelectMode.SelectWrite))
            {
                error = $"no connection within {timeout.TotalSeconds:0.###} s";
                return false;
            }
            var code = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (code != 0)
            {
                error = Describe((SocketError)code);
                return false;
            }
        }
        catch (SocketException e)
        {
            error = Describe(e.SocketErrorCode);
            return false;
        }
        socket.Blocking = true;
        return true;
    }

    private static LatencyRun UdpEcho(IPEndPoint endpoint, int samples, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(endpoint);
        var nonce = RandomNumberGenerator.GetBytes(8);
        var payload = new byte[EchoPayloadBytes];
        nonce.CopyTo(payload, 8);
        var reply = new byte[EchoPayloadBytes + 1];
        var times = new List<double>(samples);
        var sent = 0;
        string? failure = null;
        for (long sequence = 0; sent < samples; sequence++)
        {
            Pause(interval, cancellationToken);
            var warmUp = sequence < WarmUpSamples;
            BinaryPrimitives.WriteInt64BigEndian(payload, sequence);
            var time = EchoOnce(socket, payload, reply, timeout, out var error);
            if (error is not null) failure = error;
            if (warmUp) continue;
            sent++;
            if (time is { } ms) times.Add(ms);
            // ICMP port unreachable: nothing echoes on that port, and nothing will.
            if (times.Count == 0 && (error is not null && error.StartsWith("port unreachable", StringComparison.Ordinal) || sent >= GiveUpAfter))
                return new LatencyRun(times, sent, failure ?? $"no echo of {sent} datagrams within {timeout.TotalSeconds:0.###} s each");
        }
        return new LatencyRun(times, sent, times.Count < sent ? failure ?? "some datagrams were not echoed" : null);
    }

    private static double? EchoOnce(Socket socket, byte[] payload, byte[] reply, TimeSpan timeout, out string? error)
    {
        error = null;
        var sentAt = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        try
        {
            socket.Send(payload);
            while (true)
            {
                var left = timeout - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero || !socket.Poll(Micros(left), SelectMode.SelectRead))
                {
                    error = "datagram not echoed in time";
                    return null;
                }
                var n = socket.Receive(reply);
                var elapsed = Stopwatch.GetElapsedTime(started);
                // A late answer to an earlier probe is skipped; only this probe's own echo counts.
                if (n != payload.Length || !reply.AsSpan(0, n).SequenceEqual(payload)) continue;
                // As ping: sent by the clock here, received by the kernel's stamp, so this thread's wake-up is left out.
                return KernelClock.LastReceiveTime(socket) is { } arrived && arrived >= sentAt && arrived - sentAt <= elapsed
                    ? (arrived - sentAt).TotalMilliseconds
                    : elapsed.TotalMilliseconds;
            }
        }
        catch (SocketException e)
        {
            error = e.SocketErrorCode == SocketError.ConnectionRefused ? "port unreachable (ICMP): no UDP echo there" : Describe(e.SocketErrorCode);
            return null;
        }
    }

    /// <summary>Sleeps between round trips; wakes at once on cancellation.</summary>
    private static void Pause(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (interval <= TimeSpan.Zero) cancellationToken.ThrowIfCancellationRequested();
        else if (cancellationToken.WaitHandle.WaitOne(interval)) cancellationToken.ThrowIfCancellationRequested();
    }

    internal static int Micros(TimeSpan time) => (int)Math.Clamp(time.TotalMicroseconds, 0, int.MaxValue);

    internal static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens there)",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.TimedOut => "timed out",
        SocketError.ConnectionReset => "connection reset",
        SocketError.MessageSize => "message too long for the path",
        _ => error.ToString(),
    };
}
