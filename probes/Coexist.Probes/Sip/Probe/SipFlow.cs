using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Sip.Probe;

/// <summary>What arrived on a flow: a message (with the octets it took), or why nothing more will.</summary>
public sealed record SipInbound(SipMessage? Message, int Octets, string? Error, bool Terminal)
{
    public static SipInbound Unreadable(int octets, string error) => new(null, octets, error, false);

    public static SipInbound End(string error) => new(null, 0, error, true);
}

/// <summary>Why a flow could not be opened: the words for the verdict, and whether trying again could help.</summary>
public sealed class SipFlowException(string message, bool transient, bool refused = false) : Exception(message)
{
    public bool Transient { get; } = transient;

    /// <summary>Nothing listens there (TCP reset, ICMP port unreachable).</summary>
    public bool Refused { get; } = refused;
}

/// <summary>Whom a TLS server must prove to be, and the private CAs that may vouch for it beside the system's roots.</summary>
public sealed record SipTlsSettings(IReadOnlyList<string> Names, IReadOnlyList<X509Certificate2> Authorities);

/// <summary>What the TLS handshake showed, as evidence.</summary>
public sealed record SipTlsSession(string Protocol, string Subject, string Issuer, DateTime NotAfter, string MatchedName)
{
    public JsonObject ToJson() => new()
    {
        ["protocol"] = Protocol,
        ["subject"] = SipEvidence.Cut(Subject),
        ["issuer"] = SipEvidence.Cut(Issuer),
        ["notAfter"] = NotAfter.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["matchedName"] = MatchedName,
    };
}

/// <summary>
/// One flow to one server address (RFC 3261 §18): a connected UDP socket, or a TCP or TLS connection. A pump reads
/// whatever the server sends into a bounded queue, so that waiting for a response never cuts a stream message in
/// two and a server that floods loses its surplus datagrams rather than our memory. <see cref="Local"/> is what
/// Via and Contact carry. The address is the one asked for; <see cref="IProbeNetwork"/> decides where the socket
/// really goes (tests redirect it to loopback).
/// </summary>
public sealed class SipFlow : IAsyncDisposable
{
    /// <summary>The largest UDP payload there is (RFC 768 over IPv4, 65,507 octets) and one more, to see a datagram that was larger.</summary>
    private const int DatagramBuffer = SipLimits.MaxUdpPayload + 1;

    /// <summary>Messages waiting to be read; a probe's exchange has a handful, a flood is cut here.</summary>
    private const int QueueCapacity = 256;

    private readonly Socket _socket;
    private readonly Stream? _stream;
    private readonly Channel<SipInbound> _inbound;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Task _pump;
    private SipInbound? _end;

    private SipFlow(SipTransport transport, IPAddress address, int port, Socket socket, Stream? stream, SipTlsSession? tls)
    {
        Transport = transport;
        Address = address;
        Port = port;
        _socket = socket;
        _stream = stream;
        Tls = tls;
        var local = (IPEndPoint)socket.LocalEndPoint!;
        Local = local.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(local.Address.MapToIPv4(), local.Port) : local;
        _inbound = Channel.CreateBounded<SipInbound>(new BoundedChannelOptions(QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            // A stream is read no faster than it is consumed; surplus datagrams are dropped as a network would.
            FullMode = transport == SipTransport.Udp ? BoundedChannelFullMode.DropWrite : BoundedChannelFullMode.Wait,
        });
        _pump = transport == SipTransport.Udp ? PumpDatagramsAsync() : PumpStreamAsync();
    }

    public SipTransport Transport { get; }

    /// <summary>The server address as asked for (evidence keeps it even when a test redirects the socket).</summary>
    public IPAddress Address { get; }

    public int Port { get; }

    /// <summary>The probe's own address and port on this flow.</summary>
    public IPEndPoint Local { get; }

    public SipTlsSession? Tls { get; }

    /// <summary>The largest datagram the server sent on this flow (UDP), in octets.</summary>
    public int LargestDatagram { get; private set; }

