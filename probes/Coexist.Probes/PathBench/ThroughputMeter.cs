using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coexist.Probes.PathBench;

/// <summary>One bulk transfer: what the server counted, how long until it said so, and the rate that makes.</summary>
public sealed record ThroughputRun(long Bytes, TimeSpan Elapsed, string? Failure)
{
    public bool Measured => Failure is null && Elapsed > TimeSpan.Zero;

    public double Mbps => Measured ? BenchStatistics.Mbps(Bytes, Elapsed) : 0;
}

/// <summary>Which way a throughput run moves data.</summary>
public enum ThroughputDirection
{
    /// <summary>Server to client (iperf3 -R): how a response crosses the path. The default.</summary>
    Download,

    /// <summary>Client to server (iperf3's default), counted by the server's discard.</summary>
    Upload,
}

/// <summary>
/// TCP goodput the way iperf3 reports its receiver, counted by whichever end receives. Download: the server writes
/// for the set time (<c>COEXIST-SOURCE</c>) and closes; the rate is what arrived over the time from the request to
/// the close. Upload: the client writes to the discard service, shuts its side down, and the server answers how many
/// bytes it took in; the rate is those bytes over the time from the first write until that answer, so data still
/// queued when the client stopped counts only once it has crossed the path.
/// Download is the default because a client that sends large packets learns the path MTU from the Packet Too Big
/// they draw, and then no longer sees a black hole in the other direction (<see cref="EchoProtocol"/>).
/// </summary>
public static class ThroughputMeter
{
    /// <summary>iperf3's default TCP write (128 KiB): few enough system calls that the path, not the client, is measured.</summary>
    public const int WriteBytes = 128 * 1024;

    /// <summary>How much a download read waits for (SO_RCVLOWAT); a close or the timeout ends the wait with less.</summary>
    public const int ReceiveLowWater = 64 * 1024;

    /// <summary>The server's answer is one short line.</summary>
    private const int MaxAnswerBytes = 128;

    public static Task<ThroughputRun> RunAsync(IPEndPoint endpoint, ThroughputDirection direction, TimeSpan duration, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(endpoint, direction, duration, timeout, cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static ThroughputRun Run(IPEndPoint endpoint, ThroughputDirection direction, TimeSpan duration, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var waitMs = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        socket.SendTimeout = waitMs;
        socket.ReceiveTimeout = waitMs;
        // Blocking calls throughout: an asynchronous connect would leave the socket in the slower emulated mode.
        if (!LatencyMeter.ConnectBlocking(socket, endpoint, timeout, out var error)) return Failed(error!);
        var moved = 0L;
        try
        {
            return direction == ThroughputDirection.Download
                ? Download(socket, duration, ref moved, cancellationToken)
                : Upload(socket, duration, ref moved, cancellationToken);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            socket.LingerState = new LingerOption(true, 0);   // a reset: the server stops sending into the void at once
            return Failed($"the transfer stalled for {timeout.TotalSeconds:0.###} s after {moved:N0} bytes");
        }
        catch (SocketException e)
        {
            return Failed(LatencyMeter.Describe(e.SocketErrorCode));
        }
    }

    private static ThroughputRun Download(Socket socket, TimeSpan duration, ref long received, CancellationToken cancellationToken)
    {
        var request = EchoProtocol.SourceCommand(duration);
        var buffer = new byte[WriteBytes];
        try
        {
            // Woken once this much is in, not for every packet: on a path a user-space translator limits, a reader
            // woken per packet takes CPU from the translator it shares the machine with.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, ReceiveLowWater);
        }
        catch (SocketException)
        {
            // Without it: more wake-ups, the same count.
        }
        var started = Stopwatch.GetTimestamp();
        socket.Send(request);
        int n;
        while ((n = socket.Receive(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // An RFC 862 echo server sends the request back and waits for more: it would only ever stall.
            if (received == 0 && n >= request.Length && buffer.AsSpan(0, request.Length).SequenceEqual(request))
                return Failed("the server echoed the request instead of sending data: not a coexist echo-server");
            received += n;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        return received == 0 ? Failed("the server closed without sending anything: not a coexist echo-server") : new ThroughputRun(received, elapsed, null);
    }

    private static ThroughputRun Upload(Socket socket, TimeSpan duration, ref long sent, CancellationToken cancellationToken)
    {
        socket.Send(EchoProtocol.DiscardCommand);
        var block = new byte[WriteBytes];
        EchoProtocol.Fill(block, 0);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sent += socket.Send(block);
        }
        socket.Shutdown(SocketShutdown.Send);

        var answer = ReadLine(socket);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (!EchoProtocol.TryParseReceived(answer, out var counted, out _))
        {
            return Failed(answer.Length == 0
                ? "the server closed without counting what it received: not a coexist echo-server"
                : $"the server answered '{Printable(answer)}' instead of counting what it received: not a coexist echo-server");
        }
        return new ThroughputRun(counted, elapsed, null);
    }

    private static ThroughputRun Failed(string why) => new(0, TimeSpan.Zero, why);

    private static string ReadLine(Socket socket)
    {
        var buffer = new byte[MaxAnswerBytes];
        var have = 0;
        while (have < buffer.Length)
        {
            var n = socket.Receive(buffer, have, buffer.Length - have, SocketFlags.None);
            if (n == 0) break;
            have += n;
            if (Array.IndexOf(buffer, (byte)'\n', 0, have) >= 0) break;
        }
        return Encoding.ASCII.GetString(buffer, 0, have);
    }

    private static string Printable(string text)
    {
        var line = new string([.. text.Trim().Select(c => char.IsControl(c) ? '.' : c)]);
        return line.Length > 40 ? line[..40] + "..." : line;
    }
}
