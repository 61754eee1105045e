using System.Net;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Tests.Paths;

public class SpecialPurposeRegistryTests
{
    [Theory]
    [InlineData("10.1.2.3", "10.0.0.0/8", "RFC 1918")]
    [InlineData("172.31.255.255", "172.16.0.0/12", "RFC 1918")]
    [InlineData("192.168.0.1", "192.168.0.0/16", "RFC 1918")]
    [InlineData("100.64.0.1", "100.64.0.0/10", "RFC 6598")]
    [InlineData("127.0.0.53", "127.0.0.0/8", "RFC 1122 §3.2.1.3")]
    [InlineData("169.254.1.1", "169.254.0.0/16", "RFC 3927")]
    [InlineData("0.1.2.3", "0.0.0.0/8", "RFC 791 §3.2")]
    [InlineData("192.0.0.170", "192.0.0.170/32", "RFC 8880 §7.1, RFC 7050 §2.2")]
    [InlineData("192.0.0.1", "192.0.0.0/29", "RFC 7335")]
    [InlineData("192.0.0.200", "192.0.0.0/24", "RFC 6890 §2.1")]
    [InlineData("192.0.2.10", "192.0.2.0/24", "RFC 5737")]
    [InlineData("198.18.0.1", "198.18.0.0/15", "RFC 2544")]
    [InlineData("198.51.100.7", "198.51.100.0/24", "RFC 5737")]
    [InlineData("203.0.113.80", "203.0.113.0/24", "RFC 5737")]
    [InlineData("224.0.0.251", "224.0.0.0/4", "RFC 5771")]
    [InlineData("240.0.0.1", "240.0.0.0/4", "RFC 1112 §4")]
    [InlineData("255.255.255.255", "255.255.255.255/32", "RFC 8190, RFC 919 §7")]
    [InlineData("::", "::/128", "RFC 4291 §2.5.2")]
    [InlineData("::1", "::1/128", "RFC 4291 §2.5.3")]
    [InlineData("::ffff:203.0.113.80", "::ffff:0:0/96", "RFC 4291 §2.5.5.2")]
    [InlineData("64:ff9b::c000:20a", "64:ff9b::/96", "RFC 6052 §2.1")]
    [InlineData("64:ff9b:1::1", "64:ff9b:1::/48", "RFC 8215")]
    [InlineData("100::1", "100::/64", "RFC 6666")]
    [InlineData("2001:0:4136:e378::1", "2001::/32", "RFC 4380")]
    [InlineData("2001:2::1", "2001:2::/48", "RFC 5180")]
    [InlineData("2001:db8:c0e:80::80", "2001:db8::/32", "RFC 3849")]
    [InlineData("3fff::1", "3fff::/20", "RFC 9637")]
    [InlineData("fd6c:6162::80", "fc00::/7", "RFC 4193")]
    [InlineData("fe80::1", "fe80::/10", "RFC 4291 §2.5.6")]
    [InlineData("ff02::1", "ff00::/8", "RFC 4291 §2.7")]
    [InlineData("2002:c000:20a::1", "2002::/16", "RFC 3056 (relays deprecated by RFC 7526)")]
    public void Special_purpose_addresses_are_flagged_with_their_most_specific_block_and_source(string address, string block, string source)
    {
        var found = SpecialPurposeRegistry.Default.Classify(IPAddress.Parse(address));

        Assert.NotNull(found);
        Assert.Equal(block, found.Prefix.ToString());
        Assert.Equal(source, found.Source);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("193.0.14.129")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2a00:1450:4001::1")]
    // Globally reachable special-purpose blocks are no fault in an answer (the anycast ones, AS112).
    [InlineData("192.0.0.9")]
    [InlineData("192.175.48.1")]
    [InlineData("2001:1::1")]
    [InlineData("2620:4f:8000::1")]
    public void Global_addresses_pass(string address) =>
        Assert.Null(SpecialPurposeRegistry.Default.Classify(IPAddress.Parse(address)));

    [Fact]
    public void Ranges_declared_public_pass_and_nothing_else_does()
    {
        var registry = new SpecialPurposeRegistry([IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("2001:db8::/32")]);

        Assert.Null(registry.Classify(IPAddress.Parse("203.0.113.80")));
        Assert.Null(registry.Classify(IPAddress.Parse("2001:db8:c0e:80::80")));
        // Declaring the lab public does not declare the mapped form of its addresses, nor other reserved space.
        Assert.NotNull(registry.Classify(IPAddress.Parse("::ffff:203.0.113.80")));
        Assert.NotNull(registry.Classify(IPAddress.Parse("198.51.100.1")));
        Assert.NotNull(registry.Classify(IPAddress.Parse("fd6c:6162::80")));
    }

    [Fact]
    public void Every_block_names_its_source_and_lies_on_its_prefix_boundary()
    {
        Assert.All(SpecialPurposeRegistry.Blocks, block =>
        {
            Assert.Matches("^RFC [0-9]+", block.Source);
            Assert.Equal(block.Prefix, new IPNetwork(block.Prefix.BaseAddress, block.Prefix.PrefixLength));
        });
        Assert.Equal(SpecialPurposeRegistry.Blocks.Count, SpecialPurposeRegistry.Blocks.Select(b => b.Prefix).Distinct().Count());
    }
}
