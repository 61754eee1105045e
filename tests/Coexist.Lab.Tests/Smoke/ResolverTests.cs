using System.Net;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>The recursive bind9: a plain view and a DNS64 view, both iterating from the lab's parent zone.</summary>
[Collection(LabCollection.Name)]
public sealed class ResolverTests(LabFixture fixture)
{
    private LabDescription Lab => fixture.Lab;
    private IPAddress Dns64 => Lab.Resolvers.Dns64.IPv6!;

    public static TheoryData<string> PlainResolverFamilies => ["ipv4", "ipv6"];

    private IPAddress Plain(string family) => (family == "ipv4" ? Lab.Resolvers.Plain.IPv4 : Lab.Resolvers.Plain.IPv6)!;

    [LabTheory]
    [MemberData(nameof(PlainResolverFamilies))]
    public async Task Plain_resolver_follows_the_delegation_and_never_synthesizes(string family)
    {
        var www = Lab.Case("web-dual-stack");
        var v4Only = Lab.Case("web-v4-only");
        Assert.Equal(www.IPv6.ToHashSet(), (await Dig.QueryAsync(Plain(family), www.Name, "AAAA")).AnswerAddresses("AAAA"));
        Assert.Equal(www.IPv4.ToHashSet(), (await Dig.QueryAsync(Plain(family), www.Name, "A")).AnswerAddresses("A"));
        var none = await Dig.QueryAsync(Plain(family), v4Only.Name, "AAAA");
        Assert.Equal("NOERROR", none.Status);
        Assert.Empty(none.Answer);
        // Each name-server case still resolves: the healthy second name server carries it.
        foreach (var zone in new[] { "dns-ns-no-aaaa", "dns-udp-only", "dns-glue-mismatch" })
        {
            var reply = await Dig.QueryAsync(Plain(family), "www." + Lab.Case(zone).Name, "A");
            Assert.Equal(www.IPv4.ToHashSet(), reply.AnswerAddresses("A"));
        }
    }

    [LabFact]
    public async Task Plain_resolver_answers_names_outside_the_lab_at_once()
    {
        var reply = await Dig.QueryAsync(Plain("ipv4"), "www.example.com", "A");
        Assert.Equal("NXDOMAIN", reply.Status);
    }

    [LabFact]
    public async Task Resolvers_validate_the_signed_zone()
    {
        var dual = Lab.Case("dns-signed-dual-stack");
        var reply = await Dig.QueryAsync(Plain("ipv4"), dual.Name, "AAAA", "+dnssec");
        Assert.True(reply.AuthenticData, $"no ad flag\n{reply.Text}");
        Assert.Equal(dual.IPv6.ToHashSet(), reply.AnswerAddresses("AAAA"));
    }

    [LabFact]
    public async Task DNS64_synthesizes_AAAA_under_the_NAT64_prefix_for_A_only_names()
    {
        foreach (var labCase in new[] { Lab.Case("web-v4-only"), Lab.Case("mail-v4-only"), Lab.Case("sip-v4-only") })
        {
            var reply = await Dig.QueryAsync(Dns64, labCase.Name, "AAAA");
            Assert.Equal(labCase.IPv4.Select(Lab.Nat64.Prefix.Embed).ToHashSet(), reply.AnswerAddresses("AAAA"));
        }
    }

    [LabFact]
    public async Task DNS64_keeps_real_AAAA_and_replaces_mapped_ones()
    {
        var www = Lab.Case("web-dual-stack");
        Assert.Equal(www.IPv6.ToHashSet(), (await Dig.QueryAsync(Dns64, www.Name, "AAAA")).AnswerAddresses("AAAA"));
        // RFC 6147 section 5.1.4: an AAAA in ::ffff:0:0/96 counts as no AAAA, and is synthesized over.
        var mapped = Lab.Case("dns-v4mapped-aaaa");
        Assert.Equal(mapped.IPv4.Select(Lab.Nat64.Prefix.Embed).ToHashSet(), (await Dig.QueryAsync(Dns64, mapped.Name, "AAAA")).AnswerAddresses("AAAA"));
    }

