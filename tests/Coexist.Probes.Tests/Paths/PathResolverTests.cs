using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Paths;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Paths;

public sealed class PathResolverTests : IAsyncLifetime
{
    private static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");
    private readonly TestWorld _world = new();

    public Task InitializeAsync()
    {
        _world.Data.Zone("shop.test", "ns.shop.test")
            .Addresses("dual.shop.test", "198.51.100.10", "198.51.100.11", "2001:db8:1::10", "2001:db8:1::11")
            .Addresses("v4only.shop.test", "198.51.100.20")
            .Addresses("mapped.shop.test", "198.51.100.30", "::ffff:198.51.100.30")
            .Addresses("private.shop.test", "10.0.0.40")
            .Addresses("v6only.shop.test", "2001:db8:1::50")
            .Addresses("siit.shop.test", "198.51.100.60")
            .Addresses("siit6.shop.test", "2001:db8:1::70");
        _world.ServeResolver();
        _world.Serve("192.0.2.64", TestServerRole.Resolver with { Dns64 = Prefix });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private PathResolver Resolver(Nat64Prefix? prefix = null, IProbeNetwork? network = null, bool dns64 = true)
    {
        var client = new NetworkDnsClient(new DnsSocketClient(), _world.Network);
        var options = new DnsQueryOptions { AttemptTimeout = TimeSpan.FromMilliseconds(500) };
        return new PathResolver(
            new DnsLookup(client, new IPEndPoint(TestWorld.ResolverAddress, 53), options),
            dns64 ? new DnsLookup(client, new IPEndPoint(IPAddress.Parse("192.0.2.64"), 53), options) : null,
            prefix,
            new SiitMap([new SiitMapping(IPAddress.Parse("198.51.100.60"), IPAddress.Parse("2001:db8:1::60")), new SiitMapping(IPAddress.Parse("198.51.100.70"), IPAddress.Parse("2001:db8:1::70"))]),
            network ?? _world.Network);
    }

    private static string[] Addresses(PathTarget target) => [.. target.Addresses.Select(a => a.Address.ToString())];

    [Fact]
    public async Task v4_and_v6_take_the_A_and_AAAA_records()
    {
        var resolver = Resolver();

        var v4 = await resolver.ResolveAsync("dual.shop.test", ProbePath.V4);
        var v6 = await resolver.ResolveAsync("dual.shop.test", ProbePath.V6);

        Assert.Equal(["198.51.100.10", "198.51.100.11"], Addresses(v4));
        Assert.All(v4.Addresses, a => Assert.Equal(AddressFamily.InterNetwork, a.Family));
        Assert.Equal(["2001:db8:1::10", "2001:db8:1::11"], Addresses(v6));
        Assert.All(v6.Addresses, a => Assert.Equal(AddressFamily.InterNetworkV6, a.Family));
        Assert.Contains("A at 192.0.2.53:53", v4.Source);
    }

    [Fact]
    public async Task A_name_without_AAAA_has_no_address_on_v6_which_is_a_fault_of_the_service()
    {
        var v6 = await Resolver().ResolveAsync("v4only.shop.test", ProbePath.V6);

        Assert.Equal(PathStatus.NoAddress, v6.Status);
        Assert.Equal(Outcome.Fail, v6.OutcomeWhenNotReady);
        Assert.Contains("no AAAA", v6.Reason);
    }

    [Fact]
    public async Task IPv4_mapped_AAAA_is_left_out_of_v6_and_said_so()
    {
        var v6 = await Resolver().ResolveAsync("mapped.shop.test", ProbePath.V6);

        Assert.Equal(PathStatus.NoAddress, v6.Status);
        Assert.Contains("IPv4-mapped", v6.Reason);
        Assert.Contains(v6.Notes, n => n.Contains("::ffff:198.51.100.30", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2001:db8:64::/96", "2001:db8:64::c633:6414")]
    [InlineData("2001:db8:122::/64", "2001:db8:122:0:c6:3364:1400:0")]
    [InlineData("2001:db8:122:300::/56", "2001:db8:122:3c6:33:6414::")]
    [InlineData("2001:db8:122::/48", "2001:db8:122:c633:64:1400::")]
    [InlineData("2001:db8:100::/40", "2001:db8:1c6:3364:14::")]
    [InlineData("2001:db8::/32", "2001:db8:c633:6414::")]
    public async Task nat64_embeds_the_A_records_in_the_prefix_at_every_length(string prefix, string expected)
    {
        var nat64 = await Resolver(Nat64Prefix.Parse(prefix)).ResolveAsync("v4only.shop.test", ProbePath.Nat64);

        var address = Assert.Single(nat64.Addresses);
        Assert.Equal(IPAddress.Parse(expected), address.Address);
        Assert.Equal(IPAddress.Parse("198.51.100.20"), address.Original);
        Assert.Equal(AddressFamily.InterNetworkV6, address.Family);
        Assert.Equal(prefix, nat64.Prefix!.ToString());
    }

    [Fact]
    public async Task nat64_without_a_prefix_cannot_test_and_says_how_to_fix_it()
    {
        var nat64 = await Resolver(prefix: null).ResolveAsync("v4only.shop.test", ProbePath.Nat64);

        Assert.Equal(PathStatus.CannotTest, nat64.Status);
        Assert.Equal(Outcome.Error, nat64.OutcomeWhenNotReady);
        Assert.Contains("--nat64-prefix", nat64.Reason);
    }

    [Fact]
    public async Task nat64_under_the_well_known_prefix_leaves_out_private_IPv4_as_RFC_6052_asks()
    {
        var nat64 = await Resolver(Nat64Prefix.WellKnown).ResolveAsync("private.shop.test", ProbePath.Nat64);

        Assert.Equal(PathStatus.NoAddress, nat64.Status);
        Assert.Contains(nat64.Notes, n => n.Contains("RFC 6052 §3.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task dns64_takes_what_the_DNS64_resolver_hands_out_and_knows_which_are_synthesized()
    {
        var resolver = Resolver(Prefix);

        var synthesized = await resolver.ResolveAsync("v4only.shop.test", ProbePath.Dns64);
        var real = await resolver.ResolveAsync("dual.shop.test", ProbePath.Dns64);

        var one = Assert.Single(synthesized.Addresses);
        Assert.Equal(Prefix.Embed(IPAddress.Parse("198.51.100.20")), one.Address);
        Assert.Equal(IPAddress.Parse("198.51.100.20"), one.Original);
        Assert.Equal(["2001:db8:1::10", "2001:db8:1::11"], Addresses(real));
        Assert.All(real.Addresses, a => Assert.Null(a.Original));
    }

    [Fact]
    public async Task dns64_without_a_DNS64_resolver_cannot_test()
    {
        var dns64 = await Resolver(Prefix, dns64: false).ResolveAsync("v4only.shop.test", ProbePath.Dns64);
        Assert.Equal(PathStatus.CannotTest, dns64.Status);
        Assert.Contains("--dns64", dns64.Reason);
    }

    [Fact]
    public async Task siit_uses_published_A_records_in_the_map_then_the_map_of_AAAA_records()
    {
        var resolver = Resolver();

        var published = await resolver.ResolveAsync("siit.shop.test", ProbePath.Siit);
        var byAddress = await resolver.ResolveAsync("siit6.shop.test", ProbePath.Siit);
        var outside = await resolver.ResolveAsync("dual.shop.test", ProbePath.Siit);

        Assert.Equal(new PathAddress(IPAddress.Parse("198.51.100.60"), IPAddress.Parse("2001:db8:1::60")), Assert.Single(published.Addresses));
        Assert.Equal(new PathAddress(IPAddress.Parse("198.51.100.70"), IPAddress.Parse("2001:db8:1::70")), Assert.Single(byAddress.Addresses));
        Assert.Contains(byAddress.Notes, n => n.Contains("no A record", StringComparison.Ordinal));
        Assert.Equal(PathStatus.NotApplicable, outside.Status);
        Assert.Equal(Outcome.Skipped, outside.OutcomeWhenNotReady);
    }

    [Fact]
    public async Task dual_interleaves_the_families_IPv6_first()
    {
        var dual = await Resolver().ResolveAsync("dual.shop.test", ProbePath.Dual);

        Assert.Equal(["2001:db8:1::10", "198.51.100.10", "2001:db8:1::11", "198.51.100.11"], Addresses(dual));
    }

    [Theory]
    [InlineData("198.51.100.20", ProbePath.V4, PathStatus.Ready, "198.51.100.20")]
    [InlineData("198.51.100.20", ProbePath.V6, PathStatus.NotApplicable, null)]
    [InlineData("198.51.100.20", ProbePath.Nat64, PathStatus.Ready, "2001:db8:64::c633:6414")]
    [InlineData("198.51.100.60", ProbePath.Siit, PathStatus.Ready, "198.51.100.60")]
    [InlineData("2001:db8:1::70", ProbePath.Siit, PathStatus.Ready, "198.51.100.70")]
    [InlineData("2001:db8:1::50", ProbePath.V6, PathStatus.Ready, "2001:db8:1::50")]
    [InlineData("2001:db8:1::50", ProbePath.Nat64, PathStatus.NotApplicable, null)]
    [InlineData("2001:db8:1::50", ProbePath.Dual, PathStatus.Ready, "2001:db8:1::50")]
    public async Task Address_literals_need_no_DNS(string literal, ProbePath path, PathStatus status, string? expected)
    {
        var target = await Resolver(Prefix).ResolveAsync(literal, path);

        Assert.Equal(status, target.Status);
        if (expected is not null) Assert.Equal(expected, Assert.Single(target.Addresses).Address.ToString());
    }

    [Fact]
    public async Task Addresses_without_a_route_from_this_host_make_the_path_untestable_not_failed()
    {
        var network = new NoRouteTo(IPAddress.Parse("2001:db8:1::10"), IPAddress.Parse("2001:db8:1::11"), _world.Network);

        var v6 = await Resolver(network: network).ResolveAsync("dual.shop.test", ProbePath.V6);
        var oneLeft = await Resolver(network: new NoRouteTo(IPAddress.Parse("2001:db8:1::10"), null, _world.Network)).ResolveAsync("dual.shop.test", ProbePath.V6);

        Assert.Equal(PathStatus.CannotTest, v6.Status);
        Assert.Equal(Outcome.Error, v6.OutcomeWhenNotReady);
        Assert.Contains("no route", v6.Reason);
        Assert.Equal(["2001:db8:1::11"], Addresses(oneLeft));
        Assert.Contains(oneLeft.Notes, n => n.Contains("2001:db8:1::10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resolver_that_does_not_answer_makes_the_path_untestable()
    {
        await using var silent = new TestWorld();
        silent.ServeResolver(TestServerRole.Resolver with { Silent = true });
        var client = new NetworkDnsClient(new DnsSocketClient(), silent.Network);
        var resolver = new PathResolver(new DnsLookup(client, new IPEndPoint(TestWorld.ResolverAddress, 53), new DnsQueryOptions { AttemptTimeout = TimeSpan.FromMilliseconds(200), UdpAttempts = 1 }),
            null, null, SiitMap.Empty, silent.Network);

        var v4 = await resolver.ResolveAsync("dual.shop.test", ProbePath.V4);

        Assert.Equal(PathStatus.CannotTest, v4.Status);
        Assert.Contains("gave no usable answer", v4.Reason);
    }

    /// <summary>The world's network, minus the routes to some addresses.</summary>
    private sealed class NoRouteTo(IPAddress first, IPAddress? second, IProbeNetwork inner) : IProbeNetwork
    {
        public bool HasFamily(AddressFamily family, out string? reason) => inner.HasFamily(family, out reason);

        public bool CanRoute(IPAddress address, out string? reason)
        {
            if (address.Equals(first) || address.Equals(second))
            {
                reason = $"this host has no route to {address} (NetworkUnreachable)";
                return false;
            }
            return inner.CanRoute(address, out reason);
        }

        public IPEndPoint EndPointFor(IPAddress address, int port) => inner.EndPointFor(address, port);
    }
}
