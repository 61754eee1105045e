using System.Net;
using System.Net.Sockets;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>The authoritative bind9: delegation from test., name-server cases, address cases, reverse, DNSSEC.</summary>
[Collection(LabCollection.Name)]
public sealed class AuthoritativeDnsTests(LabFixture fixture)
{
    private LabDescription Lab => fixture.Lab;
    private LabCase Delegation => Lab.Case("dns-delegation");
    private IPAddress Ns1V4 => Delegation.IPv4[0];

    [LabTheory]
    [InlineData(AddressFamily.InterNetwork, "+notcp")]
    [InlineData(AddressFamily.InterNetwork, "+tcp")]
    [InlineData(AddressFamily.InterNetworkV6, "+notcp")]
    [InlineData(AddressFamily.InterNetworkV6, "+tcp")]
    public async Task Child_zone_answers_authoritatively_over_each_family_and_transport(AddressFamily family, string transport)
    {
        var www = Lab.Case("web-dual-stack");
        var servers = Delegation.Addresses.Where(a => a.AddressFamily == family).ToList();
        Assert.Equal(2, servers.Count);
        foreach (var server in servers)
        {
            var reply = await Dig.QueryAsync(server, www.Name, "AAAA", "+norec", transport);
            Assert.Equal("NOERROR", reply.Status);
            Assert.True(reply.Authoritative, $"{server} {transport}: no aa flag\n{reply.Text}");
            Assert.Equal(www.IPv6.ToHashSet(), reply.AnswerAddresses("AAAA"));
        }
    }

    [LabFact]
    public async Task Parent_refers_to_the_child_with_glue_equal_to_the_child_data()
    {
        foreach (var parent in new[] { Lab.Parent.IPv4, Lab.Parent.IPv6 })
        {
            var referral = await Dig.QueryAsync(parent, Lab.Zone, "NS", "+norec");
            Assert.False(referral.Authoritative, $"the parent answered for the child instead of referring\n{referral.Text}");
            var nameServers = referral.Authority.Where(r => r.Type == "NS").Select(r => r.Data.TrimEnd('.')).Order().ToList();
            Assert.Equal(Delegation.Fact("nameServers").Split(' ').Order().ToList(), nameServers);
            var glue = nameServers.SelectMany(ns => referral.AdditionalAddresses(ns, "A").Concat(referral.AdditionalAddresses(ns, "AAAA")));
            Assert.Equal(Delegation.Addresses.ToHashSet(), glue.ToHashSet());
        }
        foreach (var ns in Delegation.Fact("nameServers").Split(' '))
        {
            var v4 = await Dig.QueryAsync(Ns1V4, ns, "A", "+norec");
            var v6 = await Dig.QueryAsync(Ns1V4, ns, "AAAA", "+norec");
            Assert.Subset(Delegation.Addresses.ToHashSet(), v4.AnswerAddresses("A").Concat(v6.AnswerAddresses("AAAA")).ToHashSet());
        }
    }

    [LabFact]
    public async Task Glue_of_the_mismatch_case_differs_from_the_child_data()
    {
        var mismatch = Lab.Case("dns-glue-mismatch");
        var ns = mismatch.Fact("nameServer");
        var referral = await Dig.QueryAsync(Lab.Parent.IPv4, mismatch.Name, "NS", "+norec");
        Assert.Equal([IPAddress.Parse(mismatch.Fact("glueIPv4"))], referral.AdditionalAddresses(ns, "A"));
        Assert.Equal([IPAddress.Parse(mismatch.Fact("glueIPv6"))], referral.AdditionalAddresses(ns, "AAAA"));

        var childV4 = await Dig.QueryAsync(Ns1V4, ns, "A", "+norec");
        var childV6 = await Dig.QueryAsync(Ns1V4, ns, "AAAA", "+norec");
        Assert.True(childV4.Authoritative);
        Assert.Equal([IPAddress.Parse(mismatch.Fact("childIPv4"))], childV4.AnswerAddresses("A"));
        Assert.Equal([IPAddress.Parse(mismatch.Fact("childIPv6"))], childV6.AnswerAddresses("AAAA"));
        Assert.NotEqual(mismatch.Fact("glueIPv4"), mismatch.Fact("childIPv4"));

        // Both the glue and the child addresses answer for the zone, so only the data is wrong.
        foreach (var address in mismatch.Addresses)
        {
            Assert.True((await Dig.QueryAsync(address, mismatch.Name, "SOA", "+norec")).Authoritative, $"{address} is not authoritative");
        }
    }

    [LabFact]
    public async Task Name_server_without_AAAA_has_none_in_glue_or_child()
    {
        var noAaaa = Lab.Case("dns-ns-no-aaaa");
        var ns = noAaaa.Fact("nameServer");
        var referral = await Dig.QueryAsync(Lab.Parent.IPv6, noAaaa.Name, "NS", "+norec");
        Assert.Equal(noAaaa.IPv4.ToHashSet(), referral.AdditionalAddresses(ns, "A"));
        Assert.Empty(referral.AdditionalAddresses(ns, "AAAA"));

        var child = await Dig.QueryAsync(noAaaa.IPv4[0], ns, "AAAA", "+norec");
        Assert.Equal("NOERROR", child.Status);
        Assert.True(child.Authoritative);
        Assert.Empty(child.Answer);
    }