    /// <summary>
    /// Opens a flow to <paramref name="address"/>:<paramref name="port"/>. For TCP and TLS the connection and the
    /// handshake must finish within <paramref name="timeout"/>. Failures are <see cref="SipFlowException"/>.
    /// </summary>
    public static async Task<SipFlow> OpenAsync(SipTransport transport, IPAddress address, int port, IProbeNetwork network, SipTlsSettings? tls,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(network);
        var endPoint = network.EndPointFor(address, port);
        var socket = new Socket(endPoint.AddressFamily, transport == SipTransport.Udp ? SocketType.Dgram : SocketType.Stream,
            transport == SipTransport.Udp ? ProtocolType.Udp : ProtocolType.Tcp);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(endPoint, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SipFlowException($"no TCP connection to port {port} within {timeout.TotalSeconds:0.###} s", transient: true);
            }
            catch (SocketException e)
            {
                throw Failed(e, transport, port);
            }
            if (transport == SipTransport.Udp) return new SipFlow(transport, address, port, socket, null, null);
            socket.NoDelay = true;
            return await OverAsync(socket, transport, address, port, tls, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A flow over a TCP connection already made (the winner of a Happy Eyeballs race); the flow owns it.</summary>
    public static async Task<SipFlow> OverAsync(Socket connected, SipTransport transport, IPAddress address, int port, SipTlsSettings? tls,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connected);
        if (transport == SipTransport.Udp) throw new ArgumentException("a UDP flow is opened with OpenAsync", nameof(transport));
        var network = new NetworkStream(connected, ownsSocket: false);
        if (transport == SipTransport.Tcp) return new SipFlow(transport, address, port, connected, network, null);
        if (tls is null) throw new ArgumentException("a TLS flow needs the names to check the certificate against", nameof(tls));

        var check = new CertificateCheck(tls);
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                // SNI carries a name, never an address (RFC 6066 §3).
                TargetHost = tls.Names.FirstOrDefault(n => !IPAddress.TryParse(n, out _)) ?? "",
                RemoteCertificateValidationCallback = check.Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            connected.Dispose();
            throw e is OperationCanceledException
                ? new SipFlowException($"the TLS handshake did not finish within {timeout.TotalSeconds:0.###} s", transient: true)
                : new SipFlowException($"TLS handshake failed: {check.Problem ?? e.Message}", transient: false);
        }
        var certificate = ssl.RemoteCertificate is { } remote ? X509CertificateLoader.LoadCertificate(remote.GetRawCertData()) : null;
        var session = new SipTlsSession(ssl.SslProtocol.ToString(), certificate?.Subject ?? "", certificate?.Issuer ?? "", certificate?.NotAfter ?? default, check.MatchedName ?? "");
        certificate?.Dispose();
        return new SipFlow(transport, address, port, connected, ssl, session);
    }

    /// <summary>
    /// Sends <paramref name="message"/> whole; returns its octets. A flow the network has closed (an ICMP error
    /// reported on a UDP send, a reset connection) is <see cref="SipFlowException"/>.
    /// </summary>
    public async Task<int> SendAsync(SipMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var octets = message.Encode();
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stream is null) await _socket.SendAsync(octets, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            else
            {
                await _stream.WriteAsync(octets, cancellationToken).ConfigureAwait(false);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SocketException e)
        {
            throw Failed(e, Transport, Port);
        }
        catch (IOException e)
        {
            throw new SipFlowException($"sending failed: {e.Message}", transient: true);
        }
        finally
        {
            _writing.Release();
        }
        return octets.Length;
    }

