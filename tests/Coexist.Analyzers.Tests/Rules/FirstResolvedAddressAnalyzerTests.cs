using System.Net;
using System.Net.Sockets;
using Coexist.Analyzers.Tests.Verification;
using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.FirstResolvedAddressAnalyzer>;
using Fix = Coexist.Analyzers.Tests.Verification.CodeFixVerifier<Coexist.Analyzers.Rules.FirstResolvedAddressAnalyzer, Coexist.Analyzers.CodeFixes.Rules.FirstResolvedAddressFixer>;

namespace Coexist.Analyzers.Tests.Rules;

public class FirstResolvedAddressAnalyzerTests
{
    [Fact]
    public Task Flags_one_address_taken_from_the_resolver() => Verify.VerifyAsync("""
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        class C
        {
            async Task Resolve(string host, IPHostEntry given, CancellationToken ct)
            {
                var a = [|Dns.GetHostAddresses(host)[0]|];
                var b = [|Dns.GetHostEntry(host).AddressList[0]|];
                var c = [|(await Dns.GetHostAddressesAsync(host))[0]|];
                var d = [|(await Dns.GetHostEntryAsync(host, ct).ConfigureAwait(false)).AddressList[0]|];
                var e = [|given.AddressList[0]|];
                var f = [|Dns.GetHostAddresses(host).First()|];
                var g = [|Dns.GetHostAddresses(host).FirstOrDefault(x => !IPAddress.IsLoopback(x))|];
                var h = [|Dns.GetHostEntry(host).AddressList.Single()|];
                var i = [|Dns.GetHostAddresses(host).ElementAt(0)|];
                var addresses = Dns.GetHostAddresses(host);
                var j = [|addresses[0]|];
                var entry = await Dns.GetHostEntryAsync(host);
                var k = [|entry.AddressList.Last()|];
            }
        }
        """);

