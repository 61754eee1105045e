using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Tests.Support;

/// <summary>
/// A TCP port on loopback that takes no more connections and says nothing: a listener whose accept queue is full,
/// so the kernel drops further SYNs and connects hang, as toward a black-holed address. Linux drops SYNs to a
/// listener with a full accept queue (it answers neither SYN-ACK nor RST).
/// </summary>
internal sealed class SilentListener : IDisposable
{
    private static readonly TimeSpan FillerWait = TimeSpan.FromMilliseconds(300);
    private readonly Socket _listener;
    private readonly List<Socket> _fillers = [];

    private SilentListener(Socket listener) => _listener = listener;

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public static async Task<SilentListener> StartAsync(IPAddress loopback)
    {
        var listener = new Socket(loopback.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(loopback, 0));
        listener.Listen(0);
        var silent = new SilentListener(listener);
        // Fill the accept queue: connections complete until it is full, then one hangs.
        for (var i = 0; i < 16; i++)
        {
            var filler = new Socket(loopback.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            silent._fillers.Add(filler);
            using var wait = new CancellationTokenSource(FillerWait);
            try
            {
                await filler.ConnectAsync(silent.EndPoint, wait.Token);
            }
            catch (OperationCanceledException)
            {
                return silent;
            }
        }
        silent.Dispose();
        throw new InvalidOperationException("the accept queue never filled: this kernel does not drop SYNs to a full listener");
    }

    public void Dispose()
    {
        foreach (var filler in _fillers) filler.Dispose();
        _listener.Dispose();
    }
}

