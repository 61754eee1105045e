using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Dns;
using static Coexist.Probes.Tests.Dns.DnsTestMessages;

namespace Coexist.Probes.Tests.Dns;

/// <summary>The client and lookups against a real BIND 9, authoritative for coexist.test, on both loopbacks.</summary>
public sealed class Bind9Tests(Bind9Server bind) : IClassFixture<Bind9Server>
{
    // An authoritative server: no recursion asked.
    private static readonly DnsQueryOptions Authoritative = new() { RecursionDesired = false, AttemptTimeout = TimeSpan.FromSeconds(1), UdpAttempts = 2 };

    private readonly DnsSocketClient _client = new();

    private DnsLookup Lookup(IPEndPoint server, DnsQueryOptions? options = null) => new(_client, server, options ?? Authoritative);

    [RequiresBind9Fact(needsIPv6: true)]
    public async Task Addresses_come_back_authoritative_over_both_families()
    {
        foreach (var server in new[] { bind.V4, bind.V6 })
        {
            var addresses = await Lookup(server).GetAllAddressesAsync(Name("www.coexist.test"));

            Assert.Equal(IPAddress.Parse("192.0.2.10"), Assert.Single(addresses.IPv4.Values));
            Assert.Equal(IPAddress.Parse("2001:db8::10"), Assert.Single(addresses.IPv6.Values));
            foreach (var exchange in addresses.IPv4.Exchanges.Concat(addresses.IPv6.Exchanges))
            {
                Assert.Equal(server, exchange.Server);
                Assert.Equal(DnsTransport.Udp, exchange.Transport);
                Assert.True(exchange.Response!.Header.IsAuthoritative, bind.Log);
                Assert.False(exchange.Response.Header.RecursionAvailable);
                Assert.Equal(0, exchange.MismatchedResponses);
                Assert.InRange(exchange.ResponseSize, DnsLimits.HeaderLength, DnsLimits.DefaultEdnsUdpPayloadSize);
            }
            Assert.Equal(300u, Assert.Single(addresses.IPv4.Records).Ttl);
        }
    }

