using System.Net;
using Coexist.Probes.Mail.Spf;

namespace Coexist.Probes.Tests.Mail;

/// <summary>Macro expansion: the examples of RFC 7208 §7.4, retyped with the results the RFC gives.</summary>
public sealed class SpfMacroTests
{
    private static readonly SpfMacroContext V4 = new("strong-bad@email.example.com", "email.example.com", IPAddress.Parse("192.0.2.3"), "mx.example.org");
    private static readonly SpfMacroContext V6 = V4 with { Ip = IPAddress.Parse("2001:db8::cb01") };

    [Theory]
    [InlineData("%{s}", "strong-bad@email.example.com")]
    [InlineData("%{o}", "email.example.com")]
    [InlineData("%{d}", "email.example.com")]
    [InlineData("%{d4}", "email.example.com")]
    [InlineData("%{d3}", "email.example.com")]
    [InlineData("%{d2}", "example.com")]
    [InlineData("%{d1}", "com")]
    [InlineData("%{dr}", "com.example.email")]
    [InlineData("%{d2r}", "example.email")]
    [InlineData("%{l}", "strong-bad")]
    [InlineData("%{l-}", "strong.bad")]
    [InlineData("%{lr}", "strong-bad")]
    [InlineData("%{lr-}", "bad.strong")]
    [InlineData("%{l1r-}", "strong")]
    [InlineData("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com")]
    [InlineData("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com")]
    [InlineData("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net")]
    public void Rfc7208_section_7_4_examples(string macro, string expected) => Assert.Equal(expected, SpfMacro.Expand(macro, V4));

    [Fact]
    public void Rfc7208_section_7_4_IPv6_example() =>
        Assert.Equal("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com", SpfMacro.Expand("%{ir}.%{v}._spf.%{d2}", V6));

    [Theory]
    [InlineData("%%", "%")]
    [InlineData("a%_b", "a b")]
    [InlineData("a%-b", "a%20b")]
    [InlineData("%{S}", "strong-bad%40email.example.com")]
    [InlineData("%{h}", "mx.example.org")]
    [InlineData("%{p}", "unknown")]
    [InlineData("%{i}", "192.0.2.3")]
    [InlineData("%{l1r+-}", "strong")]
    public void Escapes_and_the_other_letters(string macro, string expected) => Assert.Equal(expected, SpfMacro.Expand(macro, V4, asDomain: false));

    [Fact]
    public void A_sender_without_local_part_is_postmaster() =>
        Assert.Equal("postmaster", SpfMacro.Expand("%{l}", V4 with { Sender = "@email.example.com" }));

    [Fact]
    public void Expanded_domains_over_253_characters_lose_labels_on_the_left()
    {
        var expanded = SpfMacro.Expand("%{ir}.%{ir}.%{ir}.%{v}._spf.%{d2}", V6);

        Assert.True(expanded.Length <= SpfLimits.MaxExpandedDomainLength, $"{expanded.Length}: {expanded}");
        Assert.EndsWith(".ip6._spf.example.com", expanded, StringComparison.Ordinal);
        Assert.False(expanded.StartsWith('.'));
    }
}
