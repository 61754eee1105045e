using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Coexist.Probes.PathBench;

/// <summary>Limits of an <see cref="EchoServer"/>.</summary>
public sealed record EchoServerOptions
{
    public static EchoServerOptions Default { get; } = new();

    /// <summary>TCP connections served at once; more are closed at once, so a flood cannot exhaust the host.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>A TCP connection that sends nothing for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// <c>coexist echo-server</c>: TCP echo and discard and UDP echo on each endpoint (<see cref="EchoProtocol"/>), so
/// that <c>coexist path-bench</c> has something to measure against on hosts the user controls. An IPv6 wildcard
/// endpoint (<c>[::]:port</c>) is bound dual-stack and answers IPv4 too (UDP: on every address of the host, see
/// <see cref="DatagramAddresses"/>). UDP replies are sent with don't-fragment set, so that the MTU search sees the
/// path as it is, not as fragmentation hides it.
/// </summary>
public sealed class EchoServer : IDisposable
{
    /// <summary>Big reads keep a fast path's bulk transfer cheap: one system call for many segments.</summary>
    private const int TcpBufferBytes = 256 * 1024;

    /// <summary>iperf3's default write: few system calls, and the same shape of traffic the lab compares with.</summary>
    private const int SendBlockBytes = 128 * 1024;


    /// <summary>How often the UDP loops look up from waiting to see whether the server is stopping.</summary>
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Tries at finding a port free for both TCP and UDP when port 0 was asked for.</summary>
    private const int EphemeralPortTries = 20;

    private readonly EchoServerOptions _options;
    private readonly List<Socket> _listeners = [];
    private readonly List<Socket> _datagramSockets = [];
    private readonly List<Task> _loops = [];
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _tcpConnections;
    private long _datagrams;
    private long _discardedBytes;
    private int _disposed;

    private EchoServer(EchoServerOptions options) => _options = options;

    /// <summary>The endpoints bound, with the ports the system chose where port 0 was asked for.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints { get; private set; } = [];

    public long TcpConnections => Interlocked.Read(ref _tcpConnections);

    public long Datagrams => Interlocked.Read(ref _datagrams);

    public long DiscardedBytes => Interlocked.Read(ref _discardedBytes);

