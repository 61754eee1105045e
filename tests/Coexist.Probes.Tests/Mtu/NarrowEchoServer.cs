using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Mtu;
using Coexist.Probes.PathBench;

namespace Coexist.Probes.Tests.Mtu;

/// <summary>
/// An echo server that behaves as if a narrow hop lay between it and the client: UDP answers larger than
/// <see cref="PathMtu"/> (as IP packets of the client's family) are lost, and, when <see cref="BlackHole"/> is set,
/// TCP responses larger than one small packet never start, as when Packet Too Big is filtered and every full-size
/// segment dies at the hop. Loopback has no narrow hop of its own; this is how the check's reasoning is tested here,
/// and the lab tests the real thing (tayga, a 1280 link, nftables).
/// </summary>
internal sealed class NarrowEchoServer : IDisposable
{
    /// <summary>Responses up to this size fit in one packet of any path and always pass.</summary>
    public const int SmallResponse = 1000;

    private readonly Socket _tcp;
    private readonly Socket _udp;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _held = [];

    public NarrowEchoServer(IPAddress loopback, int pathMtu, bool blackHole)
    {
        PathMtu = pathMtu;
        BlackHole = blackHole;
        _tcp = new Socket(loopback.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _tcp.Bind(new IPEndPoint(loopback, 0));
        _tcp.Listen(16);
        EndPoint = (IPEndPoint)_tcp.LocalEndPoint!;
        _udp = new Socket(loopback.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _udp.Bind(EndPoint);
        _ = Task.Run(ServeTcpAsync);
        _ = Task.Run(ServeUdpAsync);
    }

    public int PathMtu { get; }

    public bool BlackHole { get; }

    public IPEndPoint EndPoint { get; }

    private async Task ServeTcpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _tcp.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                var buffer = new byte[128];
                var have = 0;
                EchoRequest request;
                do
                {
                    var n = await connection.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None, _stop.Token);
                    if (n == 0) return;
                    have += n;
                    request = EchoProtocol.Parse(buffer.AsSpan(0, have));
                }
                while (request.Kind == EchoRequestKind.NeedMore);
                if (request.Kind != EchoRequestKind.Send) return;
                if (BlackHole && request.Argument > SmallResponse)
                {
                    lock (_held) _held.Add(connection);   // open and silent: the segments are "lost"
                    return;
                }
                var response = new byte[request.Argument];
                EchoProtocol.Fill(response, 0);
                await connection.SendAsync(response, SocketFlags.None, _stop.Token);
                connection.Shutdown(SocketShutdown.Send);
                connection.Dispose();
            });
        }
    }

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[70_000];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(EndPoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var request = EchoProtocol.Parse(buffer.AsSpan(0, received.ReceivedBytes), complete: true);
            if (request.Kind != EchoRequestKind.Send) continue;
            var size = (int)request.Argument;
            if (size + UdpSizeSearch.HeaderBytes(EndPoint.AddressFamily) > PathMtu) continue;   // lost at the narrow hop
            var reply = new byte[size];
            buffer.AsSpan(0, Math.Min(size, received.ReceivedBytes)).CopyTo(reply);
            await _udp.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _tcp.Dispose();
        _udp.Dispose();
        lock (_held) foreach (var socket in _held) socket.Dispose();
    }
}
