using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.IPv4OnlyMulticastAnalyzer>;

namespace Coexist.Analyzers.Tests.Rules;

public class IPv4OnlyMulticastAnalyzerTests
{
    [Fact]
    public Task Flags_IPv4_multicast_socket_options() => Verify.VerifyAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            void Join(Socket s, IPAddress group, IPAddress local)
            {
                [|s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, local))|];
                [|s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.DropMembership, new MulticastOption(group))|];
                [|s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 4)|];
                [|s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, false)|];
                [|s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, local.GetAddressBytes())|];
                var ttl = [|s.GetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive)|];
                var option = [|new MulticastOption(group)|];
                s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.ReuseAddress, true);
            }
        }
        """);

    [Fact]
    public Task Flags_UdpClient_joining_an_IPv4_group_written_in_the_code() => Verify.VerifyAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            const string Group = "239.255.255.250";
            void Join(UdpClient client, IPAddress configured)
            {
                [|client.JoinMulticastGroup(IPAddress.Parse("239.1.2.3"))|];
                [|client.JoinMulticastGroup(IPAddress.Parse(Group), 4)|];
                [|client.JoinMulticastGroup(new IPAddress(new byte[] { 224, 0, 0, 251 }))|];
                [|client.DropMulticastGroup(IPAddress.Parse(Group))|];
                client.JoinMulticastGroup(configured);
            }
        }
        """);

    [Fact]
    public Task Leaves_code_that_also_does_the_IPv6_side_alone() => Verify.VerifyAsync("""
        using System.Net;
        using System.Net.Sockets;
        class C
        {
            void Join(Socket s, IPAddress group)
            {
                if (group.AddressFamily == AddressFamily.InterNetworkV6)
                    s.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group));
                else
                    s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group));
            }

            void Both(UdpClient v4, UdpClient v6)
            {
                v4.JoinMulticastGroup(IPAddress.Parse("239.255.255.250"));
                v6.JoinMulticastGroup(IPAddress.Parse("ff02::c"));
            }

            void ByInterface(UdpClient v4, UdpClient v6, int index)
            {
                v4.JoinMulticastGroup(IPAddress.Parse("224.0.0.251"));
                v6.JoinMulticastGroup(index, IPAddress.Parse("ff02::fb"));
            }

            void ChosenLevel(Socket s, SocketOptionLevel level) => s.SetSocketOption(level, SocketOptionName.MulticastTimeToLive, 4);
            void IPv6Only(Socket s, IPAddress group) => s.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group));
            void Ttl(Socket s) => s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, 64);
        }
        """);

    [Fact]
    public Task Leaves_look_alike_types_in_other_namespaces_alone() => Verify.VerifyAsync("""
        namespace Mine
        {
            enum SocketOptionLevel { IP }
            enum SocketOptionName { AddMembership }
            class MulticastOption { }
            class Socket { public void SetSocketOption(SocketOptionLevel l, SocketOptionName n, object v) { } }
            class C
            {
                void Join(Socket s) => s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption());
            }
        }
        """);

    [Fact]
    public async Task The_message_names_the_option_and_the_IPv6_counterpart()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            using System.Net;
            using System.Net.Sockets;
            class C
            {
                void Join(Socket s, IPAddress g) => s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(g));
            }
            """);
        var message = Assert.Single(diagnostics).GetMessage();
        Assert.StartsWith("SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership) sets up IPv4 multicast only", message);
        Assert.Contains("SocketOptionLevel.IPv6", message);
    }
}
