using Coexist.Analyzers;
using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.IPNamedIntegerMemberAnalyzer>;

namespace Coexist.Analyzers.Tests.Rules;

public class IPNamedIntegerMemberAnalyzerTests
{
    [Theory]
    [InlineData("ip")]
    [InlineData("IP")]
    [InlineData("_ip")]
    [InlineData("clientIp")]
    [InlineData("ClientIP")]
    [InlineData("remoteIpAddress")]
    [InlineData("ipAddress")]
    [InlineData("IPAddress")]
    [InlineData("ipaddress")]
    [InlineData("ipAddr")]
    [InlineData("IPv4Address")]
    [InlineData("ipV4Addr")]
    [InlineData("SOURCE_IP")]
    [InlineData("src_ip")]
    [InlineData("m_hostIp")]
    [InlineData("ipNum")]
    [InlineData("ipFrom")]
    [InlineData("IpTo")]
    [InlineData("startIp")]
    [InlineData("remoteAddr")]
    [InlineData("clientAddress")]
    [InlineData("gatewayAddr")]
    [InlineData("dstAddress")]
    public void Address_names_match(string name) => Assert.True(AddressNames.IsAddressName(name), name);

    [Theory]
    [InlineData("zip")]
    [InlineData("tip")]
    [InlineData("Zip")]
    [InlineData("skipCount")]
    [InlineData("ipCount")]
    [InlineData("ipVersion")]
    [InlineData("IpFamily")]
    [InlineData("ipPort")]
    [InlineData("ipHash")]
    [InlineData("ipPrefixLength")]
    [InlineData("maxRequestsPerIp_limit")]
    [InlineData("addressCount")]
    [InlineData("address")]
    [InlineData("baseAddress")]
    [InlineData("memoryAddress")]
    [InlineData("port")]
    [InlineData("remotePort")]
    [InlineData("vip")]
    [InlineData("equipId")]
    [InlineData("clientIpAddressCount")]
    public void Other_names_do_not(string name) => Assert.False(AddressNames.IsAddressName(name), name);

    [Fact]
    public void IPv4_and_IPv6_stay_one_word() =>
        Assert.Equal(["client", "ipv4", "address", "http", "server"], AddressNames.Split("clientIPv4Address_HTTPServer"));

    [Fact]
    public Task Flags_integer_fields_properties_and_parameters_named_for_addresses() => Verify.VerifyAsync("""
        class Visit
        {
            private uint [|clientIp|];
            public long [|RemoteAddr|] { get; set; }
            public int? [|SourceIp|] { get; set; }
            public ulong [|IpFrom|], [|IpTo|];
            public Visit(int [|ip|]) { }
            public void Log(long [|hostIpAddress|], int port) { }
        }
        record Hit(uint [|ClientIp|], string Path);
        interface IBlockList
        {
            bool Contains(uint [|ip|]);
            long [|LastIp|] { get; }
        }
        """);

    [Fact]
    public Task Leaves_other_types_names_and_inherited_members_alone() => Verify.VerifyAsync("""
        using System.Net;
        class Counters
        {
            int ipCount;
            int zip;
            int tip;
            int port;
            int ipVersion;
            public int AddressCount { get; set; }
            public string ClientIp { get; set; } = "";
            public IPAddress? RemoteIp { get; set; }
            public byte[] IpBytes { get; set; } = [];
            public System.UInt128 Ipv6Address { get; set; }
            void Local()
            {
                int ip = 0;
                System.Func<uint, bool> isBlocked = clientIp => clientIp == 0;
            }
        }
        interface IBlockList { bool Contains(uint [|ip|]); }
        class BlockList : IBlockList
        {
            public bool Contains(uint ip) => false;
        }
        abstract class Base { public abstract void Seen(long [|clientIp|]); }
        class Derived : Base { public override void Seen(long clientIp) { } }
        """);

    [Fact]
    public async Task The_message_names_the_member_and_its_type()
    {
        var diagnostics = await Verify.DiagnosticsAsync("""
            class Visit { public uint ClientIp { get; set; } }
            """);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.StartsWith("Property 'ClientIp' is named for an IP address but typed uint", diagnostic.GetMessage());
    }
}
