using System.Net;
using Coexist.Probes.Dns;
using Coexist.Probes.Mail.Spf;

namespace Coexist.Probes.Tests.Mail;

/// <summary>
/// check_host() against RFC 7208: the examples of Appendix A (retyped as data, with their stated results), then
/// what the mail probe leans on for IPv6 (ip6 with CIDR, a and mx resolving AAAA with dual CIDR, include, redirect,
/// exists with IPv6 macros), the limits of §4.6.4, and permerror/temperror.
/// </summary>
public sealed class SpfEvaluatorTests
{
    // RFC 7208 Appendix A.1, "Simple Examples", each with the hosts the RFC says pass and some it says fail.
    [Theory]
    [InlineData("v=spf1 +all", "192.0.2.1", SpfResult.Pass)]
    [InlineData("v=spf1 +all", "2001:db8::1", SpfResult.Pass)]
    [InlineData("v=spf1 a -all", "192.0.2.10", SpfResult.Pass)]
    [InlineData("v=spf1 a -all", "192.0.2.11", SpfResult.Pass)]
    [InlineData("v=spf1 a -all", "192.0.2.65", SpfResult.Fail)]
    [InlineData("v=spf1 a:example.org -all", "192.0.2.10", SpfResult.Fail)]
    [InlineData("v=spf1 a:example.org -all", "192.0.2.140", SpfResult.Fail)]
    [InlineData("v=spf1 mx -all", "192.0.2.129", SpfResult.Pass)]
    [InlineData("v=spf1 mx -all", "192.0.2.130", SpfResult.Pass)]
    [InlineData("v=spf1 mx -all", "192.0.2.10", SpfResult.Fail)]
    [InlineData("v=spf1 mx:example.org -all", "192.0.2.140", SpfResult.Pass)]
    [InlineData("v=spf1 mx:example.org -all", "192.0.2.129", SpfResult.Fail)]
    [InlineData("v=spf1 mx mx:example.org -all", "192.0.2.129", SpfResult.Pass)]
    [InlineData("v=spf1 mx mx:example.org -all", "192.0.2.130", SpfResult.Pass)]
    [InlineData("v=spf1 mx mx:example.org -all", "192.0.2.140", SpfResult.Pass)]
    [InlineData("v=spf1 mx/30 mx:example.org/30 -all", "192.0.2.131", SpfResult.Pass)]
    [InlineData("v=spf1 mx/30 mx:example.org/30 -all", "192.0.2.141", SpfResult.Pass)]
    [InlineData("v=spf1 mx/30 mx:example.org/30 -all", "192.0.2.132", SpfResult.Fail)]
    [InlineData("v=spf1 ptr -all", "192.0.2.65", SpfResult.Pass)]
    [InlineData("v=spf1 ptr -all", "192.0.2.140", SpfResult.Fail)]
    [InlineData("v=spf1 ptr -all", "10.0.0.4", SpfResult.Fail)]
    [InlineData("v=spf1 ip4:192.0.2.128/28 -all", "192.0.2.65", SpfResult.Fail)]
    [InlineData("v=spf1 ip4:192.0.2.128/28 -all", "192.0.2.129", SpfResult.Pass)]
    public async Task Appendix_A1_simple_examples(string record, string ip, SpfResult expected)
    {
        var evaluation = await SpfTestDns.EvaluateAsync(record, ip);

        Assert.True(expected == evaluation.Result, $"{record} for {ip}: {evaluation.Result} ({evaluation.Reason})\n{string.Join('\n', evaluation.Trace)}");
    }

    [Theory]
    // RFC 7208 Appendix A.4 as printed: the ptr in ptr._spf.%{d} checks against that name, so no host escapes the "-include".
    // 192.0.2.65 gets through the first include (its -ip4 fails, so no match) and is caught by the second (3 lookups: the
    // two includes and the ptr); 10.0.0.4 is caught by the first (1 lookup).
    [InlineData("192.0.2.65", SpfResult.Fail, 3)]
    [InlineData("10.0.0.4", SpfResult.Fail, 1)]
    public async Task Appendix_A4_multiple_requirements_as_printed(string ip, SpfResult expected, int lookups)
    {
        var evaluation = await SpfTestDns.EvaluateAsync("v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all", ip, dns => dns
            .Txt("ip4._spf.example.com", "v=spf1 -ip4:192.0.2.0/24 +all")
            .Txt("ptr._spf.example.com", "v=spf1 -ptr +all"));

        Assert.Equal(expected, evaluation.Result);
        Assert.Equal(lookups, evaluation.DnsLookups);
    }

