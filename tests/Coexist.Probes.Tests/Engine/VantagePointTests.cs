using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Tcp;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Engine;

/// <summary>What the probe says when it cannot test from where it stands: error with the reason, never fail.</summary>
public class VantagePointTests
{
    private static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");
    private static readonly IReadOnlyList<ProbePath> AllPaths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Dual];

    private static readonly ServiceSpec[] Services =
    [
        new() { Name = "web", Kind = ServiceKind.Web, Hosts = ["www.shop.test"], Ports = [80] },
        new() { Name = "dns", Kind = ServiceKind.Dns, Zone = "shop.test" },
    ];

    private static TestWorld World(IReadOnlyCollection<AddressFamily>? families = null, bool dns64 = true)
    {
        var world = new TestWorld(families);
        world.Data.Zone("shop.test", "ns1.shop.test").Addresses("ns1.shop.test", "198.51.100.3", "2001:db8:53::3")
            .Addresses("www.shop.test", "198.51.100.80", "2001:db8:80::80")
            .Zone("ipv4only.arpa", "ns1.shop.test").Addresses("ipv4only.arpa", "192.0.0.170", "192.0.0.171");
        world.ServeResolver();
        if (dns64) world.Serve("192.0.2.64", TestServerRole.Resolver with { Dns64 = Prefix });
        world.ServeAt(TestServerRole.AuthoritativeFor("shop.test"), "198.51.100.3", "2001:db8:53::3");
        return world;
    }

    private static ProbeSettings Settings(TestWorld world, bool dns64 = true) => world.Settings(new EngineOptions { CheckTimeout = TimeSpan.FromSeconds(8), PerTargetInterval = TimeSpan.Zero }) with
    {
        Dns64 = dns64 ? new IPEndPoint(IPAddress.Parse("192.0.2.64"), 53) : null,
        TreatAsPublic = [IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("2001:db8::/32")],
    };

    [Fact]
    public async Task Without_IPv6_on_this_host_every_v6_nat64_and_dns64_check_is_an_error_with_the_reason()
    {
        await using var world = World(families: [AddressFamily.InterNetwork]);

        var (session, results) = await TestWorld.ProbeAsync(Settings(world), Services, AllPaths, [new DnsProbe(), new TcpConnectProbe()]);

        Assert.False(session.Vantage.IPv6.Usable);
        var blocked = results.Where(r => r.Path is ProbePath.V6 or ProbePath.Nat64 or ProbePath.Dns64).ToList();
        Assert.NotEmpty(blocked);
        Assert.DoesNotContain(blocked, r => r.Outcome == Outcome.Fail);
        Assert.All(blocked.Where(r => r.Outcome != Outcome.Skipped), r =>
        {
            Assert.Equal(Outcome.Error, r.Outcome);
            Assert.Contains("this host has no IPv6", r.Detail);
            Assert.NotNull(r.Evidence!["vantage"]);
        });
        // The IPv4 side still runs and passes.
        Assert.Contains(results, r => r.Path == ProbePath.V4 && r.Check == "dns-ns-reachable" && r.Outcome == Outcome.Pass);
        // Dual falls back to IPv4 alone and still runs.
        Assert.DoesNotContain(results, r => r.Path == ProbePath.Dual && r.Outcome == Outcome.Error);
    }

    [Fact]
    public async Task A_NAT64_prefix_that_does_not_answer_makes_nat64_checks_errors_not_fails()
    {
        // The prefix is configured and routed, but nothing translates: the canary query to the resolver through it fails.
        await using var world = World();
        var settings = Settings(world, dns64: false) with { Nat64Prefix = Nat64Prefix.Parse("2001:db8:6464::/96") };

        var (session, results) = await TestWorld.ProbeAsync(settings, Services, [ProbePath.V4, ProbePath.Nat64]);

        Assert.False(session.Vantage.Nat64!.Usable);
        Assert.Contains("2001:db8:6464::/96 (configured) does not answer", session.Vantage.Nat64.Detail);
        var nat64 = results.Where(r => r.Path == ProbePath.Nat64 && r.Outcome != Outcome.Skipped).ToList();
        Assert.NotEmpty(nat64);
        Assert.All(nat64, r => Assert.Equal(Outcome.Error, r.Outcome));
        Assert.Contains(results, r => r.Path == ProbePath.V4 && r.Outcome == Outcome.Pass);
    }

    [Fact]
    public async Task Without_a_prefix_or_a_DNS64_resolver_nat64_and_dns64_say_what_to_configure()
    {
        await using var world = World(dns64: false);

        var (session, results) = await TestWorld.ProbeAsync(Settings(world, dns64: false), Services, [ProbePath.Nat64, ProbePath.Dns64]);

        Assert.Equal(Nat64PrefixSource.None, session.Vantage.PrefixSource);
        Assert.Contains(results.Where(r => r.Path == ProbePath.Nat64 && r.Outcome == Outcome.Error), r => r.Detail!.Contains("no NAT64 prefix: none configured (--nat64-prefix)", StringComparison.Ordinal));
        Assert.Contains(results.Where(r => r.Path == ProbePath.Dns64 && r.Outcome == Outcome.Error), r => r.Detail!.Contains("configure --dns64", StringComparison.Ordinal));
        Assert.DoesNotContain(results, r => r.Outcome == Outcome.Fail);
    }

    [Fact]
    public async Task A_silent_resolver_makes_every_check_an_error()
    {
        await using var world = new TestWorld();
        world.ServeResolver(TestServerRole.Resolver with { Silent = true });

        var (session, results) = await TestWorld.ProbeAsync(Settings(world, dns64: false), Services, [ProbePath.V4, ProbePath.V6]);

        Assert.False(session.Vantage.Resolver.Usable);
        Assert.All(results.Where(r => r.Outcome != Outcome.Skipped), r =>
        {
            Assert.Equal(Outcome.Error, r.Outcome);
            Assert.Contains("the resolver did not answer", r.Detail);
        });
    }

    [Fact]
    public async Task A_configured_prefix_that_the_DNS64_does_not_use_is_a_warning_and_the_configured_one_is_used()
    {
        await using var world = World();
        world.ServeAt(TestServerRole.Resolver, Nat64Prefix.Parse("2001:db8:6464::/96").Embed(TestWorld.ResolverAddress).ToString());
        var settings = Settings(world) with { Nat64Prefix = Nat64Prefix.Parse("2001:db8:6464::/96") };

        var (session, results) = await TestWorld.ProbeAsync(settings, Services, [ProbePath.Dns64]);

        Assert.Equal(Nat64PrefixSource.Configured, session.Vantage.PrefixSource);
        Assert.Equal(Prefix, session.Vantage.Discovery!.Prefix);
        var prefix = results.Single("dns64-prefix", ProbePath.Dns64);
        Assert.Equal(Outcome.Warn, prefix.Outcome);
        Assert.Contains("synthesizes with 2001:db8:64::/96, but the configured NAT64 prefix is 2001:db8:6464::/96", prefix.Detail);
    }
}
