using System.Text;
using Coexist.Model;
using Coexist.Probes.Web;
using Coexist.Probes.Web.Content;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Tests.Web;

/// <summary>The pure parts of the web probe: similarity, normalisation, page reading, scores, hosting pattern, report text.</summary>
public sealed class PageContentTests
{
    private static readonly Uri PageUrl = new("https://www.shop.test/");

    private static Task<PageDigest> DigestAsync(string html, string? contentType = "text/html; charset=utf-8") =>
        PageDigest.CreateAsync(Encoding.UTF8.GetBytes(html), contentType, PageUrl, CancellationToken.None);

    [Theory]
    // Values of Python's difflib.SequenceMatcher(None, a, b).quick_ratio(), as 100 - 100 * ratio.
    [InlineData("abcd", "abcd", 0)]
    [InlineData("abcd", "bcde", 25)]
    [InlineData("aab", "abb", 100 - (100.0 * 4 / 6))]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 100)]
    [InlineData("abc", "xyz", 100)]
    public void The_distance_is_internet_nls_quick_ratio_distance(string a, string b, double expected) =>
        Assert.Equal(expected, CharHistogram.Of(a).Distance(CharHistogram.Of(b)), 6);

    [Fact]
    public void The_lab_split_page_is_within_internet_nls_markup_threshold_but_not_within_the_text_one()
    {
        // The pages of the lab's web-v6-content-differs: difflib gives 7.19 for the markup (internet.nl would call
        // them the same website) and 19.61 for the visible text.
        static string Page(string text) => $"<!doctype html>\n<html><head><title>www-split.coexist.test</title></head>\n<body><p id=\"site\">{text}</p></body></html>\n";
        var v4 = Page("www-split over IPv4");
        var v6 = Page("www-split over IPv6: a different site");
        Assert.Equal(7.194, CharHistogram.Of(v4).Distance(CharHistogram.Of(v6)), 3);
        Assert.Equal(19.608, CharHistogram.Of("www-split.coexist.test www-split over IPv4").Distance(CharHistogram.Of("www-split.coexist.test www-split over IPv6: a different site")), 3);
    }

    [Fact]
    public async Task Nonces_and_view_state_do_not_make_two_pages_differ()
    {
        var a = await DigestAsync("""<html><head><script nonce="r4nd0m1">x()</script><style nonce='abc'>p{}</style></head><body><form><input type="hidden" name="__VIEWSTATE" value="dDwtMTA4MzE0MjEwNTs7Pg==" /><input type=hidden name=__EVENTVALIDATION value=AAAA>text</form></body></html>""");
        var b = await DigestAsync("""<html><head><script nonce="0th3r">x()</script><style nonce='zzzzzz'>p{}</style></head><body><form><input type="hidden" name="__VIEWSTATE" value="completely different and much longer state" /><input type=hidden name=__EVENTVALIDATION value=BBBBBBBB>text</form></body></html>""");
        Assert.Equal(0, a.Markup.Distance(b.Markup));
        Assert.Equal(0, a.Text!.Distance(b.Text!));
        Assert.Equal("<script>x()</script>", PageDigest.Normalize("<script nonce=\"abc\">x()</script>"));
    }

    [Fact]
    public async Task A_page_gives_its_title_resources_and_IPv4_literals()
    {
        var digest = await DigestAsync("""
            <html><head><title>  Shop
            home </title><base href="https://static.shop.test/assets/">
            <link rel="stylesheet" href="site.css"><link rel="canonical" href="https://www.shop.test/">
            <link rel="icon" href="//198.51.100.7/favicon.ico"><script src="/app.js"></script></head>
            <body><img src="logo.png"><img src="logo.png"><iframe src="https://[2001:db8::5]/frame"></iframe>
            <a href="http://198.51.100.9:8080/download">get</a><a href="/relative">rel</a><img src="data:image/png;base64,AAAA">
            <script>var hidden = "not text";</script><p>Visible</p></body></html>
            """);
        Assert.Equal("Shop home", digest.Title);
        Assert.Equal(
            ["https://static.shop.test/assets/site.css", "https://198.51.100.7/favicon.ico", "https://static.shop.test/app.js",
             "https://static.shop.test/assets/logo.png", "https://[2001:db8::5]/frame"],
            digest.Resources.Select(r => r.Url.ToString()));
        Assert.Equal(["link", "link", "script", "img", "iframe"], digest.Resources.Select(r => r.Element));
        Assert.Equal(2, digest.IPv4LiteralCount);
        Assert.Equal(["<link href> https://198.51.100.7/favicon.ico", "<a href> http://198.51.100.9:8080/download"], digest.IPv4Literals.ToArray());
        Assert.Equal(5, digest.AbsoluteUrlCount);
        Assert.Equal(0, digest.Text!.Distance(CharHistogram.Of("Shop home get rel Visible")));
    }

    [Fact]
    public async Task The_charset_comes_from_the_header_else_from_a_meta_else_UTF_8()
    {
        var latin1 = Encoding.Latin1.GetBytes("<html><head><meta charset=\"iso-8859-1\"><title>Caf\u00e9</title></head></html>");
        var meta = await PageDigest.CreateAsync(latin1, "text/html", PageUrl, CancellationToken.None);
        Assert.Equal("Caf\u00e9", meta.Title);
        var header = await PageDigest.CreateAsync(Encoding.Latin1.GetBytes("<title>Caf\u00e9</title>"), "text/html; charset=ISO-8859-1", PageUrl, CancellationToken.None);
        Assert.Equal("Caf\u00e9", header.Title);
        var plain = await PageDigest.CreateAsync(Encoding.UTF8.GetBytes("{\"json\": true}"), "application/json", PageUrl, CancellationToken.None);
        Assert.False(plain.IsHtml);
        Assert.Null(plain.Text);
        Assert.Equal(14, plain.Markup.Length);
    }

    [Theory]
    [InlineData(10, 10, 1.0, Outcome.Pass)]
    [InlineData(12, 10, 1.0, Outcome.Pass)]
    [InlineData(19, 20, 0.95, Outcome.Pass)]
    [InlineData(9, 10, 0.9, Outcome.Warn)]
    [InlineData(8, 10, 0.8, Outcome.Warn)]
    [InlineData(7, 10, 0.7, Outcome.Fail)]
    [InlineData(0, 1, 0, Outcome.Fail)]
    [InlineData(0, 0, 1.0, Outcome.Pass)]
    public void The_resource_score_is_NAT64Checks_with_its_bands(int onPath, int overIPv4, double score, Outcome band)
    {
        Assert.Equal(score, ResourceScore.Of(onPath, overIPv4), 6);
        Assert.Equal(band, ResourceScore.Band(ResourceScore.Of(onPath, overIPv4)));
    }

    private static PageFetch Fetch(string server, string? etag, string body, string? leaf = null) => new()
    {
        Url = PageUrl,
        Status = 200,
        Headers = new HeaderSummary { Server = server, ETag = etag },
        Digest = new PageDigest { Markup = CharHistogram.Of(body), Text = CharHistogram.Of(body) },
        Tls = leaf is null ? null : new TlsObservation
        {
            Subject = "CN=www.shop.test", Issuer = "CN=CA", NotBefore = DateTimeOffset.UnixEpoch, NotAfter = DateTimeOffset.UnixEpoch,
            NameMatches = true, Trusted = true, Chain = [leaf],
        },
    };

    [Fact]
    public void The_same_server_agrees_on_every_signal_and_a_dedicated_one_gives_itself_away()
    {
        var ipv4 = Fetch("nginx/1.22.1", "\"65f0-1a2\"", "<p>the shop</p>", "aaaa");
        var same = HostingVerdict.Judge(ipv4, Fetch("nginx/1.22.1", "\"65f0-1a2\"", "<p>the shop</p>", "aaaa"));
        Assert.Equal(HostingPattern.SameServer, same.Pattern);
        Assert.Equal(["content", "server", "certificate", "etag"], same.Signals.Select(s => s.Name));

        // The same content from a server deployed apart: another ETag and another Server header.
        var apart = HostingVerdict.Judge(ipv4, Fetch("Apache/2.4", "\"abc\"", "<p>the shop</p>", "aaaa"));
        Assert.Equal(HostingPattern.DedicatedIPv6Server, apart.Pattern);
        Assert.Equal(["server", "etag"], apart.Disagreeing.Select(s => s.Name));
        Assert.Equal("dedicated-ipv6-server", apart.ToJson()["hostingPattern"]!.GetValue<string>());

        var otherSite = HostingVerdict.Judge(ipv4, Fetch("nginx/1.22.1", "\"65f0-1a2\"", "<p>a different site altogether</p>", "aaaa"));
        Assert.Equal(["content"], otherSite.Disagreeing.Select(s => s.Name));
    }

    [Fact]
    public void Redirects_not_followed_are_compared_by_where_they_point()
    {
        var a = Fetch("x", null, "") with { Status = 301, RedirectNotFollowed = "https://shop.test/" };
        Assert.True(ContentDistance.Between(a, a with { Digest = null }).Same);
        Assert.False(ContentDistance.Between(a, a with { RedirectNotFollowed = "https://elsewhere.test/" }).Same);
    }

    [Theory]
    [InlineData("plain", 10, "plain")]
    [InlineData("  line\r\nbreak\tand\u0000nul  ", 40, "line break and nul")]
    [InlineData("\u001b[31mred\u001b[0m", 40, "[31mred [0m")]
    [InlineData("right\u202eleft", 40, "right left")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…")]
    [InlineData("emoji \ud83d\ude00\ud83d\ude00\ud83d\ude00", 9, "emoji \ud83d\ude00…")]
    public void Report_text_is_clean_and_short(string text, int max, string expected) =>
        Assert.Equal(expected, ReportText.Clean(text, max));

    [Fact]
    public void Home_page_URLs_bracket_IPv6_literals_and_the_scheme_follows_the_port()
    {
        Assert.Equal("http://www.shop.test/", WebProbeContext.HomePage("www.shop.test", 80).ToString());
        Assert.Equal("https://[2001:db8::1]/", WebProbeContext.HomePage("2001:db8::1", 443).ToString());
        Assert.Equal("https://198.51.100.1:8443/", WebProbeContext.HomePage("198.51.100.1", 8443).ToString());
        Assert.Equal([80, 443], WebProbeContext.Ports(new ServiceSpec { Name = "s", Kind = ServiceKind.Web }));
    }
}