    [Fact]
    public async Task The_record_is_split_across_strings_and_other_TXT_records_are_ignored()
    {
        await using var dns = new SpfTestDns();
        dns.Data.Add("example.com", new TxtData("v=spf1 ", "ip6:2001:db8:25::/64 ", "-all")).Add("example.com", new TxtData("google-site-verification=abc"));

        Assert.Equal(SpfResult.Pass, (await dns.CheckAsync("2001:db8:25::25")).Result);
        Assert.Equal(SpfResult.Fail, (await dns.CheckAsync("2001:db8:26::25")).Result);
    }

    [Theory]
    [InlineData("v=spf1 ip6:2001:db8:25::/64 -all", "2001:db8:25::ffff", SpfResult.Pass)]
    [InlineData("v=spf1 ip6:2001:db8:25::/64 -all", "2001:db8:25:1::1", SpfResult.Fail)]
    [InlineData("v=spf1 ip6:2001:db8:25::25 -all", "2001:db8:25::25", SpfResult.Pass)]
    [InlineData("v=spf1 ip6:2001:db8:25::25 -all", "2001:db8:25::26", SpfResult.Fail)]
    [InlineData("v=spf1 ip6:2001:db8::/0 -all", "2001:db9::1", SpfResult.Pass)]
    [InlineData("v=spf1 ip4:192.0.2.0/24 -all", "2001:db8:25::25", SpfResult.Fail)]
    [InlineData("v=spf1 ip6:2001:db8:25::/64 -all", "192.0.2.1", SpfResult.Fail)]
    // An IPv4-mapped client is the IPv4 client it names.
    [InlineData("v=spf1 ip4:192.0.2.0/24 -all", "::ffff:192.0.2.1", SpfResult.Pass)]
    // a and mx look up AAAA for an IPv6 client, with the IPv6 half of the dual CIDR.
    [InlineData("v=spf1 a:mx6.example.com -all", "2001:db8:25::25", SpfResult.Pass)]
    [InlineData("v=spf1 a:mx6.example.com -all", "2001:db8:25::26", SpfResult.Fail)]
    [InlineData("v=spf1 a:mx6.example.com//64 -all", "2001:db8:25::26", SpfResult.Pass)]
    [InlineData("v=spf1 a:mx6.example.com/24 -all", "2001:db8:25::26", SpfResult.Fail)]
    [InlineData("v=spf1 a:mx6.example.com/24//120 -all", "2001:db8:25::26", SpfResult.Pass)]
    [InlineData("v=spf1 a:mx6.example.com/24//120 -all", "192.0.2.1", SpfResult.Pass)]
    [InlineData("v=spf1 mx:v6.example.net -all", "2001:db8:25::25", SpfResult.Pass)]
    [InlineData("v=spf1 mx:v6.example.net//48 -all", "2001:db8:25:77::1", SpfResult.Pass)]
    [InlineData("v=spf1 mx -all", "2001:db8:25::25", SpfResult.Fail)]
    // The qualifiers, and no match at all.
    [InlineData("v=spf1 ip4:192.0.2.1 ~all", "2001:db8:25::25", SpfResult.SoftFail)]
    [InlineData("v=spf1 ip4:192.0.2.1 ?all", "2001:db8:25::25", SpfResult.Neutral)]
    [InlineData("v=spf1 ip4:192.0.2.1", "2001:db8:25::25", SpfResult.Neutral)]
    [InlineData("v=spf1 -ip6:2001:db8:25::25 +all", "2001:db8:25::25", SpfResult.Fail)]
    [InlineData("V=SPF1 IP6:2001:DB8:25::25 -ALL", "2001:db8:25::25", SpfResult.Pass)]
    public async Task IPv6_clients(string record, string ip, SpfResult expected)
    {
        var evaluation = await SpfTestDns.EvaluateAsync(record, ip, dns => dns.Data
            .Addresses("mx6.example.com", "192.0.2.25", "2001:db8:25::25")
            .Add("v6.example.net", new MxData(10, DnsName.Parse("mx6.example.com"))));

        Assert.True(expected == evaluation.Result, $"{record} for {ip}: {evaluation.Result} ({evaluation.Reason})\n{string.Join('\n', evaluation.Trace)}");
    }

