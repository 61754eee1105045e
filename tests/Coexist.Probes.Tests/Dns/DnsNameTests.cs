using Coexist.Probes.Dns;

namespace Coexist.Probes.Tests.Dns;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData("www.example.com", 3, 17)]
    [InlineData("www.example.com.", 3, 17)]
    [InlineData(".", 0, 1)]
    [InlineData("a", 1, 3)]
    public void Parses_labels_and_wire_length(string text, int labels, int wireLength)
    {
        var name = DnsName.Parse(text);
        Assert.Equal(labels, name.LabelCount);
        Assert.Equal(wireLength, name.WireLength);
    }

    [Fact]
    public void Text_form_has_no_trailing_dot_and_the_root_is_a_dot()
    {
        Assert.Equal("www.example.com", DnsName.Parse("www.example.com.").ToString());
        Assert.Equal(".", DnsName.Root.ToString());
    }

    [Fact]
    public void Case_is_preserved_but_ignored_by_equality()
    {
        var upper = DnsName.Parse("WWW.Example.COM");
        var lower = DnsName.Parse("www.example.com");
        Assert.Equal("WWW.Example.COM", upper.ToString());
        Assert.Equal(lower, upper);
        Assert.True(lower == upper);
        Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
        Assert.False(lower.EqualsExactly(upper));
        Assert.True(upper.EqualsExactly(DnsName.Parse("WWW.Example.COM.")));
    }

    [Fact]
    public void Escapes_read_and_write_back()
    {
        var name = DnsName.Parse(@"a\.b.c\\d.\001x\032y\255.example");
        Assert.Equal(["a.b", @"c\d", "\u0001x y\u00ff", "example"], name.Labels);
        Assert.Equal(@"a\.b.c\\d.\001x\032y\255.example", name.ToString());
        Assert.Equal(name, DnsName.Parse(name.ToString()));
        Assert.Equal(@"\(\)\;\@\$\""", DnsName.FromLabels(["()" + ";@$\""]).ToString());
    }

    [Fact]
    public void A_63_octet_label_and_a_255_octet_name_are_the_limits()
    {
        var label63 = new string('a', 63);
        Assert.Equal(65, DnsName.Parse(label63).WireLength);
        Assert.False(DnsName.TryParse(new string('a', 64), out _, out var labelError));
        Assert.Contains("63", labelError);

        // 3 labels of 63 and one of 61: 4*64 - 2 + 1 = 255 octets.
        var longest = $"{label63}.{label63}.{label63}.{new string('b', 61)}";
        Assert.Equal(255, DnsName.Parse(longest).WireLength);
        Assert.False(DnsName.TryParse(longest + "b", out _, out var nameError));
        Assert.Contains("255", nameError);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a\\")]
    [InlineData("a\\25")]
    [InlineData("a\\256")]
    [InlineData("caf\u00e9.example")]
    [InlineData("with space.example")]
    public void Rejects_malformed_text(string text)
    {
        Assert.False(DnsName.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => DnsName.Parse(text));
    }

    [Fact]
    public void Parent_prepend_and_subdomain()
    {
        var name = DnsName.Parse("_sip._udp.Example.com");
        Assert.Equal(DnsName.Parse("_udp.example.com"), name.Parent);
        Assert.Equal(DnsName.Root, DnsName.Root.Parent);
        Assert.Equal(name, DnsName.Parse("_udp.Example.com").Prepend("_sip"));
        Assert.True(name.IsSubdomainOf(DnsName.Parse("EXAMPLE.com")));
        Assert.True(name.IsSubdomainOf(DnsName.Root));
        Assert.True(name.IsSubdomainOf(name));
        Assert.False(name.IsSubdomainOf(DnsName.Parse("ample.com")));
        Assert.False(DnsName.Parse("com").IsSubdomainOf(name));
    }

    [Fact]
    public void FromLabels_rejects_what_the_wire_cannot_hold()
    {
        Assert.Throws<ArgumentException>(() => DnsName.FromLabels([""]));
        Assert.Throws<ArgumentException>(() => DnsName.FromLabels([new string('a', 64)]));
        Assert.Throws<ArgumentException>(() => DnsName.FromLabels(["\u0100"]));
        Assert.Throws<ArgumentException>(() => DnsName.FromLabels(Enumerable.Repeat(new string('a', 63), 4)));
    }
}