    [LabFact]
    public async Task UDP_only_name_server_answers_over_UDP_and_refuses_TCP()
    {
        var udpOnly = Lab.Case("dns-udp-only");
        Assert.Equal("refused", udpOnly.Fact("tcp"));
        foreach (var address in udpOnly.Addresses)
        {
            var reply = await Dig.QueryAsync(address, udpOnly.Name, "SOA", "+norec", "+notcp");
            Assert.True(reply.Authoritative, $"{address} over UDP\n{reply.Text}");
            var refused = await Assert.ThrowsAsync<SocketException>(() => TcpConnect.ConnectAsync(address, 53));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
        // The healthy counterpart takes TCP on both families.
        foreach (var address in Delegation.Addresses) await TcpConnect.ConnectAsync(address, 53);
    }

    [LabFact]
    public async Task Large_RRset_is_truncated_over_UDP_and_complete_over_TCP_on_IPv6()
    {
        var big = Lab.Case("dns-large-rrset");
        var size = int.Parse(big.Fact("udpPayload"), System.Globalization.CultureInfo.InvariantCulture);
        var server = Delegation.IPv6[0];

        var udp = await Dig.QueryAsync(server, big.Name, big.Fact("type"), "+norec", "+ignore", $"+bufsize={size}");
        Assert.True(udp.Truncated, $"no tc flag over UDP\n{udp.Text}");

        var tcp = await Dig.QueryAsync(server, big.Name, big.Fact("type"), "+norec", "+tcp");
        Assert.False(tcp.Truncated);
        Assert.Equal(int.Parse(big.Fact("records"), System.Globalization.CultureInfo.InvariantCulture), tcp.AnswerData(big.Fact("type")).Count());
        Assert.True(tcp.MessageSize > size, $"the answer is only {tcp.MessageSize} bytes");
    }

    [LabTheory]
    [InlineData("dns-v4mapped-aaaa")]
    [InlineData("dns-private-v4")]
    [InlineData("dns-ula-v6")]
    [InlineData("web-dual-stack")]
    public async Task Address_records_are_published_as_designed(string caseId)
    {
        var labCase = Lab.Case(caseId);
        var a = await Dig.QueryAsync(Ns1V4, labCase.Name, "A", "+norec");
        var aaaa = await Dig.QueryAsync(Ns1V4, labCase.Name, "AAAA", "+norec");
        Assert.Equal(labCase.IPv4.ToHashSet(), a.AnswerAddresses("A"));
        Assert.Equal(labCase.IPv6.ToHashSet(), aaaa.AnswerAddresses("AAAA"));
    }

    [LabFact]
    public async Task Reverse_names_are_forward_confirmed_only_where_designed()
    {
        foreach (var (caseId, confirmed) in new[] { ("dns-ptr-confirmed", true), ("dns-ptr-unconfirmed", false) })
        {
            var labCase = Lab.Case(caseId);
            var address = labCase.IPv6[0];
            var ptr = await Dig.ReverseAsync(Ns1V4, address, "+norec");
            var name = Assert.Single(ptr.AnswerData("PTR"));
            Assert.True(DigReply.SameName(labCase.Fact("ptr"), name), $"{address} PTR {name}");
            var forward = await Dig.QueryAsync(Ns1V4, name, "AAAA", "+norec");
            Assert.Equal(confirmed, forward.AnswerAddresses("AAAA").Contains(address));
        }
        var missing = await Dig.ReverseAsync(Ns1V4, Lab.Case("dns-ptr-missing").IPv6[0], "+norec");
        Assert.Equal("NXDOMAIN", missing.Status);
    }

    [LabFact]
    public async Task Signed_zone_carries_signatures_and_its_A_only_name_has_no_AAAA()
    {
        var aOnly = Lab.Case("dns-signed-a-only");
        var a = await Dig.QueryAsync(Ns1V4, aOnly.Name, "A", "+norec", "+dnssec");
        Assert.Equal(aOnly.IPv4.ToHashSet(), a.AnswerAddresses("A"));
        Assert.Contains(a.Answer, r => r.Type == "RRSIG" && r.Data.StartsWith("A ", StringComparison.Ordinal));

        var aaaa = await Dig.QueryAsync(Ns1V4, aOnly.Name, "AAAA", "+norec", "+dnssec");
        Assert.Equal("NOERROR", aaaa.Status);
        Assert.Empty(aaaa.AnswerData("AAAA"));
        Assert.Contains(aaaa.Authority, r => r.Type == "NSEC");

        var parent = await Dig.QueryAsync(Lab.Parent.IPv4, "signed.test", "DS", "+norec");
        Assert.NotEmpty(parent.AnswerData("DS"));
    }
}
