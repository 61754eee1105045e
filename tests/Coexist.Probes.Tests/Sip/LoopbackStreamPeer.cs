using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Tests.Sip;

/// <summary>
/// One TCP connection on loopback whose far end runs a script: it writes whatever the test says, as slowly as
/// it says, then closes, resets or holds the connection. A test fixture only; it never leaves loopback.
/// </summary>
internal sealed class LoopbackStreamPeer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Socket _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _script;

    private LoopbackStreamPeer(Socket listener, Socket client, Socket server, Func<Socket, CancellationToken, Task> script)
    {
        _listener = listener;
        Client = client;
        _server = server;
        _script = Task.Run(async () =>
        {
            try
            {
                await script(server, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The test ended the connection first.
            }
        });
    }

    /// <summary>The test's end of the connection.</summary>
    public Socket Client { get; }

    public NetworkStream Stream => new(Client, ownsSocket: false);

    public static async Task<LoopbackStreamPeer> StartAsync(IPAddress loopback, Func<Socket, CancellationToken, Task> script)
    {
        Assert.True(IPAddress.IsLoopback(loopback), "the peer listens on loopback only");
        var listener = new Socket(loopback.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(loopback, 0));
        listener.Listen(1);
        var client = new Socket(loopback.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var accepting = listener.AcceptAsync(timeout.Token).AsTask();
        await client.ConnectAsync(listener.LocalEndPoint!, timeout.Token);
        var server = await accepting;
        server.NoDelay = true;
        return new LoopbackStreamPeer(listener, client, server, script);
    }

    /// <summary>Writes <paramref name="octets"/> and closes gracefully (FIN).</summary>
    public static Func<Socket, CancellationToken, Task> SendsThenCloses(byte[] octets) => async (socket, token) =>
    {
        await SendAsync(socket, octets, token);
        socket.Shutdown(SocketShutdown.Send);
    };

    /// <summary>Writes <paramref name="octets"/> and keeps the connection open and silent until the test ends.</summary>
    public static Func<Socket, CancellationToken, Task> SendsThenHolds(byte[] octets) => async (socket, token) =>
    {
        await SendAsync(socket, octets, token);
        await Task.Delay(Timeout.Infinite, token);
    };

    /// <summary>Writes <paramref name="octets"/> in pieces of <paramref name="piece"/> octets, <paramref name="pause"/> apart, then holds.</summary>
    public static Func<Socket, CancellationToken, Task> Dribbles(byte[] octets, int piece, TimeSpan pause, bool close) => async (socket, token) =>
    {
        for (var at = 0; at < octets.Length; at += piece)
        {
            await SendAsync(socket, octets.AsMemory(at, Math.Min(piece, octets.Length - at)), token);
            await Task.Delay(pause, token);
        }
        if (close) socket.Shutdown(SocketShutdown.Send);
        else await Task.Delay(Timeout.Infinite, token);
    };

    public static async Task SendAsync(Socket socket, ReadOnlyMemory<byte> octets, CancellationToken token)
    {
        for (var sent = 0; sent < octets.Length;)
            sent += await socket.SendAsync(octets[sent..], SocketFlags.None, token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Client.Dispose();
        _server.Dispose();
        _listener.Dispose();
        await _script;
        _stop.Dispose();
    }
}
