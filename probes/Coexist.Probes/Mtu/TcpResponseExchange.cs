using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coexist.Probes.PathBench;

namespace Coexist.Probes.Mtu;

/// <summary>How a TCP exchange ended.</summary>
public enum ExchangeEnd
{
    /// <summary>Everything came.</summary>
    Completes,

    /// <summary>The connection stayed open but data stopped coming: what a black hole looks like from the client.</summary>
    Stalls,

    /// <summary>No connection, a reset, or an answer that is not what was asked for: nothing can be said about the MTU.</summary>
    Failed,
}

/// <summary>
/// One request and its response: how it ended, how much came of how much was asked for, in what time, and what the
/// kernel says of the connection (<see cref="TcpInfo"/>: the MSS this host advertised, the largest segment it got).
/// </summary>
public sealed record ExchangeReport(ExchangeEnd End, int Asked, long Received, TimeSpan Elapsed, string Detail, TcpInfo? Connection = null)
{
    public string EndText => End switch { ExchangeEnd.Completes => "completes", ExchangeEnd.Stalls => "stalls", _ => "failed" };
}

/// <summary>
/// Asks an echo server for a response of a given size (<c>COEXIST-SEND bytes</c>) and reads it, as a client reads a
/// web page, a certificate chain or a DNS answer over TCP: the request is small, the response as large as asked. A
/// large one makes the server send full-size segments towards this host, the direction in which a black hole (a hop
/// that drops them and a firewall that drops the Packet Too Big) shows; a small one fits in a single packet.
/// </summary>
public static class TcpResponseExchange
{
    public static async Task<ExchangeReport> RunAsync(IPEndPoint endpoint, int bytes, TimeSpan connectTimeout, TimeSpan stallWindow, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var started = Stopwatch.GetTimestamp();
        long received = 0;
        TcpInfo? info = null;
        ExchangeReport Report(ExchangeEnd end, string detail) => new(end, bytes, received, Stopwatch.GetElapsedTime(started), detail, TcpInfo.Read(socket) ?? info);
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(connectTimeout);
                await socket.ConnectAsync(endpoint, connect.Token).ConfigureAwait(false);
            }
            info = TcpInfo.Read(socket);
            await socket.SendAsync(EchoProtocol.SendCommand(bytes), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[64 * 1024];
            var expected = new byte[buffer.Length];
            while (received < bytes)
            {
                int n;
                using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    stall.CancelAfter(stallWindow);
                    try
                    {
                        n = await socket.ReceiveAsync(buffer, SocketFlags.None, stall.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        var report = Report(ExchangeEnd.Stalls, $"{received:N0} of {bytes:N0} bytes came, then nothing for {stallWindow.TotalSeconds:0.#} s");
                        Abort(socket);
                        return report;
                    }
                }
                if (n == 0) return Report(ExchangeEnd.Failed, $"the server closed after {received:N0} of {bytes:N0} bytes: not a coexist echo-server");
                EchoProtocol.Fill(expected.AsSpan(0, n), received);
                if (!buffer.AsSpan(0, n).SequenceEqual(expected.AsSpan(0, n)))
                    return Report(ExchangeEnd.Failed, "the server answered something other than the response asked for: not a coexist echo-server");
                received += n;
            }
            return Report(ExchangeEnd.Completes, $"{bytes:N0} bytes in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.#} ms");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Report(ExchangeEnd.Failed, $"no connection within {connectTimeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            return Report(ExchangeEnd.Failed, LatencyMeter.Describe(e.SocketErrorCode));
        }
    }

    /// <summary>A reset rather than a close: the server stops retransmitting what will never arrive, at once.</summary>
    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Closing normally is the fallback.
        }
    }
}
