using Coexist.Model;

namespace Coexist.Model.Tests;

public class EndPointTextTests
{
    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53", null)]
    [InlineData("192.0.2.53:5353", "192.0.2.53", 5353)]
    [InlineData("2001:db8::53", "2001:db8::53", null)]
    [InlineData("[2001:db8::53]:5353", "2001:db8::53", 5353)]
    [InlineData("[2001:db8::53]", "2001:db8::53", null)]
    [InlineData(" ::1 ", "::1", null)]
    public void Parses_addresses_with_and_without_ports(string text, string address, int? port)
    {
        Assert.True(EndPointText.TryParse(text, out var value));
        Assert.Equal(address, value.Address.ToString());
        Assert.Equal(port, value.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("resolver.example")]
    [InlineData("10.1")]
    [InlineData("192.0.2.53:0")]
    [InlineData("192.0.2.53:70000")]
    [InlineData("[192.0.2.53]:53")]
    [InlineData("[2001:db8::53]53")]
    [InlineData("2001:db8::53:abc:xyz")]
    public void Refuses_what_is_not_an_address(string text) => Assert.False(EndPointText.TryParse(text, out _));

    [Fact]
    public void Formats_ipv6_with_a_port_in_brackets()
    {
        Assert.Equal("[2001:db8::53]:5353", EndPointText.Parse("[2001:db8::53]:5353", "resolver").ToString());
        Assert.Equal("[2001:db8::53]:53", EndPointText.Parse("2001:db8::53", "resolver").WithDefaultPort(53).ToString());
    }
}
