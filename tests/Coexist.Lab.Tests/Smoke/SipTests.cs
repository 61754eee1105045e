using System.Net;
using System.Net.Sockets;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;
using Coexist.Model;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>kamailio: OPTIONS over each family and transport, and the addresses its replies carry.</summary>
[Collection(LabCollection.Name)]
public sealed class SipTests(LabFixture fixture)
{
    private LabDescription Lab => fixture.Lab;

    public static TheoryData<string, AddressFamily, SipTransport> Listeners()
    {
        var data = new TheoryData<string, AddressFamily, SipTransport>();
        foreach (var transport in new[] { SipTransport.Udp, SipTransport.Tcp })
        {
            data.Add("sip-dual-stack", AddressFamily.InterNetwork, transport);
            data.Add("sip-dual-stack", AddressFamily.InterNetworkV6, transport);
            data.Add("sip-v4-contact", AddressFamily.InterNetwork, transport);
            data.Add("sip-v4-contact", AddressFamily.InterNetworkV6, transport);
            data.Add("sip-v4-only", AddressFamily.InterNetwork, transport);
        }
        return data;
    }

    [LabTheory]
    [MemberData(nameof(Listeners))]
    public async Task OPTIONS_is_answered_with_a_Contact_of_the_designed_family(string caseId, AddressFamily family, SipTransport transport)
    {
        var server = Lab.Case(caseId);
        var address = Assert.Single(server.Addresses, a => a.AddressFamily == family);
        var reply = await SipExchange.SendAsync("OPTIONS", address, transport);
        Assert.Equal(200, reply.Status);
        Assert.Contains("OPTIONS", reply.Header("Allow") ?? "", StringComparison.Ordinal);
        var contact = reply.ContactAddress();
        Assert.NotNull(contact);
        var expected = family == AddressFamily.InterNetworkV6 && server.Fact("contactOverIPv6") == "IPv6" ? address
            : server.IPv4[0];
        Assert.Equal(expected, contact);
    }

    [LabTheory]
    [InlineData("sip-dual-stack")]
    [InlineData("sip-v4-contact")]
    public async Task INVITE_over_IPv6_is_answered_with_SDP_of_the_designed_family(string caseId)
    {
        var server = Lab.Case(caseId);
        var reply = await SipExchange.SendAsync("INVITE", server.IPv6[0], SipTransport.Udp);
        Assert.Equal(200, reply.Status);
        Assert.Equal("application/sdp", reply.Header("Content-Type"));
        var connection = reply.SdpConnection();
        var family = server.Fact("sdpOverIPv6");
        var address = family == "IP6" ? server.IPv6[0] : server.IPv4[0];
        Assert.Equal($"c=IN {family} {address}", connection);
    }

    [LabFact]
    public async Task IPv4_only_server_is_reached_from_IPv6_through_NAT64_over_UDP_and_TCP()
    {
        var server = Lab.Case("sip-v4-only");
        Assert.Empty(server.IPv6);
        var translated = Lab.Nat64.Prefix.Embed(server.IPv4[0]);
        foreach (var transport in new[] { SipTransport.Udp, SipTransport.Tcp })
        {
            var reply = await SipExchange.SendAsync("OPTIONS", translated, transport);
            Assert.Equal(200, reply.Status);
            // The server knows nothing of IPv6: it names itself by its IPv4 address and saw a pool address.
            Assert.Equal(server.IPv4[0], reply.ContactAddress());
            var received = reply.Header("Via")!.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("received=", StringComparison.Ordinal));
            Assert.True(IPNetwork.Parse(Lab.Nat64.Pool).Contains(IPAddress.Parse(received["received=".Length..])), received);
        }
    }
}