    [LabFact]
    public async Task DNS64_answers_ipv4only_arpa_so_that_the_prefix_can_be_discovered()
    {
        // RFC 7050 section 2.2: the well-known name has A 192.0.0.170 and 192.0.0.171.
        var reply = await Dig.QueryAsync(Dns64, "ipv4only.arpa", "AAAA");
        var embedded = reply.AnswerAddresses("AAAA").Select(a => Lab.Nat64.Prefix.Extract(a)).ToHashSet();
        Assert.Equal(new HashSet<IPAddress?> { IPAddress.Parse("192.0.0.170"), IPAddress.Parse("192.0.0.171") }, embedded);
        var plain = await Dig.QueryAsync(Plain("ipv6"), "ipv4only.arpa", "AAAA");
        Assert.Empty(plain.AnswerData("AAAA"));
    }

    [LabFact]
    public async Task DNS64_synthesizes_for_the_signed_A_only_name_unless_the_client_asks_for_DNSSEC()
    {
        var aOnly = Lab.Case("dns-signed-a-only");
        var plainQuery = await Dig.QueryAsync(Dns64, aOnly.Name, "AAAA");
        Assert.Equal(aOnly.IPv4.Select(Lab.Nat64.Prefix.Embed).ToHashSet(), plainQuery.AnswerAddresses("AAAA"));
        // bind's break-dnssec no (RFC 6147 section 5.5): with DO set, a signed answer is not synthesized over.
        var dnssecQuery = await Dig.QueryAsync(Dns64, aOnly.Name, "AAAA", "+dnssec");
        Assert.Empty(dnssecQuery.AnswerData("AAAA"));
        Assert.Equal("no-synthesis", aOnly.Fact("dns64WithDnssecOk"));
    }

    [LabFact]
    public async Task Mail_domains_publish_MX_SPF_and_DMARC_as_designed()
    {
        var resolver = Plain("ipv6");
        foreach (var mail in Lab.CasesOfKind("mail"))
        {
            var domain = mail.Fact("domain");
            var mx = Assert.Single((await Dig.QueryAsync(resolver, domain, "MX")).AnswerData("MX"));
            Assert.Equal(mail.Id == "mail-null-mx" ? "0 ." : $"10 {mail.Name}.", mx);

            var spf = Assert.Single((await Dig.QueryAsync(resolver, domain, "TXT")).AnswerData("TXT"), t => t.Contains("v=spf1", StringComparison.Ordinal));
            if (mail.Expect.TryGetValue("spfCoversIPv6", out var covers))
            {
                Assert.Equal(covers == "yes", mail.IPv6.Any(a => spf.Contains($"ip6:{a}", StringComparison.Ordinal)));
                Assert.All(mail.IPv4, a => Assert.Contains($"ip4:{a}", spf, StringComparison.Ordinal));
            }

            var dmarc = await Dig.QueryAsync(resolver, "_dmarc." + domain, "TXT");
            Assert.Equal(mail.FactIsYes("dmarc"), dmarc.AnswerData("TXT").Any(t => t.Contains("v=DMARC1", StringComparison.Ordinal)));
        }
    }

    [LabFact]
    public async Task SIP_domains_lead_through_NAPTR_and_SRV_to_their_server()
    {
        var resolver = Plain("ipv4");
        foreach (var sip in Lab.CasesOfKind("sip"))
        {
            var domain = sip.Fact("domain");
            var naptr = (await Dig.QueryAsync(resolver, domain, "NAPTR")).AnswerData("NAPTR").ToList();
            Assert.Equal(2, naptr.Count);
            foreach (var service in new[] { "SIP+D2U", "SIP+D2T" })
            {
                var record = Assert.Single(naptr, n => n.Contains($"\"{service}\"", StringComparison.Ordinal));
                var srvName = record.Split(' ')[^1];
                var srv = Assert.Single((await Dig.QueryAsync(resolver, srvName, "SRV")).AnswerData("SRV"));
                Assert.Equal($"10 10 5060 {sip.Name}.", srv);
            }
        }
    }
}
