using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.ListenerBindsIPv4OnlyAnalyzer>;
using Fix = Coexist.Analyzers.Tests.Verification.CodeFixVerifier<Coexist.Analyzers.Rules.ListenerBindsIPv4OnlyAnalyzer, Coexist.Analyzers.CodeFixes.Rules.ListenerBindsIPv4OnlyFixer>;

namespace Coexist.Analyzers.Tests.Rules;

public class ListenerBindsIPv4OnlyAnalyzerTests
{
    [Fact]
    public Task Flags_ipv4_only_endpoints_and_listeners() => Verify.VerifyAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            #pragma warning disable CS0618 // TcpListener(int) is obsolete, which is the point
            void Listen(int port)
            {
                var a = new TcpListener({|COEX1003:IPAddress.Any|}, 80);
                var b = [|new TcpListener(port)|];
                var c = new TcpListener([|IPAddress.Loopback|], port);
                var u1 = [|new UdpClient()|];
                var u2 = [|new UdpClient(port)|];
                var e = new IPEndPoint([|IPAddress.Broadcast|], port);
                var n = new IPEndPoint([|IPAddress.None|], port);
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                s.Bind(new IPEndPoint([|IPAddress.Any|], port));
                var viaEndpoint = new TcpListener(new IPEndPoint([|IPAddress.Any|], port));
            }
        }
        """);

    [Fact]
    public Task Leaves_dual_stack_listeners_alone() => Verify.VerifyAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            void Listen(int port, IPAddress configured)
            {
                var a = TcpListener.Create(port);
                var b = new TcpListener(IPAddress.IPv6Any, port);
                b.Server.DualMode = true;
                var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
                s.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                var u = new UdpClient(port, AddressFamily.InterNetworkV6);
                var d = new IPEndPoint(configured, port);
                bool isWildcard = configured.Equals(IPAddress.Any);
                var any = IPAddress.Any;
            }
        }
        """);

    [Fact]
    public Task Flags_kestrel_and_listening_urls() => Verify.VerifyAsync("""
        using System.Net;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Server.Kestrel.Core;
        class C
        {
            void Configure(KestrelServerOptions options, IWebHostBuilder host, WebApplication app)
            {
                options.Listen([|IPAddress.Any|], 5000);
                options.Listen([|IPAddress.Loopback|], 5001, listen => { });
                host.UseUrls([|"http://0.0.0.0:5000"|]);
                app.Urls.Add([|"http://127.0.0.1:5001"|]);
                app.Run([|"http://10.0.0.5:5002"|]);
            }
        }
        """);

    [Fact]
    public Task Leaves_dual_stack_kestrel_and_urls_alone() => Verify.VerifyAsync("""
        using System.Net;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Server.Kestrel.Core;
        class C
        {
            void Configure(KestrelServerOptions options, IWebHostBuilder host, WebApplication app)
            {
                options.ListenAnyIP(5000);
                options.ListenLocalhost(5001);
                options.Listen(IPAddress.IPv6Any, 5002);
                host.UseUrls("http://*:5000", "http://+:5001", "http://[::]:5002", "http://localhost:5003");
                app.Urls.Add("https://shop.example:443");
            }
        }
        """);

    [Fact]
    public Task Fixes_tcp_listener_with_TcpListener_Create() => Fix.VerifyFixAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            #pragma warning disable CS0618
            TcpListener a = new TcpListener([|IPAddress.Any|], 80);
            TcpListener b = [|new TcpListener(8080)|];
            TcpListener c = [|new(8081)|];
        }
        """, """
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            #pragma warning disable CS0618
            TcpListener a = TcpListener.Create(80);
            TcpListener b = TcpListener.Create(8080);
            TcpListener c = TcpListener.Create(8081);
        }
        """);

    [Fact]
    public Task Fixes_socket_bind_with_IPv6Any_and_DualMode() => Fix.VerifyFixAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            void Listen(Socket socket, int port)
            {
                socket.Bind(new IPEndPoint([|IPAddress.Any|], port));
                socket.Listen();
            }
        }
        """, """
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            void Listen(Socket socket, int port)
            {
                socket.DualMode = true;
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                socket.Listen();
            }
        }
        """);

    [Fact]
    public Task An_endpoint_not_bound_by_a_socket_gets_no_fix_that_would_lose_IPv4() => Fix.VerifyFixAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            UdpClient client = new UdpClient(new IPEndPoint([|IPAddress.Any|], 53));
        }
        """, """
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            UdpClient client = new UdpClient(new IPEndPoint([|IPAddress.Any|], 53));
        }
        """);

    [Fact]
    public Task Fixes_kestrel_and_urls() => Fix.VerifyFixAsync("""
        using System.Net;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Server.Kestrel.Core;
        class C
        {
            void Configure(KestrelServerOptions options, IWebHostBuilder host, WebApplication app)
            {
                options.Listen([|IPAddress.Any|], 5000);
                options.Listen([|IPAddress.Loopback|], 5001, listen => { });
                host.UseUrls([|"http://0.0.0.0:5000"|]);
                app.Urls.Add([|"http://127.0.0.1:5001"|]);
            }
        }
        """, """
        using System.Net;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Server.Kestrel.Core;
        class C
        {
            void Configure(KestrelServerOptions options, IWebHostBuilder host, WebApplication app)
            {
                options.ListenAnyIP(5000);
                options.ListenLocalhost(5001, listen => { });
                host.UseUrls("http://*:5000");
                app.Urls.Add("http://localhost:5001");
            }
        }
        """);

    [Fact]
    public Task Fix_all_rewrites_every_listener_in_the_document() => Fix.VerifyFixAllAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            #pragma warning disable CS0618
            TcpListener a = new TcpListener([|IPAddress.Any|], 80);
            TcpListener b = new TcpListener([|IPAddress.Any|], 81);
            TcpListener c = [|new TcpListener(82)|];
        }
        """, """
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            #pragma warning disable CS0618
            TcpListener a = TcpListener.Create(80);
            TcpListener b = TcpListener.Create(81);
            TcpListener c = TcpListener.Create(82);
        }
        """);
}
