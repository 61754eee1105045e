using System.Net;
using System.Net.Sockets;

namespace Coexist.Lab.Tests.Clients;

public static class TcpConnect
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Opens and closes a TCP connection; a refusal or a timeout throws.</summary>
    public static async Task ConnectAsync(IPAddress address, int port)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
    }
}
