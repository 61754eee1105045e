using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coexist.Lab.Tests.Clients;

/// <summary>
/// What one HTTP/1.0 GET brought back before its deadline. <see cref="Complete"/> only when the server
/// closed the connection after exactly Content-Length bytes of body.
/// </summary>
public sealed record Download(int Status, long BodyBytes, long? ContentLength, bool Closed, TimeSpan Elapsed)
{
    public bool Complete => Closed && Status == 200 && ContentLength == BodyBytes;

    public override string ToString() =>
        $"status {Status}, {BodyBytes} of {ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "?"} body bytes, " +
        $"{(Closed ? "closed" : "still open")} after {Elapsed.TotalMilliseconds:0} ms";
}

/// <summary>
/// A GET over a plain socket, to one chosen address, that reports how far it got instead of throwing at
/// the deadline: a path MTU black hole shows as a connection that opens and then delivers nothing.
/// </summary>
public static class HttpDownload
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Connects (a failure to connect throws), sends the request, then reads until close or <paramref name="deadline"/>.</summary>
    public static async Task<Download> GetAsync(IPAddress address, int port, string host, string path, TimeSpan deadline)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using (var connect = new CancellationTokenSource(ConnectTimeout))
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), connect.Token).ConfigureAwait(false);
        }

        var watch = Stopwatch.StartNew();
        using var transfer = new CancellationTokenSource(deadline);
        var received = new MemoryStream();
        var closed = false;
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n"), transfer.Token).ConfigureAwait(false);
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer, transfer.Token).ConfigureAwait(false);
                if (length == 0) { closed = true; break; }
                received.Write(buffer, 0, length);
            }
        }
        catch (OperationCanceledException) when (transfer.IsCancellationRequested)
        {
            // The deadline: what arrived so far is the answer.
        }
        return Parse(received.ToArray(), closed, watch.Elapsed);
    }

    private static Download Parse(byte[] bytes, bool closed, TimeSpan elapsed)
    {
        var headerEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0) return new Download(0, 0, null, closed, elapsed);
        var head = Encoding.ASCII.GetString(bytes, 0, headerEnd).Split("\r\n");
        var statusFields = head[0].Split(' ');
        var status = statusFields.Length > 1 && int.TryParse(statusFields[1], CultureInfo.InvariantCulture, out var code) ? code : 0;
        long? contentLength = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(field => field.Length == 2 && field[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(field => (long?)long.Parse(field[1].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        return new Download(status, bytes.Length - (headerEnd + 4), contentLength, closed, elapsed);
    }
}