    [Fact]
    public async Task Include_passes_only_on_pass_and_redirect_takes_the_target_result()
    {
        await using var dns = new SpfTestDns()
            .Txt("example.com", "v=spf1 include:_spf.example.net include:_out.example.net -all")
            .Txt("_spf.example.net", "v=spf1 ip6:2001:db8:aaaa::/48 -all")
            .Txt("_out.example.net", "v=spf1 redirect=_final.example.net")
            .Txt("_final.example.net", "v=spf1 ip6:2001:db8:bbbb::1 ~all");

        var viaInclude = await dns.CheckAsync("2001:db8:aaaa::9");
        var viaRedirect = await dns.CheckAsync("2001:db8:bbbb::1");
        var neither = await dns.CheckAsync("2001:db8:cccc::1");

        Assert.Equal(SpfResult.Pass, viaInclude.Result);
        Assert.Equal("include:_spf.example.net (in example.com)", viaInclude.MatchedTerm);
        Assert.Equal(SpfResult.Pass, viaRedirect.Result);
        // include, include, redirect.
        Assert.Equal(3, viaRedirect.DnsLookups);
        // The included records say fail and softfail: an include that does not pass does not match, and -all decides.
        Assert.Equal(SpfResult.Fail, neither.Result);
        Assert.Equal("-all (in example.com)", neither.MatchedTerm);
    }

    [Fact]
    public async Task Redirect_gives_the_target_result_and_is_ignored_when_the_record_has_all()
    {
        await using var dns = new SpfTestDns()
            .Txt("example.com", "v=spf1 redirect=_spf.example.net")
            .Txt("example.org", "v=spf1 ?all redirect=_spf.example.net")
            .Txt("_spf.example.net", "v=spf1 ip6:2001:db8:aaaa::/48 -all");

        Assert.Equal(SpfResult.Pass, (await dns.CheckAsync("2001:db8:aaaa::1")).Result);
        Assert.Equal(SpfResult.Fail, (await dns.CheckAsync("2001:db8:ffff::1")).Result);
        Assert.Equal(SpfResult.Neutral, (await dns.CheckAsync("2001:db8:aaaa::1", "example.org")).Result);
    }

    [Fact]
    public async Task Exists_asks_A_for_the_IPv6_nibble_name_the_macros_build()
    {
        await using var dns = new SpfTestDns().Txt("example.com", "v=spf1 exists:%{ir}.%{v}._spf.%{d} -all");
        dns.Data.Addresses("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com", "127.0.0.2");

        var listed = await dns.CheckAsync("2001:db8::cb01");
        var unlisted = await dns.CheckAsync("2001:db8::cb02");

        Assert.Equal(SpfResult.Pass, listed.Result);
        Assert.Equal(SpfResult.Fail, unlisted.Result);
        Assert.Equal(1, unlisted.VoidLookups);
    }

