using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Sip.Probe;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>The service model in the inventory (telephony, sip-servers, media-gateways) and how discovery turns it into targets.</summary>
public sealed class SipInventoryTests
{
    private static Inventory Parse(string yaml) => InventoryReader.Parse(yaml, "coexist.yaml", "/estate");

    [Fact]
    public void An_all_IP_service_names_its_SIP_servers_and_media_gateways_and_the_planner_gets_them()
    {
        var inventory = Parse("""
            services:
              - name: voip
                kind: sip
                telephony: all-ip
                domain: shop.example
                transports: [udp, tcp, tls]
                sip-servers: [sbc1.shop.example, "2001:db8:5060::5"]
                media-gateways: [mg1.shop.example, 198.51.100.9]
            """);

        var service = Assert.Single(inventory.Services);
        Assert.Equal(Telephony.AllIp, service.Telephony);
        Assert.Equal(["sbc1.shop.example", "2001:db8:5060::5"], service.SipServers);
        Assert.Equal(["mg1.shop.example", "198.51.100.9"], service.MediaGateways);
        var info = service.ToServiceInfo([ProbePath.V4]);
        Assert.Equal(service.SipServers, info.SipServers);
        Assert.Equal(service.MediaGateways, info.MediaGateways);
        var json = AssessmentJson.Serialize(new Assessment { Services = [info] });
        Assert.Contains("\"mediaGateways\"", json);
        Assert.Equal(service.MediaGateways, AssessmentJson.Deserialize(json).Services[0].MediaGateways);
    }

    [Fact]
    public void Merging_assessments_keeps_the_service_model_a_later_part_knows()
    {
        var bare = new ServiceInfo { Name = "voip", Kind = ServiceKind.Sip };
        var described = bare with { Telephony = Telephony.AllIp, SipServers = ["sbc1.shop.example"], MediaGateways = ["mg1.shop.example"] };

        var merged = AssessmentMerge.Merge([new Assessment { Services = [bare] }, new Assessment { Services = [described] }]);

        var service = Assert.Single(merged.Services);
        Assert.Equal(["sbc1.shop.example"], service.SipServers);
        Assert.Equal(["mg1.shop.example"], service.MediaGateways);
    }

    [Theory]
    [InlineData("kind: web\n    media-gateways: [mg.shop.example]", 4, "'media-gateways' describes a sip service, not a web one")]
    [InlineData("kind: sip\n    sip-servers: [\"sip.shop.example:5070\"]", 4, "sip-servers entry 'sip.shop.example:5070' is not a host name or an address")]
    [InlineData("kind: sip\n    media-gateways: [\"[2001:db8::9]\"]", 4, "media-gateways entry '[2001:db8::9]' is not a host name or an address")]
    public void A_wrong_service_model_entry_is_an_error_with_its_line(string body, int line, string reason)
    {
        var error = Assert.Throws<InventoryException>(() => Parse($"services:\n  - name: x\n    {body}\n"));
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public async Task Discovery_lists_every_target_once_with_its_role_transport_port_and_source()
    {
        await using var world = new SipWorld();
        world.Records("shop.test", "sip.shop.test");
        world.Data.Addresses("sip.shop.test", "198.51.100.40");
        var service = new ServiceSpec
        {
            Name = "voip", Kind = ServiceKind.Sip, Domain = "shop.test",
            SipServers = ["sbc.shop.test"], MediaGateways = ["198.51.100.9"],
        };
        var session = await Coexist.Probes.Engine.ProbeSession.StartAsync(world.Settings(TimeSpan.FromSeconds(5)), new HashSet<ProbePath> { ProbePath.V4 });

        var discovery = await SipDiscovery.DiscoverAsync(service, session.Context.Resolver, CancellationToken.None);

        Assert.Equal(
            ["UDP sip.shop.test:5060 sip-server NAPTR → SRV _sip._udp.shop.test", "TCP sip.shop.test:5060 sip-server NAPTR → SRV _sip._tcp.shop.test",
             "UDP sbc.shop.test:5060 sip-server inventory", "TCP sbc.shop.test:5060 sip-server inventory",
             "UDP 198.51.100.9:5060 media-gateway inventory (media-gateways)", "TCP 198.51.100.9:5060 media-gateway inventory (media-gateways)"],
            discovery.Targets.Select(t => $"{t} {SipTarget.RoleName(t.Role)} {t.Source}"));
        Assert.Equal(["10 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.shop.test", "20 10 \"S\" \"SIP+D2T\" \"\" _sip._tcp.shop.test"], discovery.Naptr.ToArray());
        Assert.Equal("sip:shop.test", discovery.Targets[0].RequestUri().ToString());
        Assert.Equal("sip:198.51.100.9:5060;transport=tcp", discovery.Targets[5].RequestUri().ToString());
        Assert.Empty(discovery.Problems);
    }

    [Fact]
    public async Task A_listed_transport_the_domain_does_not_advertise_is_a_problem_of_the_records()
    {
        await using var world = new SipWorld();
        world.Records("shop.test", "sip.shop.test", tcp: false);
        var service = new ServiceSpec { Name = "voip", Kind = ServiceKind.Sip, Domain = "shop.test", Transports = [Model.SipTransport.Udp, Model.SipTransport.Tls] };
        var session = await Coexist.Probes.Engine.ProbeSession.StartAsync(world.Settings(TimeSpan.FromSeconds(5)), new HashSet<ProbePath> { ProbePath.V4 });

        var discovery = await SipDiscovery.DiscoverAsync(service, session.Context.Resolver, CancellationToken.None);

        Assert.Equal(["UDP sip.shop.test:5060"], discovery.Targets.Select(t => t.ToString()));
        Assert.Equal(["the inventory lists TLS, but shop.test advertises no SIPS+D2T NAPTR or _sips._tcp SRV target for it"], discovery.Problems.ToArray());
    }

    [Fact]
    public async Task A_missing_SIP_domain_is_broken_and_says_so()
    {
        await using var world = new SipWorld();
        var session = await Coexist.Probes.Engine.ProbeSession.StartAsync(world.Settings(TimeSpan.FromSeconds(5)), new HashSet<ProbePath> { ProbePath.V4 });

        var discovery = await SipDiscovery.DiscoverAsync(new ServiceSpec { Name = "voip", Kind = ServiceKind.Sip, Domain = "nowhere.shop.test" }, session.Context.Resolver, CancellationToken.None);

        Assert.Equal(Coexist.Probes.Dns.Discovery.DiscoveryStatus.Broken, discovery.Status);
        Assert.Equal("the SIP domain nowhere.shop.test does not exist (NXDOMAIN)", discovery.Reason);
    }
}
