using System.Net;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>nginx: the sites differ as designed, over HTTP and over HTTPS with the lab's test CA.</summary>
[Collection(LabCollection.Name)]
public sealed class WebTests(LabFixture fixture)
{
    private LabDescription Lab => fixture.Lab;
    private LabHttp Http => new(Lab.CaCertificate);

    public static TheoryData<string> Schemes => ["http", "https"];

    private async Task<string> PageAsync(LabCase site, IPAddress address, string scheme, string path = "/") =>
        await Http.GetStringAsync(new Uri($"{scheme}://{site.Name}{path}"), address);

    [LabTheory]
    [MemberData(nameof(Schemes))]
    public async Task Dual_stack_site_serves_the_same_page_over_both_families(string scheme)
    {
        var site = Lab.Case("web-dual-stack");
        Assert.Equal("same", site.Fact("content"));
        var v4 = await PageAsync(site, site.IPv4[0], scheme);
        var v6 = await PageAsync(site, site.IPv6[0], scheme);
        Assert.Contains(site.Name, v4, StringComparison.Ordinal);
        Assert.Equal(v4, v6);
    }

    [LabTheory]
    [MemberData(nameof(Schemes))]
    public async Task Split_site_serves_a_different_page_over_IPv6(string scheme)
    {
        var site = Lab.Case("web-v6-content-differs");
        Assert.Equal("differs", site.Fact("content"));
        var v4 = await PageAsync(site, site.IPv4[0], scheme);
        var v6 = await PageAsync(site, site.IPv6[0], scheme);
        Assert.Contains(site.Name, v4, StringComparison.Ordinal);
        Assert.Contains(site.Name, v6, StringComparison.Ordinal);
        Assert.NotEqual(v4, v6);
    }

    [LabFact]
    public async Task IPv4_only_site_is_served_on_IPv4_and_has_no_IPv6_address()
    {
        var site = Lab.Case("web-v4-only");
        Assert.Empty(site.IPv6);
        Assert.DoesNotContain(site.IPv4[0], Lab.Namespace("web").IPv6);
        Assert.Contains(site.Name, await PageAsync(site, site.IPv4[0], "https"), StringComparison.Ordinal);
        // From IPv6 it is reachable only through NAT64; the server then sees a pool address.
        var seen = IPAddress.Parse((await PageAsync(site, Lab.Nat64.Prefix.Embed(site.IPv4[0]), "http", "/whoami")).Trim());
        Assert.True(IPNetwork.Parse(Lab.Nat64.Pool).Contains(seen), $"seen as {seen}");
    }

    [LabFact]
    public async Task Literal_site_pulls_a_script_from_an_IPv4_literal_that_serves_it()
    {
        var site = Lab.Case("web-v4-literal-script");
        var literal = new Uri(site.Fact("literal"));
        Assert.True(IPAddress.TryParse(literal.Host, out var literalAddress) && literalAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        foreach (var address in site.Addresses)
        {
            Assert.Contains($"<script src=\"{literal}\"", await PageAsync(site, address, "http"), StringComparison.Ordinal);
        }
        Assert.Contains("script", await Http.GetStringAsync(literal, literalAddress), StringComparison.Ordinal);
    }

    [LabFact]
    public async Task Sites_see_the_client_address_of_the_path_used()
    {
        var site = Lab.Case("web-dual-stack");
        Assert.Equal(Lab.Host.IPv4, IPAddress.Parse((await PageAsync(site, site.IPv4[0], "https", "/whoami")).Trim()));
        Assert.Equal(Lab.Host.IPv6, IPAddress.Parse((await PageAsync(site, site.IPv6[0], "https", "/whoami")).Trim()));
    }
}
