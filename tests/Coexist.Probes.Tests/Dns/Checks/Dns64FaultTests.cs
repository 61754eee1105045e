using System.Net;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Dns.Checks;

/// <summary>DNS64 resolvers that get it wrong: COEX3008, COEX3009 and COEX3010 fail.</summary>
public class Dns64FaultTests
{
    private static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");

    private static readonly ServiceSpec[] Services =
    [
        new() { Name = "web", Kind = ServiceKind.Web, Hosts = ["www.shop.test", "v4only.shop.test"] },
        new() { Name = "dns", Kind = ServiceKind.Dns, Zone = "shop.test" },
    ];

    private static async Task<List<ProbeResult>> ProbeAsync(TestServerRole dns64Role)
    {
        await using var world = new TestWorld();
        world.Data.Zone("shop.test", "ns1.shop.test").Addresses("ns1.shop.test", "198.51.100.3")
            .Addresses("www.shop.test", "198.51.100.80", "2001:db8:80::80")
            .Addresses("v4only.shop.test", "198.51.100.81")
            .Zone("ipv4only.arpa", "ns1.shop.test").Addresses("ipv4only.arpa", "192.0.0.170", "192.0.0.171");
        world.ServeResolver();
        world.Serve("192.0.2.64", dns64Role);
        world.ServeAt(TestServerRole.AuthoritativeFor("shop.test"), "198.51.100.3", Prefix.Embed(IPAddress.Parse("198.51.100.3")).ToString());
        var settings = world.Settings() with { Dns64 = new IPEndPoint(IPAddress.Parse("192.0.2.64"), 53), Nat64Prefix = Prefix };
        var (_, results) = await TestWorld.ProbeAsync(settings, Services, [ProbePath.Dns64]);
        return results;
    }

    [Fact]
    public async Task A_resolver_that_does_not_synthesize_fails_synthesis_and_discovery()
    {
        var results = await ProbeAsync(TestServerRole.Resolver);

        var synthesis = results.Single("dns64-synthesis", ProbePath.Dns64, "v4only.shop.test");
        Assert.Equal(Outcome.Fail, synthesis.Outcome);
        Assert.Contains("answered NoData to AAAA: IPv6-only clients behind it cannot reach v4only.shop.test", synthesis.Detail);
        var discovery = results.Single("dns64-prefix", ProbePath.Dns64);
        Assert.Equal(Outcome.Fail, discovery.Outcome);
        Assert.Contains("it does not synthesize", discovery.Detail);
        // Names with real AAAA are untouched by a resolver that does nothing.
        Assert.Equal(Outcome.Pass, results.Single("dns64-real-aaaa", ProbePath.Dns64, "www.shop.test").Outcome);
    }

    [Fact]
    public async Task A_resolver_that_adds_synthesized_addresses_to_real_ones_fails_the_real_AAAA_check()
    {
        var results = await ProbeAsync(TestServerRole.Resolver with { Dns64 = Prefix, Dns64AddsToRealAaaa = true });

        var real = results.Single("dns64-real-aaaa", ProbePath.Dns64, "www.shop.test");
        Assert.Equal(Outcome.Fail, real.Outcome);
        Assert.Contains("adds 2001:db8:64::c633:6450", real.Detail);
        Assert.Equal(Outcome.Pass, results.Single("dns64-synthesis", ProbePath.Dns64, "v4only.shop.test").Outcome);
    }

    [Fact]
    public async Task A_resolver_that_synthesizes_under_another_prefix_than_the_configured_one_is_a_warning()
    {
        var results = await ProbeAsync(TestServerRole.Resolver with { Dns64 = Nat64Prefix.Parse("64:ff9b::/96") });

        var synthesis = results.Single("dns64-synthesis", ProbePath.Dns64, "v4only.shop.test");
        Assert.Equal(Outcome.Warn, synthesis.Outcome);
        Assert.Contains("under 64:ff9b::/96, not the NAT64 prefix 2001:db8:64::/96", synthesis.Detail);
    }
}