    [Fact]
    public Task Leaves_every_address_loops_and_look_alikes_alone() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        namespace Legacy { static class Dns { public static IPAddress[] GetHostAddresses(string host) => []; } }
        class C
        {
            void Resolve(string host, IPAddress[] configured, List<IPAddress> list, Socket socket)
            {
                var a = configured[0];
                foreach (var address in Dns.GetHostAddresses(host)) { }
                var all = Dns.GetHostAddresses(host);
                var count = all.Length;
                var v6 = Dns.GetHostAddresses(host).Any(x => x.AddressFamily == AddressFamily.InterNetworkV6);
                var b = list.First();
                var v4 = Dns.GetHostAddresses(host).First(x => x.AddressFamily == AddressFamily.InterNetwork);
                var c = Legacy.Dns.GetHostAddresses(host)[0];
                var reassigned = Dns.GetHostAddresses(host);
                reassigned = configured;
                var d = reassigned[0];
                socket.Connect(Dns.GetHostAddresses(host), 80);
                socket.Connect(host, 80);
            }
        }
        """);

    [Fact]
    public async Task The_message_says_what_to_do()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            using System.Net;
            class C { IPAddress First(string host) => Dns.GetHostAddresses(host)[0]; }
            """);
        Assert.Equal(
            "'Dns.GetHostAddresses(host)[0]' uses one of the resolved addresses and tries no other, so an unreachable first address (IPv6 on an IPv4-only network, or the reverse) fails the connection; connect by name, which tries every address",
            Assert.Single(diagnostics).GetMessage());
    }

    [Fact]
    public Task Fixes_a_direct_connect() => Fix.VerifyFixAsync("""
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            void Connect(Socket socket, TcpClient client, string host, int port)
            {
                socket.Connect([|Dns.GetHostAddresses(host)[0]|], port);
                client.Connect([|Dns.GetHostEntry(host).AddressList.First()|], port);
                socket.BeginConnect([|Dns.GetHostAddresses("mail.example")[0]|], 25, null, null);
            }
        }
        """, """
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            void Connect(Socket socket, TcpClient client, string host, int port)
            {
                socket.Connect(host, port);
                client.Connect(host, port);
                socket.BeginConnect("mail.example", 25, null, null);
            }
        }
        """);

    /// <summary>The shape of the .NET documentation's socket client sample, which many programs copied.</summary>
    private const string SocketSample = """
        using System.Net;
        using System.Net.Sockets;
        public static class Client
        {
            public static bool Send(string host, int port)
            {
                IPHostEntry ipHostInfo = Dns.GetHostEntry(host);
                IPAddress ipAddress = [|ipHostInfo.AddressList[0]|];
                IPEndPoint remoteEP = new IPEndPoint(ipAddress, port);
                using Socket sender = new Socket(ipAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sender.Connect(remoteEP);
                return sender.Connected;
            }
        }
        """;

    private const string SocketSampleFixed = """
        using System.Net;
        using System.Net.Sockets;
        public static class Client
        {
            public static bool Send(string host, int port)
            {
                DnsEndPoint remoteEP = new DnsEndPoint(host, port);
                using Socket sender = new Socket(SocketType.Stream, ProtocolType.Tcp);
                sender.Connect(remoteEP);
                return sender.Connected;
            }
        }
        """;

    [Fact]
    public Task Fixes_the_documentation_sample_with_a_DnsEndPoint_and_a_dual_stack_socket() => Fix.VerifyFixAsync(SocketSample, SocketSampleFixed);

    private const string AsyncClient = """
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        public static class AsyncClient
        {
            public static async Task<bool> Open(string host, int port, CancellationToken ct)
            {
                var address = [|(await Dns.GetHostAddressesAsync(host, ct)).First()|];
                using var client = new TcpClient(address.AddressFamily);
                await client.ConnectAsync(address, port, ct);
                return client.Connected;
            }

            public static async Task<bool> OpenEndPoint(string host, int port)
            {
                var addresses = await Dns.GetHostAddressesAsync(host);
                using var client = new TcpClient();
                await client.ConnectAsync(new IPEndPoint([|addresses[0]|], port));
                return client.Connected;
            }
        }
        """;

    private const string AsyncClientFixed = """
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        public static class AsyncClient
        {
            public static async Task<bool> Open(string host, int port, CancellationToken ct)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, ct);
                return client.Connected;
            }

            public static async Task<bool> OpenEndPoint(string host, int port)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port);
                return client.Connected;
            }
        }
        """;

    [Fact]
    public Task Fixes_async_clients_and_keeps_the_cancellation_token() => Fix.VerifyFixAsync(AsyncClient, AsyncClientFixed);

    [Fact]
    public Task Fix_all_connects_every_client_by_name() => Fix.VerifyFixAllAsync(AsyncClient, AsyncClientFixed);

    [Fact]
    public Task Gives_no_fix_where_the_address_is_used_otherwise() => Fix.VerifyFixAsync("""
        using System;
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        class C
        {
            void Logged(Socket socket, string host, int port)
            {
                var address = [|Dns.GetHostAddresses(host)[0]|];
                Console.WriteLine($"connecting to {address}");
                socket.Connect(address, port);
            }

            async Task CancellationWouldBeLost(Socket socket, string host, int port, CancellationToken ct)
            {
                var address = [|(await Dns.GetHostAddressesAsync(host, ct))[0]|];
                await socket.ConnectAsync(address, port);
            }

            void Filtered(Socket socket, string host, int port) =>
                socket.Connect([|Dns.GetHostAddresses(host).First(a => !a.IsIPv6LinkLocal)|], port);

            void HostChanges(Socket socket, string host, int port)
            {
                var address = [|Dns.GetHostAddresses(host)[0]|];
                host = "other.example";
                socket.Connect(address, port);
            }

            void Unknown(Socket socket, IPHostEntry entry, int port) => socket.Connect([|entry.AddressList[0]|], port);

            void OneFamily(Socket socket, string host, int port) =>
                socket.Connect([|Dns.GetHostAddresses(host, AddressFamily.InterNetwork)[0]|], port);

            void Udp(UdpClient udp, string host, int port) => udp.Connect([|Dns.GetHostAddresses(host)[0]|], port);

            IPAddress Returned(string host) => [|Dns.GetHostAddresses(host)[0]|];
        }
        """, """
        using System;
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        class C
        {
            void Logged(Socket socket, string host, int port)
            {
                var address = [|Dns.GetHostAddresses(host)[0]|];
                Console.WriteLine($"connecting to {address}");
                socket.Connect(address, port);
            }

            async Task CancellationWouldBeLost(Socket socket, string host, int port, CancellationToken ct)
            {
                var address = [|(await Dns.GetHostAddressesAsync(host, ct))[0]|];
                await socket.ConnectAsync(address, port);
            }

            void Filtered(Socket socket, string host, int port) =>
                socket.Connect([|Dns.GetHostAddresses(host).First(a => !a.IsIPv6LinkLocal)|], port);

            void HostChanges(Socket socket, string host, int port)
            {
                var address = [|Dns.GetHostAddresses(host)[0]|];
                host = "other.example";
                socket.Connect(address, port);
            }

            void Unknown(Socket socket, IPHostEntry entry, int port) => socket.Connect([|entry.AddressList[0]|], port);

            void OneFamily(Socket socket, string host, int port) =>
                socket.Connect([|Dns.GetHostAddresses(host, AddressFamily.InterNetwork)[0]|], port);

            void Udp(UdpClient udp, string host, int port) => udp.Connect([|Dns.GetHostAddresses(host)[0]|], port);

            IPAddress Returned(string host) => [|Dns.GetHostAddresses(host)[0]|];
        }
        """);

    /// <summary>
    /// The fixed clients, run against a real IPv4-only listener on loopback: the dual-stack Socket and the
    /// TcpClient() the fix leaves in place of the address-family ones still reach IPv4 by name.
    /// </summary>
    [Fact]
    public void The_fixed_clients_reach_an_IPv4_listener_by_name()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var ipv4 = Listen(IPAddress.Loopback);
        Assert.Equal(true, CompiledSource.Invoke(Markup.Parse(SocketSampleFixed).Source, "Client", "Send", "localhost", ipv4.Port));
        Assert.Equal(true, CompiledSource.Invoke(Markup.Parse(AsyncClientFixed).Source, "AsyncClient", "Open", "127.0.0.1", ipv4.Port, timeout.Token));
        Assert.Equal(true, CompiledSource.Invoke(Markup.Parse(AsyncClientFixed).Source, "AsyncClient", "OpenEndPoint", "localhost", ipv4.Port));
    }

    [RequiresIPv6LoopbackFact]
    public void The_fixed_clients_reach_an_IPv6_listener()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var ipv6 = Listen(IPAddress.IPv6Loopback);
        Assert.Equal(true, CompiledSource.Invoke(Markup.Parse(SocketSampleFixed).Source, "Client", "Send", "::1", ipv6.Port));
        Assert.Equal(true, CompiledSource.Invoke(Markup.Parse(AsyncClientFixed).Source, "AsyncClient", "Open", "::1", ipv6.Port, timeout.Token));
    }

    private static Listener Listen(IPAddress address)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        return new Listener(listener);
    }

    private sealed class Listener(TcpListener listener) : IDisposable
    {
        public int Port { get; } = ((IPEndPoint)listener.LocalEndpoint).Port;

        public void Dispose() => listener.Stop();
    }
}
