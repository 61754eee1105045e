using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Coexist.Probes.Tests.Mail;

/// <summary>How a test MTA misbehaves, if it does.</summary>
internal enum SmtpHostility
{
    None,

    /// <summary>Accepts the connection and never says a word.</summary>
    Silent,

    /// <summary>Greets with one line of a megabyte, no line end.</summary>
    MegabyteLine,

    /// <summary>Greets with a megabyte of "220-" continuation lines.</summary>
    MegabyteOfLines,

    /// <summary>Answers STARTTLS with 220, reads part of the ClientHello and closes: a close in the middle of TLS.</summary>
    ClosesDuringTls,

    /// <summary>Answers STARTTLS with 220 and then sends text instead of a ServerHello.</summary>
    GarbageInsteadOfTls,

    /// <summary>Greets with control characters and an escape sequence in the banner.</summary>
    ControlCharacters,

    /// <summary>Answers everything, then closes the connection without answering QUIT.</summary>
    NoQuitReply,
}

/// <summary>What a test MTA says.</summary>
internal sealed record SmtpServerScript
{
    public string Greeting { get; init; } = "220 mx.shop.test ESMTP coexist test";

    public IReadOnlyList<string> Extensions { get; init; } = ["PIPELINING", "SIZE 10240000", "8BITMIME", "STARTTLS", "ENHANCEDSTATUSCODES"];

    public IReadOnlyList<string> ExtensionsAfterTls { get; init; } = ["PIPELINING", "SIZE 10240000", "8BITMIME", "ENHANCEDSTATUSCODES", "AUTH PLAIN LOGIN"];

    /// <summary>The reply to EHLO when the server refuses it; null accepts it.</summary>
    public string? EhloRefusal { get; init; }

    public string StartTlsReply { get; init; } = "220 2.0.0 Ready to start TLS";

    /// <summary>TLS from the first octet (port 465).</summary>
    public bool ImplicitTls { get; init; }

    public SmtpHostility Hostility { get; init; }

    public static SmtpServerScript Healthy { get; } = new();

    public SmtpServerScript WithoutStartTls() => this with { Extensions = [.. Extensions.Where(e => e != "STARTTLS")] };
}

/// <summary>
/// A scriptable MTA on loopback for the mail tests: real sockets, a real TLS handshake with a self-signed
/// certificate made with <see cref="CertificateRequest"/>, and the hostile behaviours of <see cref="SmtpHostility"/>.
/// It records every line a client sends, before and after TLS, so tests can assert what never went on the wire.
/// </summary>
internal sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private static readonly Lazy<X509Certificate2> SharedCertificate = new(() => CreateCertificate(["mx.shop.test", "*.shop.test"]));

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentBag<Task> _connections = [];

    private LoopbackSmtpServer(IPAddress loopback, SmtpServerScript script)
    {
        Assert.True(IPAddress.IsLoopback(loopback), "the test MTA listens on loopback only");
        Script = script;
        _listener = new Socket(loopback.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(loopback, 0));
        _listener.Listen(64);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accepting = Task.Run(AcceptAsync);
    }

    public IPEndPoint EndPoint { get; }

    public SmtpServerScript Script { get; }

    /// <summary>Every line clients sent, in order of arrival.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public int Connections => _connections.Count;

    public static LoopbackSmtpServer Start(IPAddress loopback, SmtpServerScript? script = null) => new(loopback, script ?? SmtpServerScript.Healthy);

    /// <summary>A self-signed certificate for <paramref name="names"/>, made in the test (ECDSA P-256, 30 days).</summary>
    public static X509Certificate2 CreateCertificate(IReadOnlyList<string> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names) san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Through PKCS#12, so that the key stays usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var socket = client;
        var token = _stop.Token;
        try
        {
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (Script.ImplicitTls) stream = await TlsAsync(stream, token);
            switch (Script.Hostility)
            {
                case SmtpHostility.Silent:
                    await Task.Delay(Timeout.Infinite, token);
                    return;
                case SmtpHostility.MegabyteLine:
                    await WriteAsync(stream, "220 " + new string('x', 1024 * 1024), token);
                    await Task.Delay(Timeout.Infinite, token);
                    return;
                case SmtpHostility.MegabyteOfLines:
                    var line = "220-" + new string('y', 500) + "\r\n";
                    for (var sent = 0; sent < 1024 * 1024; sent += line.Length) await WriteAsync(stream, line, token);
                    await Task.Delay(Timeout.Infinite, token);
                    return;
                case SmtpHostility.ControlCharacters:
                    await WriteAsync(stream, "220 evil\u001b[31m\u0007\u0000 banner\r\n", token);
                    break;
                default:
                    await WriteAsync(stream, Script.Greeting + "\r\n", token);
                    break;
            }

            var tls = Script.ImplicitTls;
            while (await ReadLineAsync(stream, token) is { } command)
            {
                Received.Enqueue(command);
                var verb = command.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" when Script.EhloRefusal is { } refusal:
                        await WriteAsync(stream, refusal + "\r\n", token);
                        break;
                    case "EHLO":
                        var extensions = tls ? Script.ExtensionsAfterTls : Script.Extensions;
                        var lines = new[] { "mx.shop.test greets " + command[4..].Trim() }.Concat(extensions).ToList();
                        await WriteAsync(stream, string.Concat(lines.Select((l, i) => $"250{(i == lines.Count - 1 ? ' ' : '-')}{l}\r\n")), token);
                        break;
                    case "HELO":
                        await WriteAsync(stream, "250 mx.shop.test\r\n", token);
                        break;
                    case "STARTTLS" when !tls && Script.Extensions.Contains("STARTTLS"):
                        await WriteAsync(stream, Script.StartTlsReply + "\r\n", token);
                        if (!Script.StartTlsReply.StartsWith("220", StringComparison.Ordinal)) break;
                        if (Script.Hostility == SmtpHostility.ClosesDuringTls)
                        {
                            var hello = new byte[64];
                            await stream.ReadAtLeastAsync(hello, 16, throwOnEndOfStream: false, token);
                            return;
                        }
                        if (Script.Hostility == SmtpHostility.GarbageInsteadOfTls)
                        {
                            await WriteAsync(stream, "this is not TLS at all\r\n", token);
                            await Task.Delay(Timeout.Infinite, token);
                        }
                        stream = await TlsAsync(stream, token);
                        tls = true;
                        break;
                    case "QUIT" when Script.Hostility == SmtpHostility.NoQuitReply:
                        return;
                    case "QUIT":
                        await WriteAsync(stream, "221 2.0.0 Bye\r\n", token);
                        return;
                    default:
                        await WriteAsync(stream, "502 5.5.2 Error: command not recognized\r\n", token);
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away, or the test ended.
        }
    }

    private static async Task<Stream> TlsAsync(Stream stream, CancellationToken token)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = SharedCertificate.Value }, token);
        return tls;
    }

    private static async Task WriteAsync(Stream stream, string text, CancellationToken token)
    {
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text), token);
        await stream.FlushAsync(token);
    }

    /// <summary>One line, read an octet at a time so that nothing after STARTTLS is taken from the TLS handshake.</summary>
    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken token)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < 4096)
        {
            if (await stream.ReadAsync(one, token) == 0) return null;
            if (one[0] == '\n') return Encoding.Latin1.GetString([.. line]).TrimEnd('\r');
            line.Add(one[0]);
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }
}