    /// <summary>The next thing that arrived, waiting at most <paramref name="wait"/>; null when nothing came in that time.</summary>
    public async Task<SipInbound?> ReceiveAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (_inbound.Reader.TryRead(out var ready)) return ready;
        if (_end is not null) return _end;
        if (wait <= TimeSpan.Zero) return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            return await _inbound.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return _end ?? SipInbound.End("the flow is closed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_stream is not null) await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // The pump stops on its own errors; these are the dispose itself.
        }
        _stop.Dispose();
        _writing.Dispose();
    }

    private async Task PumpDatagramsAsync()
    {
        var buffer = new byte[DatagramBuffer];
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                Finish(e.SocketErrorCode == SocketError.ConnectionRefused
                    ? $"ICMP port unreachable: nothing listens on UDP port {Port}"
                    : $"UDP receive failed: {e.SocketErrorCode}");
                return;
            }
            LargestDatagram = Math.Max(LargestDatagram, length);
            SipInbound item;
            try
            {
                item = new SipInbound(SipMessage.ParseDatagram(buffer.AsSpan(0, length)), length, null, false);
            }
            catch (SipFormatException e)
            {
                item = SipInbound.Unreadable(length, e.Message);
            }
            _inbound.Writer.TryWrite(item);
        }
    }

    private async Task PumpStreamAsync()
    {
        var reader = new SipStreamReader(_stream!);
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            SipMessage? message;
            try
            {
                message = await reader.ReadAsync(token).ConfigureAwait(false);
            }
            catch (SipFormatException e)
            {
                // On a stream, a malformed message loses the framing: nothing after it can be read.
                Finish($"unreadable message on the stream: {e.Message}");
                return;
            }
            catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
            {
                Finish($"the connection failed: {e.Message}");
                return;
            }
            if (message is null)
            {
                Finish("the server closed the connection");
                return;
            }
            await _inbound.Writer.WriteAsync(new SipInbound(message, message.EncodedLength, null, false), token).ConfigureAwait(false);
        }
    }

    private void Finish(string error)
    {
        _end = SipInbound.End(error);
        _inbound.Writer.TryWrite(_end);
        _inbound.Writer.TryComplete();
    }

    private static SipFlowException Failed(SocketException e, SipTransport transport, int port) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused when transport == SipTransport.Udp => new SipFlowException($"ICMP port unreachable: nothing listens on UDP port {port}", transient: false, refused: true),
        SocketError.ConnectionRefused => new SipFlowException($"connection refused: nothing listens on {transport.WireName()} port {port}", transient: false, refused: true),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => new SipFlowException($"{e.SocketErrorCode}: no route to the server", transient: true),
        SocketError.TimedOut => new SipFlowException("the connection timed out", transient: true),
        _ => new SipFlowException($"{transport.WireName()} connection failed: {e.SocketErrorCode}", transient: true),
    };

    /// <summary>
    /// RFC 5922 §7.3 (and RFC 6125): the certificate must name the SIP domain or the host, and its chain must end
    /// in a root the system trusts or in one of the private CAs (<c>--ca-file</c>), which are trusted beside the
    /// system's, never instead of them. Revocation is not checked: a probe has no business fetching CRLs.
    /// </summary>
    private sealed class CertificateCheck(SipTlsSettings settings)
    {
        public string? Problem { get; private set; }

        public string? MatchedName { get; private set; }

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (certificate is null)
            {
                Problem = "the server sent no certificate";
                return false;
            }
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            MatchedName = settings.Names.FirstOrDefault(name => leaf.MatchesHostname(name, allowWildcards: true, allowCommonName: false));
            if (MatchedName is null)
            {
                Problem = $"the certificate ({leaf.Subject}) names none of {string.Join(", ", settings.Names)}";
                return false;
            }
            // The system's verdict on the chain; the name was ours to judge.
            if ((errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None) return true;
            var status = chain?.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).ToList() ?? [];
            if (settings.Authorities.Count > 0)
            {
                using var build = new X509Chain();
                build.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                build.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                build.ChainPolicy.CustomTrustStore.AddRange(settings.Authorities.ToArray());
                if (chain is not null)
                {
                    foreach (var element in chain.ChainElements.Skip(1)) build.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
                if (build.Build(leaf)) return true;
                status = [.. build.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0)];
            }
            Problem = $"the certificate ({leaf.Subject}) is not trusted: {string.Join("; ", status.DefaultIfEmpty(errors.ToString()))}";
            return false;
        }
    }
}
