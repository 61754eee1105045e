using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coexist.Cli.Tests;

/// <summary>
/// The least web server the probe command's tests need: a dual-stack loopback port that answers every request
/// with the same small page and closes, so that the web checks have a site to judge on both families.
/// </summary>
internal sealed class LoopbackHttpResponder : IDisposable
{
    private const string Page = "<!doctype html><html><head><title>cli</title></head><body>the same page on both families</body></html>";
    private readonly TcpListener _listener = new(IPAddress.IPv6Any, 0) { Server = { DualMode = true } };
    private readonly CancellationTokenSource _stop = new();

    public LoopbackHttpResponder()
    {
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = Task.Run(() => AnswerAsync(socket));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task AnswerAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                var buffer = new byte[8192];
                var read = 0;
                while (read < buffer.Length && !Encoding.Latin1.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token);
                    if (n == 0) return;
                    read += n;
                }
                var answer = $"HTTP/1.1 200 OK\r\nServer: cli-test\r\nContent-Type: text/html\r\nContent-Length: {Page.Length}\r\nConnection: close\r\n\r\n{Page}";
                await socket.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None, _stop.Token);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
