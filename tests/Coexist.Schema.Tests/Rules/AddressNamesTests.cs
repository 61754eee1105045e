using Coexist.Schema.Rules;

namespace Coexist.Schema.Tests.Rules;

public class AddressNamesTests
{
    [Theory]
    [InlineData("client_ip", "Strong")]
    [InlineData("ClientIP", "Strong")]
    [InlineData("clientIp", "Strong")]
    [InlineData("clientip", "Strong")]
    [InlineData("IPAddress", "Strong")]
    [InlineData("IPv4Address", "Strong")]
    [InlineData("ip_address", "Strong")]
    [InlineData("IP_ADDR", "Strong")]
    [InlineData("remote_addr", "Strong")]
    [InlineData("peer_address", "Strong")]
    [InlineData("ip_from", "Strong")]
    [InlineData("ip_num", "Strong")]
    [InlineData("SourceIpBin", "Strong")]
    [InlineData("last_login_ip", "Strong")]
    [InlineData("IpV6", "Strong")]
    [InlineData("address", "Weak")]
    [InlineData("host", "Weak")]
    [InlineData("remote_host", "Weak")]
    [InlineData("hostname", "Weak")]
    [InlineData("email_address", "None")]
    [InlineData("mac_address", "None")]
    [InlineData("shipping_address", "None")]
    [InlineData("ip_country", "None")]
    [InlineData("ip_count", "None")]
    [InlineData("host_id", "None")]
    [InlineData("IpAddressId", "None")]
    [InlineData("zip", "None")]
    [InlineData("membership", "None")]
    [InlineData("app_version", "None")]
    public void A_name_says_IP_address_by_its_last_word(string name, string expected) =>
        Assert.Equal(expected, AddressNames.OfName(name).ToString());

    [Theory]
    [InlineData("Client IPv4 address", "Strong")]
    [InlineData("the IP address of the caller", "Strong")]
    [InlineData("Address of the remote host", "Weak")]
    [InlineData("MAC address of the device", "None")]
    [InlineData("customer email address", "None")]
    [InlineData("", "None")]
    [InlineData(null, "None")]
    public void A_comment_says_IP_address_in_its_words(string? comment, string expected) =>
        Assert.Equal(expected, AddressNames.OfComment(comment).ToString());
}
