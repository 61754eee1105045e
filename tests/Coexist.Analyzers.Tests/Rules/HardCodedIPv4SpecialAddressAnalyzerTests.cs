using Verify = Coexist.Analyzers.Tests.Verification.AnalyzerVerifier<Coexist.Analyzers.Rules.HardCodedIPv4SpecialAddressAnalyzer>;

namespace Coexist.Analyzers.Tests.Rules;

public class HardCodedIPv4SpecialAddressAnalyzerTests
{
    [Fact]
    public Task Flags_loopback_wildcard_and_broadcast_which_other_tools_exempt() => Verify.VerifyAsync("""
        using System.Net;
        class C
        {
            string loopback = "[|127.0.0.1|]";
            string otherLoopback = "http://[|127.0.1.1|]:8080/";
            string any = "[|0.0.0.0|]:5000";
            string broadcast = "[|255.255.255.255|]";
            IPAddress Parsed() => IPAddress.Parse("[|127.0.0.1|]");
            string ConnectionString(int port) => $"Host=[|127.0.0.1|];Port={port}";
        }
        """);

    [Fact]
    public Task Leaves_ordinary_addresses_to_COEX1001() => Verify.VerifyAsync("""
        class C
        {
            string a = "10.0.0.1";
            string b = "192.0.2.1";
            string c = "255.255.255.0";
        }
        """);

    [Theory]
    [InlineData("127.0.0.1", "the IPv4 loopback", "localhost")]
    [InlineData("0.0.0.0", "the IPv4 wildcard", "IPv6Any")]
    [InlineData("255.255.255.255", "the IPv4 limited broadcast", "multicast")]
    public async Task The_message_names_the_address_and_what_to_use_instead(string address, string what, string advice)
    {
        var diagnostic = Assert.Single(await Verify.DiagnosticsAsync($"class C {{ string a = \"{address}\"; }}"));
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"'{address}' is {what}", message);
        Assert.Contains(advice, message);
    }
}
