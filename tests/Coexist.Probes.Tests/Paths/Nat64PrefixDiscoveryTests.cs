using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Paths;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Paths;

public class Nat64PrefixDiscoveryTests
{
    public static TheoryData<string> Prefixes => new()
    {
        "2001:db8:64::/96", "64:ff9b::/96", "2001:db8:122::/64", "2001:db8:122:300::/56", "2001:db8:122::/48", "2001:db8:100::/40", "2001:db8::/32",
    };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void The_prefix_is_read_back_from_either_well_known_address_at_every_RFC_6052_length(string text)
    {
        var prefix = Nat64Prefix.Parse(text);
        foreach (var wellKnown in Nat64PrefixDiscovery.WellKnownAddresses)
            Assert.Equal(prefix, Nat64PrefixDiscovery.PrefixOf(prefix.Embed(wellKnown)));
    }

    [Theory]
    [InlineData("2001:db8:64::c000:aa01")]   // 192.0.0.170 off by one octet
    [InlineData("2001:db8:64::1")]
    [InlineData("2001:db8:64::c000:aa:1")]   // the address, then a non-zero suffix
    [InlineData("::ffff:192.0.0.170")]
    public void Addresses_without_a_well_known_address_in_place_give_no_prefix(string address) =>
        Assert.Null(Nat64PrefixDiscovery.PrefixOf(IPAddress.Parse(address)));

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Discovery_at_a_DNS64_resolver_finds_its_prefix(string text)
    {
        var prefix = Nat64Prefix.Parse(text);
        await using var world = new TestWorld();
        world.Data.Zone("ipv4only.arpa", "ns.ipv4only.arpa").Addresses("ipv4only.arpa", "192.0.0.170", "192.0.0.171");
        var dns64 = world.Serve("192.0.2.64", TestServerRole.Resolver with { Dns64 = prefix });

        var discovery = await Nat64PrefixDiscovery.DiscoverAsync(Lookup(world, "192.0.2.64"));

        Assert.Equal(Nat64DiscoveryStatus.Found, discovery.Status);
        Assert.Equal(prefix, Assert.Single(discovery.Prefixes));
        Assert.Equal(2, discovery.Lookup.Values.Length);
        Assert.Contains(dns64.Questions, q => q.Name == DnsName.Parse("ipv4only.arpa") && q.Type == DnsRecordType.AAAA);
    }

    [Fact]
    public async Task A_resolver_without_DNS64_is_told_apart_from_one_that_does_not_answer()
    {
        await using var world = new TestWorld();
        world.Data.Zone("ipv4only.arpa", "ns.ipv4only.arpa").Addresses("ipv4only.arpa", "192.0.0.170", "192.0.0.171");
        world.Serve("192.0.2.53", TestServerRole.Resolver);
        world.Serve("192.0.2.54", TestServerRole.Resolver with { Silent = true });

        var plain = await Nat64PrefixDiscovery.DiscoverAsync(Lookup(world, "192.0.2.53"));
        var silent = await Nat64PrefixDiscovery.DiscoverAsync(Lookup(world, "192.0.2.54"));

        Assert.Equal(Nat64DiscoveryStatus.NotSynthesized, plain.Status);
        Assert.Null(plain.Prefix);
        Assert.Equal(Nat64DiscoveryStatus.ResolverFailed, silent.Status);
        Assert.Equal(DnsLookupStatus.TimedOut, silent.Lookup.Status);
        Assert.Contains("192.0.2.54", silent.Describe());
    }

    [Fact]
    public async Task Synthesized_answers_that_hide_the_well_known_address_are_reported()
    {
        await using var world = new TestWorld();
        world.Data.Zone("ipv4only.arpa", "ns.ipv4only.arpa").Addresses("ipv4only.arpa", "2001:db8:64::1");
        world.Serve("192.0.2.53", TestServerRole.Resolver);

        var discovery = await Nat64PrefixDiscovery.DiscoverAsync(Lookup(world, "192.0.2.53"));

        Assert.Equal(Nat64DiscoveryStatus.NoWellKnownAddress, discovery.Status);
        Assert.Contains("2001:db8:64::1", discovery.Describe());
    }

    private static DnsLookup Lookup(TestWorld world, string resolver) =>
        new(new NetworkDnsClient(new DnsSocketClient(), world.Network), new IPEndPoint(IPAddress.Parse(resolver), 53),
            new DnsQueryOptions { AttemptTimeout = TimeSpan.FromMilliseconds(300), UdpAttempts = 2 });
}
