using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Coexist.Model;

namespace Coexist.Lab.Tests.Clients;

/// <summary>A SIP reply: status line, headers in order, body.</summary>
public sealed record SipReply(int Status, string StatusLine, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The host of the Contact URI, without brackets: &lt;sip:[2001:db8::1]:5060;transport=udp&gt; gives 2001:db8::1.</summary>
    public IPAddress? ContactAddress()
    {
        var contact = Header("Contact");
        if (contact is null) return null;
        var start = contact.IndexOf("sip:", StringComparison.OrdinalIgnoreCase) + 4;
        var rest = contact[start..];
        var host = rest.StartsWith('[') ? rest[1..rest.IndexOf(']', StringComparison.Ordinal)] : rest.Split(':', ';', '>')[0];
        return IPAddress.TryParse(host, out var address) ? address : null;
    }

    /// <summary>The SDP connection line (c=), RFC 8866 section 5.7.</summary>
    public string? SdpConnection() => Body.Split("\r\n").FirstOrDefault(l => l.StartsWith("c=", StringComparison.Ordinal));
}

/// <summary>Sends one SIP request (RFC 3261) and reads the first final reply. No dialog is set up.</summary>
public static class SipExchange
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    public const int Port = 5060;

    public static async Task<SipReply> SendAsync(string method, IPAddress server, SipTransport transport, string body = "")
    {
        if (transport == SipTransport.Tls) throw new NotSupportedException("the lab's SIP servers have no TLS listener");
        using var deadline = new CancellationTokenSource(Timeout);
        using var socket = transport == SipTransport.Udp
            ? new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(server, Port), deadline.Token).ConfigureAwait(false);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var request = Encoding.UTF8.GetBytes(Request(method, server, local, transport, body));
        await socket.SendAsync(request, deadline.Token).ConfigureAwait(false);
        var text = transport == SipTransport.Udp
            ? await ReceiveDatagramAsync(socket, deadline.Token).ConfigureAwait(false)
            : await ReceiveStreamAsync(socket, deadline.Token).ConfigureAwait(false);
        return Parse(text);
    }

    private static string Request(string method, IPAddress server, IPEndPoint local, SipTransport transport, string body)
    {
        var target = Host(server);
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N")[..16];   // RFC 3261 section 8.1.1.7 magic cookie
        var builder = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} sip:{target} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{transport.ToString().ToUpperInvariant()} {Host(local.Address)}:{local.Port};branch={branch};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:probe@coexist.test>;tag={Guid.NewGuid():N}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <sip:{target}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {Guid.NewGuid():N}@coexist.test\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: 1 {method}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Contact: <sip:probe@{Host(local.Address)}:{local.Port}>\r\n");
        if (body.Length > 0) builder.Append("Content-Type: application/sdp\r\n");
        builder.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n").Append(body);
        return builder.ToString();
    }

    private static string Host(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static async Task<string> ReceiveDatagramAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[65535];
        while (true)
        {
            var length = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            var text = Encoding.UTF8.GetString(buffer, 0, length);
            if (!IsProvisional(text)) return text;
        }
    }

    /// <summary>Over TCP a reply is framed by Content-Length (RFC 3261 section 18.3).</summary>
    private static async Task<string> ReceiveStreamAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var length = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (length == 0) throw new IOException("connection closed before a complete SIP reply");
            received.AddRange(buffer.AsSpan(0, length));
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var contentLength = Parse(text[..(end + 4)]).Header("Content-Length") is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
            if (Encoding.UTF8.GetByteCount(text) < end + 4 + contentLength) continue;
            if (!IsProvisional(text)) return text;
            received.RemoveRange(0, end + 4 + contentLength);
        }
    }

    private static bool IsProvisional(string text) => text.StartsWith("SIP/2.0 1", StringComparison.Ordinal);

    public static SipReply Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? text : text[..end];
        var body = end < 0 ? "" : text[(end + 4)..];
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        if (parts.Length < 2 || parts[0] != "SIP/2.0" || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var status))
        {
            throw new FormatException($"not a SIP reply: {lines[0]}");
        }
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim()))
            .ToList();
        return new SipReply(status, lines[0], headers, body);
    }
}
