using System.Net;
using Coexist.Model;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Tests.Paths;

public class SiitMapTests
{
    [Fact]
    public void Maps_both_ways()
    {
        var map = new SiitMap([new SiitMapping(IPAddress.Parse("198.51.100.10"), IPAddress.Parse("2001:db8:1::10"))]);

        Assert.Equal(IPAddress.Parse("2001:db8:1::10"), map.ToV6(IPAddress.Parse("198.51.100.10")));
        Assert.Equal(IPAddress.Parse("198.51.100.10"), map.ToV4(IPAddress.Parse("2001:db8:1::10")));
        Assert.Null(map.ToV6(IPAddress.Parse("198.51.100.11")));
        Assert.False(map.IsEmpty);
    }

    [Theory]
    [InlineData("198.51.100.10", "2001:db8:1::11", "198.51.100.10 is mapped twice")]
    [InlineData("198.51.100.11", "2001:db8:1::10", "2001:db8:1::10 is mapped twice")]
    public void An_address_mapped_twice_is_refused(string v4, string v6, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new SiitMap([
            new SiitMapping(IPAddress.Parse("198.51.100.10"), IPAddress.Parse("2001:db8:1::10")),
            new SiitMapping(IPAddress.Parse(v4), IPAddress.Parse(v6)),
        ]));
        Assert.Contains(message, error.Message);
    }
}