    [RequiresBind9Fact]
    public async Task A_cname_chain_is_followed_to_the_address()
    {
        var result = await Lookup(bind.V4).GetAddressesAsync(Name("alias1.coexist.test"), AddressFamily.InterNetwork);

        Assert.Equal(DnsLookupStatus.Found, result.Status);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), Assert.Single(result.Values));
        Assert.Equal(Name("www.coexist.test"), result.CanonicalName);
        Assert.Equal([Name("alias1.coexist.test"), Name("alias2.coexist.test")], result.CnameChain.Select(r => r.Name));
    }

    [RequiresBind9Fact]
    public async Task The_question_comes_back_in_the_case_it_was_asked()
    {
        var asked = Name("WwW.CoExIsT.TeSt");
        var result = await _client.QueryAsync(bind.V4, new DnsQuestion(asked, DnsRecordType.A), Authoritative);

        Assert.True(result.Response!.Question!.Name.EqualsExactly(asked), result.Response.Question.Name.ToString());
        Assert.Equal(asked, Assert.Single(result.Response.Answers).Name);
    }

    [RequiresBind9Fact]
    public async Task Mail_sip_and_policy_records_are_read()
    {
        var lookup = Lookup(bind.V4);

        var mx = await lookup.GetMxAsync(Bind9Server.Zone);
        Assert.Equal([(10, "mail.coexist.test"), (20, "backup-mail.coexist.test")],
            mx.Values.OrderBy(v => v.Preference).Select(v => ((int)v.Preference, v.Exchange.ToString())));

        var srv = await lookup.GetSrvAsync(Name("_sip._udp.coexist.test"));
        Assert.Equal(new SrvData(10, 60, 5060, Name("sip.coexist.test")), Assert.Single(srv.Values));

        var naptr = await lookup.GetNaptrAsync(Bind9Server.Zone);
        Assert.Equal(
            [new NaptrData(10, 50, "s", "SIP+D2U", "", Name("_sip._udp.coexist.test")), new NaptrData(20, 50, "s", "SIP+D2T", "", Name("_sip._tcp.coexist.test"))],
            naptr.Values.OrderBy(v => v.Order));

        var spf = await lookup.GetTxtAsync(Bind9Server.Zone);
        Assert.Equal("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all", Assert.Single(spf.Values).Text);
        var multi = await lookup.GetTxtAsync(Name("long.coexist.test"));
        Assert.Equal(["part one, ", "part two"], Assert.Single(multi.Values).Strings.AsEnumerable());
        Assert.Equal("part one, part two", multi.Values[0].Text);

        var caa = await lookup.GetCaaAsync(Bind9Server.Zone);
        Assert.Equal(
            [new CaaData(0, "issue", "ca.example.net"), new CaaData(128, "iodef", "mailto:security@coexist.test")],
            caa.Values.OrderBy(v => v.Flags));
        Assert.True(caa.Values.Single(v => v.Tag == "iodef").IsIssuerCritical);
    }

    [RequiresBind9Fact]
    public async Task Zone_apex_records_are_read()
    {
        var lookup = Lookup(bind.V4);

        var ns = await lookup.GetNsAsync(Bind9Server.Zone);
        Assert.Equal(Name("ns1.coexist.test"), Assert.Single(ns.Values).Host);

        var soa = Assert.Single((await lookup.GetSoaAsync(Bind9Server.Zone)).Values);
        Assert.Equal(new SoaData(Name("ns1.coexist.test"), Name("hostmaster.coexist.test"), 2026052101, 3600, 600, 86400, 300), soa);
    }

    [RequiresBind9Fact(needsIPv6: true)]
    public async Task Pointer_records_are_found_for_both_families()
    {
        var lookup = Lookup(bind.V6);

        var v4 = await lookup.GetPtrAsync(IPAddress.Parse("192.0.2.10"));
        var v6 = await lookup.GetPtrAsync(IPAddress.Parse("2001:db8::10"));

        Assert.Equal(Name("www.coexist.test"), Assert.Single(v4.Values).Target);
        Assert.Equal(Name("www.coexist.test"), Assert.Single(v6.Values).Target);
        Assert.Equal(Name("10.2.0.192.in-addr.arpa"), v4.Name);
        Assert.True(v6.LastExchange!.Response!.Header.IsAuthoritative);
    }

    [RequiresBind9Fact(needsIPv6: true)]
    public async Task A_large_rrset_is_truncated_over_udp_and_fetched_over_tcp()
    {
        var big = Name("big.coexist.test");
        foreach (var server in new[] { bind.V4, bind.V6 })
        {
            var result = await _client.QueryAsync(server, new DnsQuestion(big, DnsRecordType.AAAA), Authoritative);

            Assert.Equal(DnsQueryOutcome.Answered, result.Outcome);
            Assert.True(result.FellBackToTcp, result.ToString());
            Assert.Equal(DnsTransport.Tcp, result.Transport);
            Assert.Equal(2, result.Attempts);
            Assert.True(result.Response!.Header.IsAuthoritative);
            Assert.False(result.Response.Header.IsTruncated);
            Assert.Equal(Bind9Server.BigRRsetSize, result.Response.AnswersFor(big, DnsRecordType.AAAA).Count());
            Assert.True(result.ResponseSize > DnsLimits.DefaultEdnsUdpPayloadSize, $"{result.ResponseSize} octets");
        }

        var udpOnly = await _client.QueryAsync(bind.V4, new DnsQuestion(big, DnsRecordType.AAAA), Authoritative with { Transport = DnsTransportMode.UdpOnly });
        Assert.True(udpOnly.Response!.Header.IsTruncated);
        Assert.True(udpOnly.ResponseSize <= DnsLimits.DefaultEdnsUdpPayloadSize, $"{udpOnly.ResponseSize} octets over UDP");
        Assert.True(udpOnly.Response.Answers.Length < Bind9Server.BigRRsetSize);

        var tcpOnly = await _client.QueryAsync(bind.V4, new DnsQuestion(big, DnsRecordType.AAAA), Authoritative with { Transport = DnsTransportMode.TcpOnly });
        Assert.False(tcpOnly.FellBackToTcp);
        Assert.Equal(1, tcpOnly.Attempts);
        Assert.Equal(Bind9Server.BigRRsetSize, tcpOnly.Response!.Answers.Length);
    }

    [RequiresBind9Fact]
    public async Task Without_edns_a_512_octet_answer_limit_applies()
    {
        var result = await _client.QueryAsync(bind.V4, new DnsQuestion(Name("big.coexist.test"), DnsRecordType.AAAA),
            Authoritative with { EdnsUdpPayloadSize = null, Transport = DnsTransportMode.UdpOnly });

        Assert.Null(result.Response!.Edns);
        Assert.True(result.Response.Header.IsTruncated);
        Assert.True(result.ResponseSize <= DnsLimits.ClassicUdpPayloadSize, $"{result.ResponseSize} octets");
    }

    [RequiresBind9Fact]
    public async Task Missing_names_and_types_are_told_apart()
    {
        var lookup = Lookup(bind.V4);

        var missing = await lookup.GetAddressesAsync(Name("nowhere.coexist.test"), AddressFamily.InterNetwork);
        Assert.Equal(DnsLookupStatus.NameError, missing.Status);
        Assert.Equal(DnsResponseCode.NXDomain, missing.ResponseCode);
        Assert.IsType<SoaData>(Assert.Single(missing.LastExchange!.Response!.Authorities).Data);

        var noData = await lookup.GetMxAsync(Name("www.coexist.test"));
        Assert.Equal(DnsLookupStatus.NoData, noData.Status);
        Assert.Equal(DnsResponseCode.NoError, noData.ResponseCode);

        var outside = await lookup.GetAddressesAsync(Name("example.org"), AddressFamily.InterNetwork);
        Assert.Equal(DnsLookupStatus.ServerFailure, outside.Status);
        Assert.Equal(DnsResponseCode.Refused, outside.ResponseCode);
    }

    [RequiresBind9Fact]
    public async Task Edns_comes_back_from_bind()
    {
        var result = await _client.QueryAsync(bind.V4, new DnsQuestion(Bind9Server.Zone, DnsRecordType.SOA), Authoritative with { DnssecOk = true });

        var edns = result.Response!.Edns;
        Assert.NotNull(edns);
        Assert.Equal(0, edns.Version);
        Assert.True(edns.UdpPayloadSize >= DnsLimits.ClassicUdpPayloadSize);
        Assert.False(result.Response.IsSigned(Bind9Server.Zone, DnsRecordType.SOA), "the zone is not signed");
    }
}