    [Fact]
    public async Task The_ptr_mechanism_validates_IPv6_names_and_is_noted_as_deprecated()
    {
        var evaluation = await SpfTestDns.EvaluateAsync("v=spf1 ptr -all", "2001:db8:25::25", dns => dns.Data
            .Addresses("mx6.example.com", "2001:db8:25::25").Ptr("2001:db8:25::25", "mx6.example.com"));

        Assert.Equal(SpfResult.Pass, evaluation.Result);
        Assert.Contains(evaluation.Trace, line => line.Contains("deprecated (RFC 7208 §5.5)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ten_lookups_are_allowed_and_the_eleventh_is_a_permerror()
    {
        await using var dns = new SpfTestDns();
        for (var i = 1; i <= 11; i++) dns.Txt($"i{i}.example.net", $"v=spf1 include:i{i + 1}.example.net -all");
        dns.Txt("i12.example.net", "v=spf1 ip6:2001:db8::/32 -all");
        // example.com → 10 includes → the record that passes: exactly 10 lookups.
        dns.Txt("example.com", "v=spf1 include:i3.example.net -all").Txt("example.org", "v=spf1 include:i2.example.net -all");

        var ten = await dns.CheckAsync("2001:db8::1");
        var eleven = await dns.CheckAsync("2001:db8::1", "example.org");

        Assert.Equal(SpfResult.Pass, ten.Result);
        Assert.Equal(SpfLimits.MaxDnsLookups, ten.DnsLookups);
        Assert.Equal(SpfResult.PermError, eleven.Result);
        Assert.Contains("RFC 7208 §4.6.4 allows 10", eleven.Reason);
    }

    [Fact]
    public async Task Lookups_count_across_mechanisms_and_ip_mechanisms_cost_nothing()
    {
        var record = "v=spf1 " + string.Join(' ', Enumerable.Range(1, 10).Select(i => $"a:h{i}.example.com")) + " ip4:192.0.2.1 ip6:2001:db8::1 a:h11.example.com -all";
        var evaluation = await SpfTestDns.EvaluateAsync(record, "2001:db8::1", dns =>
        {
            for (var i = 1; i <= 11; i++) dns.Data.Addresses($"h{i}.example.com", $"2001:db8:ffff::{i}");
        });
        var over = await SpfTestDns.EvaluateAsync(record, "2001:db8::2", dns =>
        {
            for (var i = 1; i <= 11; i++) dns.Data.Addresses($"h{i}.example.com", $"2001:db8:ffff::{i}");
        });

        Assert.Equal(SpfResult.Pass, evaluation.Result);
        Assert.Equal(10, evaluation.DnsLookups);
        Assert.Equal(SpfResult.PermError, over.Result);
        Assert.Contains("a:h11.example.com is DNS lookup 11", over.Reason);
    }

    [Fact]
    public async Task Two_void_lookups_are_allowed_and_the_third_is_a_permerror()
    {
        var two = await SpfTestDns.EvaluateAsync("v=spf1 a:gone1.example.com a:gone2.example.com -all", "2001:db8::1");
        var three = await SpfTestDns.EvaluateAsync("v=spf1 a:gone1.example.com a:gone2.example.com mx:gone3.example.com -all", "2001:db8::1");

        Assert.Equal(SpfResult.Fail, two.Result);
        Assert.Equal(SpfLimits.MaxVoidLookups, two.VoidLookups);
        Assert.Equal(SpfResult.PermError, three.Result);
        Assert.Contains("void lookup 3", three.Reason);
    }

    [Fact]
    public async Task More_than_ten_MX_records_is_a_permerror()
    {
        var evaluation = await SpfTestDns.EvaluateAsync("v=spf1 mx:many.example.net -all", "2001:db8::1", dns =>
        {
            for (var i = 1; i <= 11; i++) dns.Data.Add("many.example.net", new MxData((ushort)i, DnsName.Parse($"m{i}.example.net")));
        });

        Assert.Equal(SpfResult.PermError, evaluation.Result);
        Assert.Contains("11 MX records", evaluation.Reason);
    }

    [Theory]
    [InlineData("v=spf1 a:192.0.2.1 -all", "is not a top label")]
    [InlineData("v=spf1 ip4:192.0.2.1/33 -all", "over 32")]
    [InlineData("v=spf1 ip6:2001:db8::/129 -all", "over 128")]
    [InlineData("v=spf1 ip6:2001:db8::/064 -all", "is not a prefix length")]
    [InlineData("v=spf1 ip4:2001:db8::1 -all", "is not an IPv4 address")]
    [InlineData("v=spf1 ip6:192.0.2.1 -all", "is not an IPv6 address")]
    [InlineData("v=spf1 ip4:192.0.2.01 -all", "is not an IPv4 address")]
    [InlineData("v=spf1 ipv6:2001:db8::1 -all", "unknown mechanism \"ipv6\"")]
    [InlineData("v=spf1 redirect=a.example.net redirect=b.example.net", "more than one redirect")]
    [InlineData("v=spf1 exists:%{x}.example.net -all", "'x' is not a macro letter")]
    [InlineData("v=spf1 exists:%{c}.example.net -all", "allowed only in explanation text")]
    [InlineData("v=spf1 exists:%{d0}.example.net -all", "part count must be 1 or more")]
    [InlineData("v=spf1 exists:%(ir).example.net -all", "'%(' is not a macro")]
    [InlineData("v=spf1 include -all", "include needs")]
    [InlineData("v=spf1 all:example.net", "all takes no argument")]
    // A syntax error anywhere is a permerror, even after a term that would match (§4.6).
    [InlineData("v=spf1 +all ip4:300.0.0.1", "is not an IPv4 address")]
    public async Task Records_against_the_grammar_are_permerrors(string record, string why)
    {
        var evaluation = await SpfTestDns.EvaluateAsync(record, "2001:db8::1");

        Assert.Equal(SpfResult.PermError, evaluation.Result);
        Assert.Contains(why, evaluation.Reason);
    }

    [Fact]
    public void Unknown_modifiers_are_ignored_and_exp_is_read()
    {
        var record = SpfParser.Parse("v=spf1 mx -all exp=explain._spf.%{d} moo=cow.%{d} x.y-z=1");

        Assert.Equal(["mx", "-all"], record.Directives.Select(d => d.Text));
        Assert.Equal("explain._spf.%{d}", record.Explanation);
        Assert.Null(record.Redirect);
    }

    [Theory]
    [InlineData("v=spf1", true)]
    [InlineData("v=spf1 -all", true)]
    [InlineData("V=Spf1 -all", true)]
    [InlineData("v=spf10 -all", false)]
    [InlineData("v=spf1-all", false)]
    [InlineData("spf2.0/pra -all", false)]
    public void Which_TXT_records_are_SPF(string text, bool expected) => Assert.Equal(expected, SpfParser.IsSpfRecord(text));

    [Fact]
    public async Task No_record_two_records_and_missing_targets()
    {
        await using var dns = new SpfTestDns()
            .Txt("example.com", "v=spf1 -all", "v=spf1 +all")
            .Txt("example.org", "v=spf1 include:nospf.example.net -all")
            .Txt("example.net", "v=spf1 redirect=nospf.example.net");
        dns.Data.Addresses("nospf.example.net", "192.0.2.99");

        var two = await dns.CheckAsync("2001:db8::1");
        var include = await dns.CheckAsync("2001:db8::1", "example.org");
        var redirect = await dns.CheckAsync("2001:db8::1", "example.net");
        var none = await dns.CheckAsync("2001:db8::1", "nospf.example.net");
        var nxdomain = await dns.CheckAsync("2001:db8::1", "gone.example.net");
        var singleLabel = await dns.CheckAsync("2001:db8::1", "localhost");

        Assert.Equal(SpfResult.PermError, two.Result);
        Assert.Contains("2 SPF records", two.Reason);
        Assert.Equal(SpfResult.PermError, include.Result);
        Assert.Contains("leads to no SPF record", include.Reason);
        Assert.Equal(SpfResult.PermError, redirect.Result);
        Assert.Equal(SpfResult.None, none.Result);
        Assert.Equal(SpfResult.None, nxdomain.Result);
        Assert.Contains("NXDOMAIN", nxdomain.Reason);
        Assert.Equal(SpfResult.None, singleLabel.Result);
    }

    [Fact]
    public async Task A_resolver_that_cannot_answer_gives_temperror()
    {
        // Names outside the test's zones are REFUSED by the resolver: a DNS error, not an answer.
        var include = await SpfTestDns.EvaluateAsync("v=spf1 include:outside.invalid -all", "2001:db8::1");
        var a = await SpfTestDns.EvaluateAsync("v=spf1 a:outside.invalid -all", "2001:db8::1");
        var top = await new SpfTestDns().CheckAsync("2001:db8::1", "outside.invalid");

        Assert.Equal(SpfResult.TempError, include.Result);
        Assert.Equal(SpfResult.TempError, a.Result);
        Assert.Equal(SpfResult.TempError, top.Result);
    }

    [Fact]
    public async Task An_include_loop_ends_at_the_lookup_limit()
    {
        var evaluation = await SpfTestDns.EvaluateAsync("v=spf1 include:example.com -all", "2001:db8::1");

        Assert.Equal(SpfResult.PermError, evaluation.Result);
        Assert.Equal(SpfLimits.MaxDnsLookups + 1, evaluation.DnsLookups);
    }

    [Theory]
    [InlineData("2001:db8::1", "2001:db8::/32", 32, true)]
    [InlineData("2001:db9::1", "2001:db8::/32", 32, false)]
    [InlineData("2001:db8::1", "2001:db8::1", 128, true)]
    [InlineData("192.0.2.130", "192.0.2.128", 30, true)]
    [InlineData("192.0.2.132", "192.0.2.128", 30, false)]
    [InlineData("192.0.2.1", "198.51.100.1", 0, true)]
    [InlineData("192.0.2.1", "2001:db8::", 0, false)]
    public void Prefix_matching(string ip, string network, int length, bool expected) =>
        Assert.Equal(expected, SpfEvaluator.InPrefix(IPAddress.Parse(ip), IPAddress.Parse(network.Split('/')[0]), length));
}
