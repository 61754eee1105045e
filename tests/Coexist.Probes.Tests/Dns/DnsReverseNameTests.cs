using System.Net;
using Coexist.Probes.Dns;

namespace Coexist.Probes.Tests.Dns;

public sealed class DnsReverseNameTests
{
    [Theory]
    [InlineData("192.0.2.10", "10.2.0.192.in-addr.arpa")]
    [InlineData("0.0.0.0", "0.0.0.0.in-addr.arpa")]
    [InlineData("2001:db8::567:89ab", "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")]
    [InlineData("::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa")]
    [InlineData("::ffff:192.0.2.1", "1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa")]
    public void Reverse_names_follow_rfc1035_and_rfc3596(string address, string expected) =>
        Assert.Equal(expected, DnsReverseName.For(IPAddress.Parse(address)).ToString());

    [Fact]
    public void An_ipv6_reverse_name_has_34_labels() =>
        Assert.Equal(34, DnsReverseName.For(IPAddress.Parse("2001:db8::1")).LabelCount);
}