    /// <summary>Binds TCP and UDP on each endpoint and starts serving.</summary>
    /// <exception cref="SocketException">An endpoint cannot be bound (in use, not an address of this host, no privileges).</exception>
    public static EchoServer Start(IEnumerable<IPEndPoint> endpoints, EchoServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var list = endpoints.ToList();
        if (list.Count == 0) throw new ArgumentException("an echo server needs at least one endpoint", nameof(endpoints));
        var server = new EchoServer(options ?? EchoServerOptions.Default);
        try
        {
            var bound = new List<IPEndPoint>();
            foreach (var endpoint in list) bound.Add(server.Bind(endpoint));
            server.EndPoints = bound;
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    private IPEndPoint Bind(IPEndPoint endpoint)
    {
        for (var attempt = 1; ; attempt++)
        {
            var listener = NewSocket(endpoint, SocketType.Stream, ProtocolType.Tcp);
            var datagramSockets = new List<Socket>();
            try
            {
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Bind(endpoint);
                var bound = (IPEndPoint)listener.LocalEndPoint!;
                foreach (var address in DatagramAddresses(endpoint.Address))
                {
                    var datagrams = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    datagramSockets.Add(datagrams);
                    try
                    {
                        datagrams.Bind(new IPEndPoint(address, bound.Port));
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable && IsWildcard(endpoint.Address))
                    {
                        // An address still in duplicate address detection, or gone since it was listed: serve the others.
                        datagrams.Dispose();
                        datagramSockets.Remove(datagrams);
                        continue;
                    }
                    // Best effort: without it, replies may be fragmented and the size search finds the fragments' path.
                    Mtu.DontFragment.TrySet(datagrams);
                }
                listener.Listen(_options.MaxConnections);
                _listeners.Add(listener);
                _loops.Add(AcceptLoopAsync(listener));
                foreach (var datagrams in datagramSockets)
                {
                    _datagramSockets.Add(datagrams);
                    _loops.Add(Task.Factory.StartNew(() => DatagramLoop(datagrams), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
                }
                return bound;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && endpoint.Port == 0 && attempt < EphemeralPortTries)
            {
                // The port the system chose for TCP is taken for UDP on some address: ask again.
                listener.Dispose();
                foreach (var datagrams in datagramSockets) datagrams.Dispose();
            }
            catch
            {
                listener.Dispose();
                foreach (var datagrams in datagramSockets) datagrams.Dispose();
                throw;
            }
        }
    }

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>
    /// UDP is bound to each address of the host, not to the wildcard: a reply must leave from the address the
    /// request went to, and a wildcard socket cannot choose its source (the kernel would pick the outgoing
    /// interface's address, and a connected client drops the reply). bind9 and ntpd do the same. Addresses added
    /// after the start are served over TCP only.
    /// </summary>
    internal static IReadOnlyList<IPAddress> DatagramAddresses(IPAddress listen)
    {
        if (!IsWildcard(listen)) return [listen];
        var bothFamilies = listen.Equals(IPAddress.IPv6Any);
        return [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || (bothFamilies && a.AddressFamily == AddressFamily.InterNetworkV6))
            .Distinct()];
    }

    private static Socket NewSocket(IPEndPoint endpoint, SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(endpoint.AddressFamily, type, protocol);
        // The IPv6 wildcard serves both families ("bound dual-stack"); a specific address serves its own.
        if (endpoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
        return socket;
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;   // a connection reset before it was accepted
            }
            if (_connections.Count >= _options.MaxConnections)
            {
                connection.Dispose();
                continue;
            }
            Interlocked.Increment(ref _tcpConnections);
            _connections[connection] = 0;
            _ = Task.Factory.StartNew(() => Serve(connection), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// One connection, in blocking calls on a thread of its own. On a slow path data trickles in a packet or two at a
    /// time, and an asynchronous read per packet (an epoll wake-up, a thread-pool hop) costs enough CPU to slow a
    /// user-space translator sharing the machine: measured in the lab, the NAT64 path fell from iperf3's 600 Mbit/s
    /// to 50-450. A blocking read, as iperf3 does it, costs next to nothing.
    /// </summary>
    private void Serve(Socket connection)
    {
        try
        {
            connection.NoDelay = true;
            connection.ReceiveTimeout = connection.SendTimeout = (int)Math.Clamp(_options.IdleTimeout.TotalMilliseconds, 1, int.MaxValue);
            var buffer = new byte[TcpBufferBytes];
            var have = 0;
            var request = new EchoRequest(EchoRequestKind.NeedMore);
            while (request.Kind == EchoRequestKind.NeedMore)
            {
                var n = connection.Receive(buffer, have, buffer.Length - have, SocketFlags.None);
                if (n == 0)
                {
                    // Closed before it said which: echo what came (RFC 862) and end.
                    connection.Send(buffer, 0, have, SocketFlags.None);
                    return;
                }
                have += n;
                request = EchoProtocol.Parse(buffer.AsSpan(0, have));
            }
            switch (request.Kind)
            {
                case EchoRequestKind.Discard:
                    Discard(connection, buffer, have - request.CommandBytes);
                    break;
                case EchoRequestKind.Send:
                    Send(connection, buffer, request.Argument, null);
                    break;
                case EchoRequestKind.Source:
                    Send(connection, buffer, long.MaxValue, TimeSpan.FromMilliseconds(request.Argument));
                    break;
                default:
                    Echo(connection, buffer, have);
                    break;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // A peer that resets or goes silent (the idle timeout) ends its own connection, nothing more.
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            connection.Dispose();
        }
    }

    private static void Echo(Socket connection, byte[] buffer, int pending)
    {
        while (pending > 0)
        {
            connection.Send(buffer, 0, pending, SocketFlags.None);
            pending = connection.Receive(buffer);
        }
        connection.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Sends <paramref name="bytes"/> of the pattern, or as much as <paramref name="duration"/> allows, then closes.</summary>
    private static void Send(Socket connection, byte[] buffer, long bytes, TimeSpan? duration)
    {
        // Bulk: let the kernel fill segments (Nagle) rather than push each write's short tail as a packet of its own.
        connection.NoDelay = false;
        var block = buffer.AsSpan(0, SendBlockBytes);
        var started = Stopwatch.GetTimestamp();
        long sent = 0;
        while (sent < bytes && (duration is not { } limit || Stopwatch.GetElapsedTime(started) < limit))
        {
            // One pattern block for a timed run (its content is not checked); the exact pattern for a counted one.
            if (duration is null || sent == 0) EchoProtocol.Fill(block, sent);
            var count = (int)Math.Min(block.Length, bytes - sent);
            sent += connection.Send(block[..count]);
        }
        connection.Shutdown(SocketShutdown.Send);
    }

    private void Discard(Socket connection, byte[] buffer, int alreadyReceived)
    {
        var started = Stopwatch.GetTimestamp();
        long total = alreadyReceived;
        int n;
        // Reads the size of iperf3's, so that the receiving end costs what iperf3's does on a path the CPU limits.
        while ((n = connection.Receive(buffer, 0, SendBlockBytes, SocketFlags.None)) > 0) total += n;
        Interlocked.Add(ref _discardedBytes, total);
        connection.Send(EchoProtocol.ReceivedLine(total, Stopwatch.GetElapsedTime(started)));
        connection.Shutdown(SocketShutdown.Send);
    }

    /// <summary>
    /// UDP echo on a thread of its own, in blocking calls: a datagram wakes this thread directly, without a hop
    /// through the thread pool, so the round trip measured is the path's and not the scheduler's.
    /// </summary>
    private void DatagramLoop(Socket socket)
    {
        var buffer = new byte[ushort.MaxValue];
        EndPoint from = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var wait = (int)StopCheckInterval.TotalMicroseconds;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                if (!socket.Poll(wait, SelectMode.SelectRead)) continue;
                var n = socket.ReceiveFrom(buffer, ref from);
                Interlocked.Increment(ref _datagrams);
                var request = EchoProtocol.Parse(buffer.AsSpan(0, n), complete: true);
                if (request.Kind == EchoRequestKind.Send)
                {
                    // A datagram of the size asked for, starting with the request so that the client can match it.
                    var size = (int)request.Argument;
                    EchoProtocol.Fill(buffer.AsSpan(n, Math.Max(0, size - n)), n);
                    n = size;
                }
                socket.SendTo(buffer, 0, n, SocketFlags.None, from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // Too big for the path (don't-fragment), unreachable sender, a stale ICMP error: that datagram is lost, as on the wire.
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Cancel();
        foreach (var socket in _listeners.Concat(_datagramSockets).Concat(_connections.Keys)) socket.Dispose();
        try
        {
            Task.WaitAll([.. _loops], TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // Loops end on their own errors; nothing is left to do with them.
        }
        // _stopping is left undisposed: connections still ending read its token, and it holds no timer.
    }
}
