using System.Net;
using Coexist.Probes.Sip;

namespace Coexist.Probes.Tests.Sip;

/// <summary>Hosts as RFC 3261 and RFC 5118 write them, and the tolerant forms real servers send.</summary>
public sealed class SipHostTests
{
    [Theory]
    [InlineData("[2001:db8::1]", SipHostKind.IPv6, true, "2001:db8::1")]
    [InlineData("2001:db8::1", SipHostKind.IPv6, false, "2001:db8::1")]
    [InlineData("::1", SipHostKind.IPv6, false, "::1")]
    [InlineData("[::ffff:192.0.2.2]", SipHostKind.IPv6, true, "::ffff:192.0.2.2")]
    [InlineData("192.0.2.1", SipHostKind.IPv4, false, "192.0.2.1")]
    [InlineData("sip.example.com", SipHostKind.Name, false, null)]
    [InlineData("sip.example.com.", SipHostKind.Name, false, null)]
    [InlineData("Chair-DNRC.example.com", SipHostKind.Name, false, null)]
    [InlineData("localhost", SipHostKind.Name, false, null)]
    public void Hosts_read_with_their_kind_and_brackets(string text, SipHostKind kind, bool bracketed, string? address)
    {
        var host = SipHost.Parse(text);
        Assert.Equal(kind, host.Kind);
        Assert.Equal(bracketed, host.Bracketed);
        Assert.Equal(address is null ? null : IPAddress.Parse(address), host.Address);
        Assert.Equal(text, host.ToString());
    }

    [Theory]
    [InlineData("[2001:db8::1", SipFormatError.InvalidIPv6Reference)]
    [InlineData("2001:db8::1]", SipFormatError.InvalidIPv6Reference)]
    [InlineData("[2001:db8::g]", SipFormatError.InvalidIPv6Reference)]
    [InlineData("[fe80::1%eth0]", SipFormatError.InvalidIPv6Reference)]
    [InlineData("[192.0.2.1]", SipFormatError.InvalidIPv6Reference)]
    [InlineData("[]", SipFormatError.InvalidIPv6Reference)]
    [InlineData("1::2::3", SipFormatError.InvalidIPv6Reference)]
    [InlineData("192.0.2.256", SipFormatError.InvalidHost)]
    [InlineData("10.1", SipFormatError.InvalidHost)]
    [InlineData("exa mple.com", SipFormatError.InvalidHost)]
    [InlineData("-bad.example.com", SipFormatError.InvalidHost)]
    [InlineData("a..b", SipFormatError.InvalidHost)]
    [InlineData("", SipFormatError.InvalidHost)]
    public void Bad_hosts_give_typed_errors(string text, SipFormatError error) =>
        Assert.Equal(error, Assert.Throws<SipFormatException>(() => SipHost.Parse(text)).Error);

    [Fact]
    public void An_address_becomes_a_bracketed_reference_for_uris_and_a_bare_literal_for_sdp()
    {
        var v6 = IPAddress.Parse("2001:db8::5");
        Assert.Equal("[2001:db8::5]", SipHost.FromAddress(v6).ToString());
        Assert.Equal("2001:db8::5", SipHost.FromAddress(v6, bracketIPv6: false).ToString());
        Assert.Equal("[2001:db8::5]", SipHost.FromAddress(v6, bracketIPv6: false).ToUriString());
        Assert.Equal("192.0.2.5", SipHost.FromAddress(IPAddress.Parse("192.0.2.5")).ToUriString());
    }

    [Fact]
    public void A_link_local_address_loses_its_zone()
    {
        var host = SipHost.FromAddress(IPAddress.Parse("fe80::1%2"));
        Assert.Equal("[fe80::1]", host.ToString());
        Assert.Equal(0, host.Address!.ScopeId);
    }

    [Fact]
    public void Hosts_compare_by_address_or_by_name_ignoring_case()
    {
        Assert.True(SipHost.Parse("[2001:DB8:0::1]").SameAs(SipHost.Parse("2001:db8::1")));
        Assert.True(SipHost.Parse("SIP.Example.com").SameAs(SipHost.Parse("sip.example.com")));
        Assert.False(SipHost.Parse("192.0.2.1").SameAs(SipHost.Parse("[::ffff:192.0.2.1]")));
    }

    [Theory]
    [InlineData("sip:alice@[2001:db8::1]:5060", "alice", "2001:db8::1", 5060, true)]
    [InlineData("sip:[2001:db8::1]", null, "2001:db8::1", null, true)]
    [InlineData("sip:alice@2001:db8::1", "alice", "2001:db8::1", null, false)]
    [InlineData("sips:bob@192.0.2.4:5061;transport=tcp", "bob", "192.0.2.4", 5061, false)]
    [InlineData("sip:biloxi.com", null, null, null, false)]
    public void Uris_read_user_host_and_port(string text, string? user, string? address, int? port, bool bracketed)
    {
        var uri = SipUri.Parse(text);
        Assert.Equal(user, uri.User);
        Assert.Equal(address is null ? null : IPAddress.Parse(address), uri.Host!.Address);
        Assert.Equal(port, uri.Port);
        Assert.Equal(bracketed, uri.Host.Bracketed);
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void Other_schemes_are_kept_whole()
    {
        var tel = SipUri.Parse("tel:+81-3-1234-5678;phone-context=example.jp");
        Assert.False(tel.IsSip);
        Assert.Null(tel.Host);
        Assert.Equal("tel:+81-3-1234-5678;phone-context=example.jp", tel.ToString());
    }

    [Theory]
    [InlineData("sip:", SipFormatError.InvalidUri)]
    [InlineData("alice@example.com", SipFormatError.InvalidUri)]
    [InlineData("sip:@example.com", SipFormatError.InvalidUri)]
    [InlineData("sip:alice@example.com;", SipFormatError.InvalidUri)]
    [InlineData("sip:alice@exa mple.com", SipFormatError.InvalidUri)]
    [InlineData("<sip:alice@example.com>", SipFormatError.InvalidUri)]
    [InlineData("sip:alice@[2001:db8::1", SipFormatError.InvalidIPv6Reference)]
    [InlineData("sip:alice@[2001:db8::1]x", SipFormatError.InvalidHost)]
    [InlineData("sip:alice@example.com:0", SipFormatError.InvalidPort)]
    [InlineData("sip:alice@example.com:65536", SipFormatError.InvalidPort)]
    [InlineData("sip:alice@example.com:50x", SipFormatError.InvalidPort)]
    public void Bad_uris_give_typed_errors(string text, SipFormatError error) =>
        Assert.Equal(error, Assert.Throws<SipFormatException>(() => SipUri.Parse(text)).Error);

    [Fact]
    public void Uris_for_endpoints_bracket_ipv6_and_name_the_transport()
    {
        Assert.Equal("sip:[2001:db8::5]:5060;transport=tcp", SipUri.ForEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 5060), SipTransport.Tcp).ToString());
        Assert.Equal("sip:192.0.2.5:5060", SipUri.ForEndPoint(new IPEndPoint(IPAddress.Parse("192.0.2.5"), 5060)).ToString());
        Assert.Equal("sips:probe@[::1]:5061", SipUri.ForEndPoint(new IPEndPoint(IPAddress.IPv6Loopback, 5061), SipTransport.Tls, "probe").ToString());
    }
}
