using System.Net;
using Coexist.Model;
using Coexist.Probes.Dns;

namespace Coexist.Probes.Tests.Dns;

public sealed class ResolvConfTests
{
    [Fact]
    public void Nameserver_lines_are_read_in_order_and_the_rest_ignored()
    {
        var conf = ResolvConf.Parse("""
            # generated
            search example.test
            nameserver 192.0.2.53
            ; comment
            nameserver   2001:db8::53
            nameserver 10.1
            nameserver not-an-address
            options edns0 trust-ad
            nameserver fe80::1%2
            nameserver 192.0.2.54
            """);

        Assert.Equal(
            [new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53), new IPEndPoint(IPAddress.Parse("2001:db8::53"), 53), new IPEndPoint(IPAddress.Parse("fe80::1%2"), 53)],
            conf.Nameservers.AsEnumerable());
    }

    [Fact]
    public void A_missing_file_gives_no_nameservers_and_the_loopback_fallback()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"coexist-no-such-{Guid.NewGuid():N}", "resolv.conf");
        Assert.Empty(ResolvConf.Read(missing).Nameservers);
        Assert.Equal([ResolvConf.FallbackServer], ResolvConf.ServersFor(null, missing));
    }

    [Fact]
    public void A_given_resolver_wins_over_the_system_and_defaults_to_port_53()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "nameserver 192.0.2.1\n");
            Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.1"), 53)], ResolvConf.ServersFor(null, file));
            Assert.Equal([new IPEndPoint(IPAddress.Parse("2001:db8::53"), 53)], ResolvConf.ServersFor(EndPointText.Parse("2001:db8::53", "--resolver"), file));
            Assert.Equal([new IPEndPoint(IPAddress.Parse("2001:db8::53"), 5353)], ResolvConf.ServersFor(EndPointText.Parse("[2001:db8::53]:5353", "--resolver"), file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
