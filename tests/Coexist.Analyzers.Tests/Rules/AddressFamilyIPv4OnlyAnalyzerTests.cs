using Coexist.Analyzers.Rules;
using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.AddressFamilyIPv4OnlyAnalyzer>;
using Fix = Coexist.Analyzers.Tests.Verification.CodeFixVerifier<Coexist.Analyzers.Rules.AddressFamilyIPv4OnlyAnalyzer, Coexist.Analyzers.CodeFixes.Rules.AddressFamilyIPv4OnlyFixer>;

namespace Coexist.Analyzers.Tests.Rules;

public class AddressFamilyIPv4OnlyAnalyzerTests
{
    [Fact]
    public Task Flags_sockets_clients_and_lookups_created_for_IPv4() => Verify.VerifyAsync("""
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;
        class C
        {
            async Task Connect(string host, int port)
            {
                var s = new Socket({|COEX1004:AddressFamily.InterNetwork|}, SocketType.Stream, ProtocolType.Tcp);
                var t = new TcpClient([|AddressFamily.InterNetwork|]);
                var u = new UdpClient([|AddressFamily.InterNetwork|]);
                var u2 = new UdpClient(port, [|AddressFamily.InterNetwork|]);
                var a = Dns.GetHostAddresses(host, [|AddressFamily.InterNetwork|]);
                var b = await Dns.GetHostAddressesAsync(host, [|AddressFamily.InterNetwork|]);
                var e = Dns.GetHostEntry(host, [|AddressFamily.InterNetwork|]);
            }
        }
        """);

    [Fact]
    public Task Flags_filters_that_keep_IPv4_addresses_only() => Verify.VerifyAsync("""
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            IPAddress? Pick(IPAddress[] addresses)
            {
                var first = addresses.First(a => a.AddressFamily == [|AddressFamily.InterNetwork|]);
                var some = addresses.Where(a => a.AddressFamily is [|AddressFamily.InterNetwork|]).ToList();
                var shaped = addresses.FirstOrDefault(a => a is { AddressFamily: [|AddressFamily.InterNetwork|] });
                foreach (var a in addresses)
                {
                    if (a.AddressFamily != [|AddressFamily.InterNetwork|]) continue;
                    if (a.AddressFamily is not [|AddressFamily.InterNetwork|]) continue;
                    return a;
                }
                return null;
            }

            void Require(IPAddress a)
            {
                if (a.AddressFamily != [|AddressFamily.InterNetwork|])
                    throw new System.ArgumentException("IPv4 only");
                var x = a.AddressFamily == [|AddressFamily.InterNetwork|] ? a : null;
                var y = a.AddressFamily == [|AddressFamily.InterNetwork|] ? a : throw new System.ArgumentException();
            }
        }
        """);

    [Fact]
    public Task Flags_ifs_whose_other_family_goes_nowhere() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            List<IPAddress> Collect(IPAddress a, List<IPAddress> list)
            {
                if (a.AddressFamily == [|AddressFamily.InterNetwork|]) { list.Add(a); }
                return list;
            }

            IPAddress? FirstInLoop(IPAddress[] all)
            {
                foreach (var a in all)
                {
                    if (a.AddressFamily == [|AddressFamily.InterNetwork|]) return a;
                }
                return null;
            }

            IPAddress? ThenNull(IPAddress a)
            {
                if (a.AddressFamily == [|AddressFamily.InterNetwork|]) return a;
                return null;
            }

