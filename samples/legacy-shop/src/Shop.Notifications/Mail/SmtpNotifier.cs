using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Shop.Notifications.Mail;

/// <summary>Sends order mail through the shop's relay with a plain SMTP dialogue.</summary>
public sealed class SmtpNotifier(string relayHost, int port = 25)
{
    private const string Sender = "orders@shop.test";

    public async Task SendAsync(string recipient, string subject, string body, CancellationToken cancellationToken = default)
    {
        // The relay had one A record when this was written.
        var relay = Dns.GetHostAddresses(relayHost)[0]; // COEX1008
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp); // COEX1004
        await socket.ConnectAsync(relay, port, cancellationToken);
        Log($"connected to {relay}:{port}"); // COEX1010

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };

        await ExpectAsync(reader, "220", cancellationToken);
        // Some relays want a literal in EHLO: the old code sent the IPv4 one.
        var local = (IPEndPoint)socket.LocalEndPoint!;
        await CommandAsync(writer, reader, $"EHLO [{local.Address}]", "250", cancellationToken);
        await CommandAsync(writer, reader, $"MAIL FROM:<{Sender}>", "250", cancellationToken);
        await CommandAsync(writer, reader, $"RCPT TO:<{recipient}>", "250", cancellationToken);
        await CommandAsync(writer, reader, "DATA", "354", cancellationToken);
        await writer.WriteLineAsync($"Subject: {subject}\r\nFrom: {Sender}\r\nTo: {recipient}\r\n\r\n{body}\r\n.");
        await ExpectAsync(reader, "250", cancellationToken);
        await CommandAsync(writer, reader, "QUIT", "221", cancellationToken);
    }

    private static async Task CommandAsync(StreamWriter writer, StreamReader reader, string command, string expected, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync(command);
        await ExpectAsync(reader, expected, cancellationToken);
    }

    private static async Task ExpectAsync(StreamReader reader, string expected, CancellationToken cancellationToken)
    {
        string? line;
        do
        {
            line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("the relay closed the connection");
        }
        while (line.Length > 3 && line[3] == '-');
        if (!line.StartsWith(expected, StringComparison.Ordinal))
            throw new IOException($"relay answered '{line}', expected {expected}");
    }

    private static void Log(string message) => Console.WriteLine($"[mail] {message}");
}
