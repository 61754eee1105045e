using System.Net;
using System.Net.Sockets;
using System.Text;
using Coexist.Probes.PathBench;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.PathBench;

/// <summary><c>coexist echo-server</c>'s server on loopback, both families: every mode of the protocol, over real sockets.</summary>
public sealed class EchoServerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Families => ["127.0.0.1", "::1"];

    [LoopbackTheory]
    [MemberData(nameof(Families))]
    public async Task TCP_echoes_what_it_receives(string loopback)
    {
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.Parse(loopback), 0)]);
        using var client = await ConnectAsync(server.EndPoints[0]);
        var text = "hello over " + loopback + "\n";
        await client.SendAsync(Encoding.ASCII.GetBytes(text));
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal(text, Encoding.ASCII.GetString(await ReadToEndAsync(client)));
    }

    [LoopbackTheory]
    [MemberData(nameof(Families))]
    public async Task TCP_discard_counts_what_it_received_and_says_so_at_the_end(string loopback)
    {
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.Parse(loopback), 0)]);
        using var client = await ConnectAsync(server.EndPoints[0]);
        await client.SendAsync(EchoProtocol.DiscardCommand.ToArray());
        var block = new byte[100_000];
        for (var i = 0; i < 10; i++) await client.SendAsync(block);
        client.Shutdown(SocketShutdown.Send);
        var answer = Encoding.ASCII.GetString(await ReadToEndAsync(client));
        Assert.True(EchoProtocol.TryParseReceived(answer, out var bytes, out _), answer);
        Assert.Equal(1_000_000, bytes);
        Assert.Equal(1_000_000, server.DiscardedBytes);
    }

    [LoopbackTheory]
    [MemberData(nameof(Families))]
    public async Task TCP_send_answers_exactly_the_bytes_asked_for_in_the_pattern(string loopback)
    {
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.Parse(loopback), 0)]);
        using var client = await ConnectAsync(server.EndPoints[0]);
        await client.SendAsync(EchoProtocol.SendCommand(300_000));
        var received = await ReadToEndAsync(client);
        var expected = new byte[300_000];
        EchoProtocol.Fill(expected, 0);
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task TCP_source_sends_for_the_time_asked_then_closes()
    {
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.Loopback, 0)]);
        using var client = await ConnectAsync(server.EndPoints[0]);
        var started = DateTime.UtcNow;
        await client.SendAsync(EchoProtocol.SourceCommand(TimeSpan.FromMilliseconds(300)));
        var received = await ReadToEndAsync(client);
        var elapsed = DateTime.UtcNow - started;
        Assert.True(received.Length > 0);
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(290), Wait);
    }

    [LoopbackTheory]
    [MemberData(nameof(Families))]
    public async Task UDP_echoes_each_datagram_and_answers_a_size_request_with_that_size(string loopback)
    {
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.Parse(loopback), 0)]);
        using var client = new Socket(server.EndPoints[0].AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(server.EndPoints[0]);
        var buffer = new byte[70_000];

        await client.SendAsync("ping 1"u8.ToArray());
        Assert.Equal("ping 1", Encoding.ASCII.GetString(buffer, 0, await ReceiveAsync(client, buffer)));

        var request = EchoProtocol.DatagramRequest(1452, 42);
        await client.SendAsync(request);
        var n = await ReceiveAsync(client, buffer);
        Assert.Equal(1452, n);
        Assert.Equal(request, buffer.AsSpan(0, request.Length).ToArray());
        Assert.True(server.Datagrams >= 2);
    }

    [LoopbackFact]
    public async Task The_IPv6_wildcard_serves_both_families()
    {
        var port = FreePort();
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.IPv6Any, port)]);
        foreach (var loopback in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            using var tcp = await ConnectAsync(new IPEndPoint(loopback, port));
            await tcp.SendAsync("x"u8.ToArray());
            tcp.Shutdown(SocketShutdown.Send);
            Assert.Equal("x", Encoding.ASCII.GetString(await ReadToEndAsync(tcp)));

            // UDP is bound per address, so the reply leaves from the address the client sent to and a connected socket takes it.
            using var udp = new Socket(loopback.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Connect(new IPEndPoint(loopback, port));
            await udp.SendAsync("y"u8.ToArray());
            var buffer = new byte[16];
            Assert.Equal(1, await ReceiveAsync(udp, buffer));
        }
    }

    [Fact]
    public void A_wildcard_binds_UDP_on_every_address_of_the_host_and_a_specific_address_on_itself()
    {
        var all = EchoServer.DatagramAddresses(IPAddress.IPv6Any);
        Assert.Contains(IPAddress.Loopback, all);
        Assert.DoesNotContain(all, a => a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any));
        Assert.All(EchoServer.DatagramAddresses(IPAddress.Any), a => Assert.Equal(AddressFamily.InterNetwork, a.AddressFamily));
        Assert.Equal([IPAddress.Loopback], EchoServer.DatagramAddresses(IPAddress.Loopback));
    }

    [Fact]
    public void A_port_in_use_is_a_socket_error_and_nothing_stays_bound()
    {
        using var first = EchoServer.Start([new IPEndPoint(IPAddress.Loopback, 0)]);
        var taken = first.EndPoints[0];
        var error = Assert.Throws<SocketException>(() => EchoServer.Start([new IPEndPoint(IPAddress.Loopback, 0), taken]));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_closed_at_once()
    {
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.Loopback, 0)], new EchoServerOptions { MaxConnections = 2 });
        var held = new List<Socket>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var socket = await ConnectAsync(server.EndPoints[0]);
                held.Add(socket);
                await socket.SendAsync("a"u8.ToArray());
                Assert.Equal(1, await ReceiveAsync(socket, new byte[4]));   // being served
            }
            using var extra = await ConnectAsync(server.EndPoints[0]);
            await extra.SendAsync("b"u8.ToArray());
            Assert.Empty(await ReadToEndAsync(extra));
        }
        finally
        {
            foreach (var socket in held) socket.Dispose();
        }
    }

    [Fact]
    public async Task Dispose_stops_serving_and_ends_open_connections()
    {
        var server = EchoServer.Start([new IPEndPoint(IPAddress.Loopback, 0)]);
        var endpoint = server.EndPoints[0];
        using var open = await ConnectAsync(endpoint);
        await open.SendAsync("a"u8.ToArray());
        Assert.Equal(1, await ReceiveAsync(open, new byte[4]));
        server.Dispose();
        Assert.Empty(await ReadToEndAsync(open));
        using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await late.ConnectAsync(endpoint));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    internal static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        probe.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var wait = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(endpoint, wait.Token);
        return socket;
    }

    private static async Task<int> ReceiveAsync(Socket socket, byte[] buffer)
    {
        using var wait = new CancellationTokenSource(Wait);
        return await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var wait = new CancellationTokenSource(Wait);
        var all = new MemoryStream();
        var buffer = new byte[65536];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token)) > 0) all.Write(buffer, 0, n);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // A server that closes with unread data resets: the end, as far as this test is concerned.
        }
        return all.ToArray();
    }
}