            void Candidates(IPAddress a, List<IPAddress> list)
            {
                if (a.AddressFamily != [|AddressFamily.InterNetwork|] || list.Contains(a)) return;
                list.Add(a);
            }
        }
        """);

    [Fact]
    public Task Flags_switches_on_the_family_without_an_IPv6_case() => Verify.VerifyAsync("""
        using System;
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            int Length(IPAddress a)
            {
                switch (a.AddressFamily)
                {
                    case [|AddressFamily.InterNetwork|]:
                        return 4;
                    default:
                        throw new NotSupportedException();
                }
            }

            string Name(IPAddress a) => a.AddressFamily switch
            {
                [|AddressFamily.InterNetwork|] => "v4",
                _ => throw new NotSupportedException(),
            };
        }
        """);

    [Fact]
    public Task Flags_IPv4_chosen_as_a_value() => Verify.VerifyAsync("""
        using System.Net.Sockets;
        class Options
        {
            public AddressFamily Family { get; set; } = [|AddressFamily.InterNetwork|];
            public ProtocolFamily Protocol => [|ProtocolFamily.InterNetwork|];
            void Open(AddressFamily family = [|AddressFamily.InterNetwork|]) { }
        }
        """);

    [Fact]
    public Task Leaves_code_that_handles_both_families_alone() => Verify.VerifyAsync("""
        using System;
        using System.Linq;
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            int Length(IPAddress a)
            {
                switch (a.AddressFamily)
                {
                    case AddressFamily.InterNetwork: return 4;
                    case AddressFamily.InterNetworkV6: return 16;
                    default: throw new NotSupportedException();
                }
            }

            string Name(IPAddress a) => a.AddressFamily switch
            {
                AddressFamily.InterNetwork => "v4",
                AddressFamily.InterNetworkV6 => "v6",
                _ => "other",
            };

            string Chain(IPAddress a)
            {
                if (a.AddressFamily == AddressFamily.InterNetwork) return "v4";
                else if (a.AddressFamily == AddressFamily.InterNetworkV6) return "v6";
                return "other";
            }

            IPAddress Prefer(IPAddress[] addresses) =>
                addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? addresses.First(a => a.AddressFamily == AddressFamily.InterNetworkV6);

            (Socket, Socket) DualSockets() =>
                (new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp),
                 new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp));

            Socket Chosen(bool v6) => new Socket(v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            bool Either(IPAddress a) => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
        }
        """);

    [Fact]
    public Task Leaves_family_tests_that_pick_between_two_live_branches_alone() => Verify.VerifyAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            static bool IsIPv4(IPAddress a) => a.AddressFamily == AddressFamily.InterNetwork;
            bool IsV4 { get; set; }

            int Bits(IPAddress a) => a.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;

            IPAddress Wildcard(EndPoint e) => e.AddressFamily is AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any;

            void Log(IPAddress a)
            {
                if (a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                    System.Console.WriteLine("public v4");
                else
                    System.Console.WriteLine("other");
                var v4 = a.AddressFamily == AddressFamily.InterNetwork;
                IsV4 = a.AddressFamily == AddressFamily.InterNetwork;
                bool Local(IPAddress b) => b.AddressFamily == AddressFamily.InterNetwork;
            }

            int Size(IPAddress a)
            {
                switch (a.AddressFamily)
                {
                    case AddressFamily.InterNetwork: return 4;
                    default: return 16;
                }
            }

            bool IsPrivate(IPAddress a)
            {
                if (a.AddressFamily == AddressFamily.InterNetwork)
                {
                    var b = a.GetAddressBytes();
                    return b[0] == 10 || (b[0] == 192 && b[1] == 168);
                }
                return a.IsIPv6UniqueLocal || a.IsIPv6LinkLocal;
            }

            string Kind(IPAddress a) => a.AddressFamily switch
            {
                AddressFamily.InterNetwork => "v4",
                _ => "v6 or other",
            };
        }
        """);

    [Fact]
    public Task Leaves_look_alike_types_in_other_namespaces_alone() => Verify.VerifyAsync("""
        namespace Mine
        {
            enum AddressFamily { InterNetwork, InterNetworkV6 }
            class IPAddress { public AddressFamily AddressFamily { get; set; } }
            class C
            {
                bool V4(IPAddress[] all) => System.Array.Exists(all, a => a.AddressFamily == AddressFamily.InterNetwork);
                object Socket() => new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            }
        }
        """);

    [Fact]
    public async Task The_message_says_what_breaks_and_what_to_do()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            using System.Linq;
            using System.Net;
            using System.Net.Sockets;
            class C
            {
                object A() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                object B(string h) => Dns.GetHostAddresses(h, AddressFamily.InterNetwork);
                object D(IPAddress[] all) => all.Where(a => a.AddressFamily == AddressFamily.InterNetwork);
                object E() => new TcpClient(AddressFamily.InterNetwork);
            }
            """);
        var messages = diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.GetMessage()).ToList();
        Assert.Equal(4, messages.Count);
        Assert.StartsWith("AddressFamily.InterNetwork creates an IPv4-only socket", messages[0]);
        Assert.Contains("DualMode = true", messages[0]);
        Assert.StartsWith("AddressFamily.InterNetwork asks DNS for IPv4 addresses only", messages[1]);
        Assert.Contains("accept InterNetworkV6 too", messages[2]);
        Assert.Contains("use new TcpClient()", messages[3]);
        Assert.Equal(AddressFamilyIPv4OnlyAnalyzer.FixTcpClientDefault, diagnostics.Single(d => d.GetMessage() == messages[3]).Properties[AddressFamilyIPv4OnlyAnalyzer.FixKey]);
        Assert.All(diagnostics.Where(d => d.GetMessage() != messages[3]), d => Assert.False(d.Properties.ContainsKey(AddressFamilyIPv4OnlyAnalyzer.FixKey)));
    }

    [Fact]
    public Task Fixes_TcpClient_with_the_dual_stack_constructor() => Fix.VerifyFixAsync("""
        using System.Net.Sockets;
        class C
        {
            TcpClient a = new TcpClient([|AddressFamily.InterNetwork|]);
            TcpClient b = new([|AddressFamily.InterNetwork|]) { NoDelay = true };
            Socket s = new Socket([|AddressFamily.InterNetwork|], SocketType.Stream, ProtocolType.Tcp);
        }
        """, """
        using System.Net.Sockets;
        class C
        {
            TcpClient a = new TcpClient();
            TcpClient b = new() { NoDelay = true };
            Socket s = new Socket([|AddressFamily.InterNetwork|], SocketType.Stream, ProtocolType.Tcp);
        }
        """);

    [Fact]
    public Task Fix_all_rewrites_every_TcpClient_in_the_document() => Fix.VerifyFixAllAsync("""
        using System.Net.Sockets;
        class C
        {
            void Connect()
            {
                using var a = new TcpClient([|AddressFamily.InterNetwork|]);
                using var b = new TcpClient([|AddressFamily.InterNetwork|]);
                using var s = new Socket([|AddressFamily.InterNetwork|], SocketType.Stream, ProtocolType.Tcp);
            }
        }
        """, """
        using System.Net.Sockets;
        class C
        {
            void Connect()
            {
                using var a = new TcpClient();
                using var b = new TcpClient();
                using var s = new Socket([|AddressFamily.InterNetwork|], SocketType.Stream, ProtocolType.Tcp);
            }
        }
        """);
}
