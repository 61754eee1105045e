using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coexist.Probes.Tests.Web;

/// <summary>How a hostile server misbehaves.</summary>
internal enum Hostility
{
    /// <summary>Accepts the connection, reads the request, never answers.</summary>
    Silent,

    /// <summary>Accepts, reads the first bytes of the TLS ClientHello, closes.</summary>
    CloseDuringTls,

    /// <summary>Redirects every URL to a new one on the same host, forever (/r/1 → /r/2 → ...).</summary>
    EndlessRedirects,

    /// <summary>Redirects /a to /b and /b to /a.</summary>
    RedirectLoop,

    /// <summary>Announces a 2 GiB body and sends zeros until the client goes away.</summary>
    HugeBody,

    /// <summary>Answers 200 with escape sequences, line-breaking tricks and 10 kB in a header, and a title full of control characters.</summary>
    GarbageHeaders,

    /// <summary>Answers 200 with HTML nested 100,000 elements deep (500 kB), which takes AngleSharp a minute to parse.</summary>
    DeepNesting,
}

/// <summary>
/// A real server on a loopback port (plain sockets, no framework) that misbehaves in one way: the peers the web
/// probe must survive with a typed verdict within its time, text fit for a report, and the run going on.
/// </summary>
internal sealed class HostileWebServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _held = [];
    private readonly Hostility _hostility;

    public HostileWebServer(Hostility hostility, IPAddress loopback)
    {
        _hostility = hostility;
        _listener = new TcpListener(loopback, 0);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Bytes sent in bodies so far (the huge body stops when the client goes).</summary>
    public long BytesSent => Interlocked.Read(ref _sent);

    private long _sent;

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = Task.Run(() => ServeAsync(socket));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            switch (_hostility)
            {
                case Hostility.Silent:
                    lock (_held) _held.Add(socket);
                    await ReadHeadAsync(socket);
                    return;   // held open, never answered, closed at Dispose
                case Hostility.CloseDuringTls:
                    await socket.ReceiveAsync(new byte[64], _stop.Token);
                    socket.Dispose();
                    return;
                case Hostility.EndlessRedirects:
                    var path = await ReadHeadAsync(socket);
                    var n = path.StartsWith("/r/", StringComparison.Ordinal) && int.TryParse(path[3..], out var i) ? i + 1 : 1;
                    await SendAsync(socket, $"HTTP/1.1 302 Found\r\nLocation: /r/{n}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    break;
                case Hostility.RedirectLoop:
                    var at = await ReadHeadAsync(socket);
                    await SendAsync(socket, $"HTTP/1.1 301 Moved Permanently\r\nLocation: {(at == "/a" ? "/b" : "/a")}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    break;
                case Hostility.HugeBody:
                    await ReadHeadAsync(socket);
                    await SendAsync(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2147483648\r\nConnection: close\r\n\r\n");
                    var zeros = new byte[64 * 1024];
                    Array.Fill(zeros, (byte)'a');
                    for (long sent = 0; sent < 2L * 1024 * 1024 * 1024; sent += zeros.Length)
                    {
                        await socket.SendAsync(zeros, SocketFlags.None, _stop.Token);
                        Interlocked.Add(ref _sent, zeros.Length);
                    }
                    break;
                case Hostility.GarbageHeaders:
                    await ReadHeadAsync(socket);
                    var body = "<html><head><title>\u001b[31mred\u0007\u202e evil\r\nInjected: yes</title></head><body>x</body></html>";
                    await SendAsync(socket, "HTTP/1.1 200 \u001b[2JOK\r\nServer: \u001b]0;owned\u0007" + new string('S', 10_000) + "\r\nX-Powered-By: a\u0001b\r\n" +
                        $"Content-Type: text/html\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");
                    break;
                case Hostility.DeepNesting:
                    await ReadHeadAsync(socket);
                    var deep = "<html><head><title>deep</title></head><body>" + string.Concat(Enumerable.Repeat("<div>", 99_000)) + "</body></html>";
                    await SendAsync(socket, $"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {deep.Length}\r\nConnection: close\r\n\r\n{deep}");
                    break;
            }
            socket.Shutdown(SocketShutdown.Both);
            socket.Dispose();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            socket.Dispose();
        }
    }

    /// <summary>Reads the request head and returns its path.</summary>
    private async Task<string> ReadHeadAsync(Socket socket)
    {
        var buffer = new byte[16 * 1024];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token);
            if (n == 0) break;
            read += n;
            if (Encoding.Latin1.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal)) break;
        }
        var line = Encoding.Latin1.GetString(buffer, 0, read).Split("\r\n")[0].Split(' ');
        return line.Length > 1 ? line[1] : "/";
    }

    private Task SendAsync(Socket socket, string text) => socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, _stop.Token).AsTask();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var socket in _held) socket.Dispose();
        }
        _stop.Dispose();
    }
}
