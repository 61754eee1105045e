using System.Net;
using Coexist.Model;

namespace Coexist.Model.Tests;

public class Nat64PrefixTests
{
    // RFC 6052 §2.4, the table of 192.0.2.33 embedded under each prefix length.
    [Theory]
    [InlineData("2001:db8::/32", "2001:db8:c000:221::")]
    [InlineData("2001:db8:100::/40", "2001:db8:1c0:2:21::")]
    [InlineData("2001:db8:122::/48", "2001:db8:122:c000:2:2100::")]
    [InlineData("2001:db8:122:300::/56", "2001:db8:122:3c0:0:221::")]
    [InlineData("2001:db8:122:344::/64", "2001:db8:122:344:c0:2:2100:0")]
    [InlineData("2001:db8:122:344::/96", "2001:db8:122:344::c000:221")]
    [InlineData("64:ff9b::/96", "64:ff9b::c000:221")]
    public void Embeds_and_extracts_as_rfc6052_shows(string prefix, string expected)
    {
        var nat64 = Nat64Prefix.Parse(prefix);
        var v4 = IPAddress.Parse("192.0.2.33");
        Assert.Equal(IPAddress.Parse(expected), nat64.Embed(v4));
        Assert.Equal(v4, nat64.Extract(IPAddress.Parse(expected)));
    }

    [Theory]
    [InlineData("2001:db8::/33", "/33")]
    [InlineData("2001:db8::1/96", "bits set beyond")]
    [InlineData("192.0.2.0/24", "not an IPv6 prefix")]
    [InlineData("2001:db8::", "not an IPv6 prefix")]
    [InlineData("2001:db8:0:0:ff00::/96", "bits 64-71")]
    public void Refuses_prefixes_rfc6052_does_not_define(string text, string reason)
    {
        Assert.False(Nat64Prefix.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Extract_returns_null_outside_the_prefix()
    {
        Assert.Null(Nat64Prefix.Parse("2001:db8:64::/96").Extract(IPAddress.Parse("2001:db8:65::c000:221")));
        Assert.Null(Nat64Prefix.Parse("2001:db8:64::/96").Extract(IPAddress.Parse("192.0.2.33")));
    }

    [Fact]
    public void Equal_prefixes_are_equal()
    {
        Assert.Equal(Nat64Prefix.Parse("2001:db8:64::/96"), Nat64Prefix.Parse("2001:0db8:0064::/96"));
        Assert.NotEqual(Nat64Prefix.Parse("2001:db8:64::/96"), Nat64Prefix.Parse("2001:db8:64::/64"));
    }
}
