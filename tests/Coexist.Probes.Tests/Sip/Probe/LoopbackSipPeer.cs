using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Coexist.Probes.Sip;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>A request as the peer got it: the message, the transport, who sent it, and the family of the socket it came in on.</summary>
internal sealed record SipPeerRequest(SipRequest Request, SipTransport Transport, IPEndPoint Remote, AddressFamily Family, LoopbackSipPeer Peer)
{
    /// <summary>When it arrived, from the peer's start.</summary>
    public TimeSpan At { get; init; }
}

/// <summary>Octets the peer sends back, after <see cref="Delay"/>, unless <see cref="Unless"/> says by then not to.</summary>
internal sealed record PeerReply(byte[] Octets, TimeSpan Delay = default, Func<bool>? Unless = null);

/// <summary>What a scripted server answers to one request: none, one or several replies.</summary>
internal delegate IEnumerable<PeerReply> SipPeerBehaviour(SipPeerRequest request);

/// <summary>
/// A scripted SIP server on loopback: UDP and TCP on one port on 127.0.0.1 and one on ::1 (and TLS, when given a
/// certificate, on a port of its own), every request logged, every reply what the behaviour says, right or wrong.
/// A test fixture only; it never leaves loopback.
/// </summary>
internal sealed class LoopbackSipPeer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _loops = [];
    private readonly SipPeerBehaviour _behaviour;
    private readonly X509Certificate2? _certificate;

    private LoopbackSipPeer(SipPeerBehaviour behaviour, X509Certificate2? certificate)
    {
        _behaviour = behaviour;
        _certificate = certificate;
    }

    /// <summary>UDP and TCP on 127.0.0.1 (one port for both).</summary>
    public IPEndPoint EndPoint4 { get; private set; } = null!;

    /// <summary>UDP and TCP on ::1 (one port for both); null when this host has no ::1.</summary>
    public IPEndPoint? EndPoint6 { get; private set; }

    /// <summary>TLS on ::1 (else 127.0.0.1), when started with a certificate.</summary>
    public IPEndPoint? TlsEndPoint { get; private set; }

    public ConcurrentQueue<SipPeerRequest> Received { get; } = new();

    /// <summary>Datagrams or stream octets that were no request.</summary>
    public ConcurrentQueue<string> Unreadable { get; } = new();

    public IReadOnlyList<string> Methods => [.. Received.Select(r => $"{r.Transport.WireName()} {r.Request.Method}")];

    public bool HasReceived(string method, string callId) => Received.Any(r => r.Request.Method == method && r.Request.CallId == callId);

    public static LoopbackSipPeer Start(SipPeerBehaviour behaviour, X509Certificate2? tlsCertificate = null)
    {
        var peer = new LoopbackSipPeer(behaviour, tlsCertificate);
        peer.EndPoint4 = peer.Listen(IPAddress.Loopback);
        if (Dns.Loopback.IPv6Available(out _)) peer.EndPoint6 = peer.Listen(IPAddress.IPv6Loopback);
        if (tlsCertificate is not null)
        {
            var tls = new Socket(peer.EndPoint6?.AddressFamily ?? AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tls.Bind(new IPEndPoint(peer.EndPoint6 is null ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
            tls.Listen(16);
            peer._sockets.Add(tls);
            peer.TlsEndPoint = (IPEndPoint)tls.LocalEndPoint!;
            peer._loops.Add(Task.Run(() => peer.AcceptAsync(tls, SipTransport.Tls)));
        }
        return peer;
    }

    /// <summary>UDP on an ephemeral port, TCP on the same one (tried again if TCP finds it taken).</summary>
    private IPEndPoint Listen(IPAddress loopback)
    {
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(loopback.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(loopback, 0));
            var endPoint = (IPEndPoint)udp.LocalEndPoint!;
            var tcp = new Socket(loopback.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(endPoint);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
                tcp.Dispose();
                continue;
            }
            tcp.Listen(16);
            _sockets.Add(udp);
            _sockets.Add(tcp);
            _loops.Add(Task.Run(() => ServeUdpAsync(udp)));
            _loops.Add(Task.Run(() => AcceptAsync(tcp, SipTransport.Tcp)));
            return endPoint;
        }
    }

    private async Task ServeUdpAsync(Socket udp)
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult got;
            try
            {
                got = await udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested) return;
                continue;
            }
            var remote = (IPEndPoint)got.RemoteEndPoint;
            SipRequest request;
            try
            {
                request = SipMessage.ParseDatagram(buffer.AsSpan(0, got.ReceivedBytes)) as SipRequest ?? throw new SipFormatException(SipFormatError.InvalidStartLine, 0, "a response");
            }
            catch (SipFormatException e)
            {
                Unreadable.Enqueue(e.Message);
                continue;
            }
            Dispatch(new SipPeerRequest(request, SipTransport.Udp, remote, udp.AddressFamily, this), reply => udp.SendToAsync(reply, SocketFlags.None, remote));
        }
    }

    private async Task AcceptAsync(Socket listener, SipTransport transport)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeStreamAsync(connection, transport, listener.AddressFamily));
        }
    }

    private async Task ServeStreamAsync(Socket connection, SipTransport transport, AddressFamily family)
    {
        using var _ = connection;
        Stream stream = new NetworkStream(connection, ownsSocket: false);
        try
        {
            if (transport == SipTransport.Tls)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                stream = ssl;
            }
            var writing = new SemaphoreSlim(1, 1);
            var reader = new SipStreamReader(stream);
            while (!_stop.IsCancellationRequested)
            {
                var message = await reader.ReadAsync(_stop.Token);
                if (message is null) return;
                if (message is not SipRequest request)
                {
                    Unreadable.Enqueue("a response on the stream");
                    continue;
                }
                Dispatch(new SipPeerRequest(request, transport, (IPEndPoint)connection.RemoteEndPoint!, family, this), async reply =>
                {
                    await writing.WaitAsync(_stop.Token);
                    try
                    {
                        await stream.WriteAsync(reply, _stop.Token);
                    }
                    finally
                    {
                        writing.Release();
                    }
                });
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException or SipFormatException or System.Security.Authentication.AuthenticationException)
        {
            if (e is SipFormatException f) Unreadable.Enqueue(f.Message);
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    /// <summary>Sends a request's replies in order, each at its delay from the request's arrival, while the peer goes on reading.</summary>
    private void Dispatch(SipPeerRequest request, Func<byte[], Task> send)
    {
        Received.Enqueue(request with { At = _clock.Elapsed });
        var replies = _behaviour(request).OrderBy(r => r.Delay).ToList();
        var arrived = _clock.Elapsed;
        _ = Task.Run(async () =>
        {
            try
            {
                foreach (var reply in replies)
                {
                    var wait = arrived + reply.Delay - _clock.Elapsed;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, _stop.Token);
                    if (reply.Unless?.Invoke() == true) continue;
                    await send(reply.Octets);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
            {
                // The test is over or the client went away.
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var socket in _sockets) socket.Dispose();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}

/// <summary>Responses as scripted servers write them.</summary>
internal static class PeerReplies
{
    /// <summary>
    /// A response to the request: Vias with received (bracketed or not) and rport filled on the top one, To tag,
    /// then <paramref name="contact"/>, <paramref name="extra"/> header lines and an SDP body when given.
    /// </summary>
    public static byte[] Response(SipPeerRequest r, int status, string reason, string? contact = null, string? sdp = null,
        IEnumerable<string>? extra = null, bool bracketReceived = false, string? received = null, bool fillRPort = true)
    {
        var request = r.Request;
        var text = new StringBuilder();
        text.Append($"SIP/2.0 {status} {reason}\r\n");
        var first = true;
        foreach (var via in request.HeaderValues("Via"))
        {
            var value = via;
            if (first)
            {
                var source = received ?? r.Remote.Address.ToString();
                var bracketed = bracketReceived && source.Contains(':') ? $"[{source}]" : source;
                value = value.Replace(";rport", fillRPort ? $";rport={r.Remote.Port}" : ";rport", StringComparison.Ordinal) + $";received={bracketed}";
                first = false;
            }
            text.Append($"Via: {value}\r\n");
        }
        text.Append($"From: {request.From}\r\n");
        text.Append($"To: {request.To}{(request.To.Tag is null && status > 100 ? ";tag=peer1" : "")}\r\n");
        text.Append($"Call-ID: {request.CallId}\r\n");
        text.Append($"CSeq: {request.CSeq}\r\n");
        if (contact is not null) text.Append($"Contact: {contact}\r\n");
        foreach (var line in extra ?? []) text.Append(line).Append("\r\n");
        text.Append("Server: loopback peer\r\n");
        if (sdp is not null) text.Append("Content-Type: application/sdp\r\n");
        var body = Encoding.UTF8.GetBytes(sdp ?? "");
        text.Append($"Content-Length: {body.Length}\r\n\r\n");
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. body];
    }

    public static string Sdp(string type, string address, string? extra = null) =>
        $"v=0\r\no=peer 1 1 IN {type} {address}\r\ns=peer\r\nc=IN {type} {address}\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n{extra}";
}
