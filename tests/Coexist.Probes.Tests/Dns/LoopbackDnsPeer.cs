using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Dns;

namespace Coexist.Probes.Tests.Dns;

/// <summary>
/// A scriptable, misbehaving DNS server on loopback (UDP and TCP on the same ephemeral port): for each query
/// it sends whatever the test says, right or wrong. A test fixture only; it never leaves loopback.
/// </summary>
internal sealed class LoopbackDnsPeer : IAsyncDisposable
{
    public sealed record Query(DnsMessage Message, IPEndPoint From, int Index, long ReceivedAt);

    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Query, IEnumerable<byte[]>> _udpReplies;
    private readonly Func<Query, byte[]?>? _tcpReply;
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    private LoopbackDnsPeer(Socket udp, Socket tcp, Func<Query, IEnumerable<byte[]>> udpReplies, Func<Query, byte[]?>? tcpReply)
    {
        _udp = udp;
        _tcp = tcp;
        _udpReplies = udpReplies;
        _tcpReply = tcpReply;
        EndPoint = (IPEndPoint)udp.LocalEndPoint!;
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    public IPEndPoint EndPoint { get; }

    public ConcurrentQueue<Query> UdpQueries { get; } = new();

    public ConcurrentQueue<Query> TcpQueries { get; } = new();

    /// <summary>
    /// Starts a peer on <paramref name="loopback"/>. <paramref name="udp"/> gives the datagrams to send back
    /// for each UDP query (none: silence). <paramref name="tcp"/> gives the raw octets to write on a TCP
    /// connection, length prefixes included, before closing it; null holds the connection open and silent.
    /// Without <paramref name="tcp"/>, TCP connections are closed at once.
    /// </summary>
    public static LoopbackDnsPeer Start(IPAddress loopback, Func<Query, IEnumerable<byte[]>> udp, Func<Query, byte[]?>? tcp = null)
    {
        Assert.True(IPAddress.IsLoopback(loopback), "the peer listens on loopback only");
        for (var attempt = 0; ; attempt++)
        {
            var udpSocket = new Socket(loopback.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcpSocket = new Socket(loopback.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udpSocket.Bind(new IPEndPoint(loopback, 0));
                tcpSocket.Bind(udpSocket.LocalEndPoint!);
                tcpSocket.Listen(16);
                return new LoopbackDnsPeer(udpSocket, tcpSocket, udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                // The port was free for UDP but taken for TCP: try another.
                udpSocket.Dispose();
                tcpSocket.Dispose();
            }
        }
    }

    /// <summary>Only what <paramref name="udp"/> says, over UDP; TCP connections are closed.</summary>
    public static LoopbackDnsPeer Udp(IPAddress loopback, Func<Query, IEnumerable<byte[]>> udp) => Start(loopback, udp);

    public static byte[] Framed(params byte[][] messages)
    {
        var framed = new List<byte>();
        foreach (var message in messages)
        {
            framed.Add((byte)(message.Length >> 8));
            framed.Add((byte)message.Length);
            framed.AddRange(message);
        }
        return [.. framed];
    }

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[DnsLimits.MaxMessageLength];
        var index = 0;
        try
        {
            while (true)
            {
                var any = new IPEndPoint(_udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
                var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                var query = new Query(DnsMessage.Decode(buffer.AsSpan(0, received.ReceivedBytes)), (IPEndPoint)received.RemoteEndPoint, index++, Stopwatch.GetTimestamp());
                UdpQueries.Enqueue(query);
                foreach (var reply in _udpReplies(query))
                    await _udp.SendToAsync(reply, SocketFlags.None, query.From, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeTcpAsync()
    {
        var index = 0;
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var connection = await _tcp.AcceptAsync(_stop.Token);
                connections.Add(ServeConnectionAsync(connection, index++));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeConnectionAsync(Socket connection, int index)
    {
        using (connection)
        {
            try
            {
                var prefix = new byte[2];
                if (!await ReadFullyAsync(connection, prefix)) return;
                var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                // A client that gave up before sending its query closes the connection: nothing to serve.
                if (!await ReadFullyAsync(connection, message)) return;
                var query = new Query(DnsMessage.Decode(message), (IPEndPoint)connection.RemoteEndPoint!, index, Stopwatch.GetTimestamp());
                TcpQueries.Enqueue(query);
                if (_tcpReply is null) return;
                var reply = _tcpReply(query);
                if (reply is null)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                await connection.SendAsync(reply, SocketFlags.None, _stop.Token);
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }

    private async Task<bool> ReadFullyAsync(Socket connection, Memory<byte> buffer)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var got = await connection.ReceiveAsync(buffer[read..], SocketFlags.None, _stop.Token);
            if (got == 0) return false;
            read += got;
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Dispose();
        await Task.WhenAll(_udpLoop, _tcpLoop);
        _stop.Dispose();
    }
}

/// <summary>Whether this host can bind ::1; the IPv6 cases skip, visibly, when it cannot.</summary>
internal static class Loopback
{
    public static readonly IPAddress V4 = IPAddress.Loopback;
    public static readonly IPAddress V6 = IPAddress.IPv6Loopback;

    public static bool IPv6Available(out string? why)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            why = null;
            return true;
        }
        catch (SocketException e)
        {
            why = $"IPv6 loopback (::1) is not usable on this host: {e.SocketErrorCode}";
            return false;
        }
    }
}

/// <summary>A theory over 127.0.0.1 and ::1 that skips, saying why, when ::1 cannot be bound.</summary>
public sealed class LoopbackTheoryAttribute : TheoryAttribute
{
    public LoopbackTheoryAttribute()
    {
        if (!Loopback.IPv6Available(out var why)) Skip = why;
    }
}
