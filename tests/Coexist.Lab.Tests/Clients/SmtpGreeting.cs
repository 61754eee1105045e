using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coexist.Lab.Tests.Clients;

/// <summary>The 220 banner and the EHLO reply of an MTA. Reads them, says QUIT, and never sends mail.</summary>
public sealed record SmtpGreeting(string Banner, IReadOnlyList<string> EhloReply)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public bool OffersStartTls => EhloReply.Any(line => line.Length > 4 && line[4..].Trim().Equals("STARTTLS", StringComparison.OrdinalIgnoreCase));

    public static async Task<SmtpGreeting> ReadAsync(IPAddress address, int port = 25)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var banner = await ReadReplyAsync(reader, deadline.Token).ConfigureAwait(false);
        await stream.WriteAsync("EHLO probe.coexist.test\r\n"u8.ToArray(), deadline.Token).ConfigureAwait(false);
        var ehlo = await ReadReplyAsync(reader, deadline.Token).ConfigureAwait(false);
        await stream.WriteAsync("QUIT\r\n"u8.ToArray(), deadline.Token).ConfigureAwait(false);
        return new SmtpGreeting(banner[0], ehlo);
    }

    /// <summary>An SMTP reply: lines "250-..." continue it, "250 ..." ends it (RFC 5321 section 4.2).</summary>
    private static async Task<List<string>> ReadReplyAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"connection closed after {string.Join(" | ", lines)}");
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-') return lines;
        }
    }
}
