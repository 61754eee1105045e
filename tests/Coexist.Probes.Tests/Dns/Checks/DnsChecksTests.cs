using Coexist.Model;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Dns.Checks;

/// <summary>Every COEX3xxx check, healthy and broken, on the paths it is judged on (see <see cref="DnsWorld"/>).</summary>
public sealed class DnsChecksTests(DnsWorld world) : IClassFixture<DnsWorld>
{
    [Theory]
    // COEX3001: AAAA for every service name; IPv4-mapped does not count.
    [InlineData("shop-web", "dns-aaaa", ProbePath.V6, "www.shop.test", null, Outcome.Pass, "2001:db8:80::80")]
    [InlineData("v4only-web", "dns-aaaa", ProbePath.V6, "v4only.shop.test", null, Outcome.Fail, "has no AAAA record")]
    [InlineData("mapped-web", "dns-aaaa", ProbePath.V6, "mapped.shop.test", null, Outcome.Fail, "only IPv4-mapped AAAA (::ffff:198.51.100.82)")]
    [InlineData("shop-mail", "dns-aaaa", ProbePath.V6, "mx.shop.test", null, Outcome.Pass, "2001:db8:25::25")]
    [InlineData("shop-sip", "dns-aaaa", ProbePath.V6, "sip.shop.test", null, Outcome.Pass, "2001:db8:5060::40")]
    [InlineData("null-mail", "dns-aaaa", ProbePath.V6, "nullmx.shop.test", null, Outcome.Skipped, "null MX (RFC 7505)")]
    // COEX3002: special-purpose addresses, per path; the estate's own documentation ranges are declared public.
    [InlineData("shop-web", "dns-special-purpose", ProbePath.V4, "www.shop.test", null, Outcome.Pass, "198.51.100.80")]
    [InlineData("private-web", "dns-special-purpose", ProbePath.V4, "private.shop.test", null, Outcome.Fail, "10.113.0.83 is Private-Use (RFC 1918)")]
    [InlineData("private-web", "dns-special-purpose", ProbePath.V6, "private.shop.test", null, Outcome.Fail, "fd6c:6162::83 is Unique-Local (RFC 4193)")]
    [InlineData("private-web", "dns-special-purpose", ProbePath.Nat64, "private.shop.test", null, Outcome.Fail, "10.113.0.83 is Private-Use")]
    [InlineData("private-web", "dns-special-purpose", ProbePath.Dns64, "private.shop.test", null, Outcome.Fail, "fd6c:6162::83 is Unique-Local")]
    [InlineData("mapped-web", "dns-special-purpose", ProbePath.V6, "mapped.shop.test", null, Outcome.Fail, "::ffff:198.51.100.82 is IPv4-mapped Address (RFC 4291 §2.5.5.2)")]
    [InlineData("mapped-web", "dns-special-purpose", ProbePath.Dns64, "mapped.shop.test", null, Outcome.Pass, "2001:db8:64::c633:6452")]
    [InlineData("v4only-web", "dns-special-purpose", ProbePath.V6, "v4only.shop.test", null, Outcome.Skipped, "no AAAA answers")]
    // COEX3003: two name servers with IPv6; one is a fail, as none is.
    [InlineData("shop-dns", "dns-ns-ipv6", ProbePath.V6, "shop.test", null, Outcome.Pass, "2 of 2 name servers have IPv6")]
    [InlineData("one-v6-dns", "dns-ns-ipv6", ProbePath.V6, "one-v6.test", null, Outcome.Fail, "only ns1.shop.test has IPv6 (ns.one-v6.test has no AAAA)")]
    [InlineData("lame-dns", "dns-ns-ipv6", ProbePath.V6, "lame.test", null, Outcome.Fail, "none of the 1 name servers has an AAAA record")]
    // COEX3004: each server address answers SOA and NS over UDP and TCP with AA, on every path.
    [InlineData("shop-dns", "dns-ns-reachable", ProbePath.V4, "ns2.shop.test", "203.0.113.4", Outcome.Pass, "authoritatively over UDP and TCP")]
    [InlineData("shop-dns", "dns-ns-reachable", ProbePath.V6, "ns2.shop.test", "2001:db8:aaaa::4", Outcome.Pass, "authoritatively over UDP and TCP")]
    [InlineData("shop-dns", "dns-ns-reachable", ProbePath.Nat64, "ns2.shop.test", "2001:db8:64::cb00:7104", Outcome.Pass, "(= 203.0.113.4)")]
    [InlineData("shop-dns", "dns-ns-reachable", ProbePath.Dns64, "ns2.shop.test", "2001:db8:aaaa::4", Outcome.Pass, "authoritatively")]
    [InlineData("udp-only-dns", "dns-ns-reachable", ProbePath.V4, "ns.udp-only.test", "198.51.100.12", Outcome.Fail, "SOA over TCP: TCP: the server closed the connection")]
    [InlineData("udp-only-dns", "dns-ns-reachable", ProbePath.V6, "ns.udp-only.test", "2001:db8:53::12", Outcome.Fail, "NS over TCP")]
    [InlineData("udp-only-dns", "dns-ns-reachable", ProbePath.Nat64, "ns.udp-only.test", "2001:db8:64::c633:640c", Outcome.Fail, "NS over TCP")]
    [InlineData("udp-only-dns", "dns-ns-reachable", ProbePath.V6, "ns1.shop.test", "2001:db8:53::3", Outcome.Pass, "UDP and TCP")]
    [InlineData("lame-dns", "dns-ns-reachable", ProbePath.V4, "ns.lame.test", "198.51.100.15", Outcome.Fail, "answered without AA")]
    [InlineData("one-v6-dns", "dns-ns-reachable", ProbePath.V6, "ns.one-v6.test", null, Outcome.Skipped, "has no AAAA records")]
    [InlineData("one-v6-dns", "dns-ns-reachable", ProbePath.Nat64, "ns.one-v6.test", "2001:db8:64::c633:640b", Outcome.Pass, "(= 198.51.100.11)")]
    [InlineData("one-v6-dns", "dns-ns-reachable", ProbePath.Dns64, "ns.one-v6.test", "2001:db8:64::c633:640b", Outcome.Pass, "authoritatively")]
    // COEX3005: glue equals the authoritative data; sibling glue is optional.
    [InlineData("shop-dns", "dns-glue", ProbePath.V4, "ns1.shop.test", null, Outcome.Pass, "A glue for ns1.shop.test (198.51.100.3) equals")]
    [InlineData("shop-dns", "dns-glue", ProbePath.V6, "ns2.shop.test", null, Outcome.Pass, "AAAA glue for ns2.shop.test (2001:db8:aaaa::4) equals")]
    [InlineData("glue-dns", "dns-glue", ProbePath.V4, "ns.glue.test", null, Outcome.Fail, "A glue for ns.glue.test at test is 198.51.100.13, but ns.glue.test's zone says 198.51.100.14")]
    [InlineData("glue-dns", "dns-glue", ProbePath.V6, "ns.glue.test", null, Outcome.Fail, "is 2001:db8:53::13, but ns.glue.test's zone says 2001:db8:53::14")]
    [InlineData("glue-dns", "dns-glue", ProbePath.V4, "ns1.shop.test", null, Outcome.Pass, "glue is optional")]
    [InlineData("one-v6-dns", "dns-glue", ProbePath.V6, "ns.one-v6.test", null, Outcome.Pass, "no IPv6 address, and the parent hands out no AAAA glue")]
    [InlineData("lame-dns", "dns-glue", ProbePath.V4, "ns.lame.test", null, Outcome.Error, "no authoritative answer")]
    // COEX3006: more than one prefix.
    [InlineData("shop-dns", "dns-ns-prefixes", ProbePath.V6, "shop.test", null, Outcome.Pass, "2001:db8:53::/48, 2001:db8:aaaa::/48")]
    [InlineData("shop-dns", "dns-ns-prefixes", ProbePath.V4, "shop.test", null, Outcome.Pass, "198.51.100.0/24, 203.0.113.0/24")]
    [InlineData("udp-only-dns", "dns-ns-prefixes", ProbePath.V6, "udp-only.test", null, Outcome.Warn, "is in 2001:db8:53::/48")]
    [InlineData("lame-dns", "dns-ns-prefixes", ProbePath.V6, "lame.test", null, Outcome.Skipped, "no name server of lame.test has an IPv6 address")]
    // COEX3007: forward-confirmed PTR for mail and SIP servers.
    [InlineData("shop-mail", "dns-ptr", ProbePath.V6, "mx.shop.test", "2001:db8:25::25", Outcome.Pass, "→ PTR mx.shop.test → 2001:db8:25::25")]
    [InlineData("shop-mail", "dns-ptr", ProbePath.V4, "mx.shop.test", "198.51.100.25", Outcome.Pass, "forward-confirmed")]
    [InlineData("shop-sip", "dns-ptr", ProbePath.V6, "sip.shop.test", "2001:db8:5060::40", Outcome.Pass, "forward-confirmed")]
    [InlineData("unconfirmed-mail", "dns-ptr", ProbePath.V6, "mx2.shop.test", "2001:db8:25::27", Outcome.Fail, "not forward-confirmed")]
    [InlineData("unconfirmed-mail", "dns-ptr", ProbePath.V4, "mx2.shop.test", "198.51.100.27", Outcome.Fail, "has no PTR record")]
    // COEX3008-3011: DNS64 behaviour.
    [InlineData("v4only-web", "dns64-synthesis", ProbePath.Dns64, "v4only.shop.test", null, Outcome.Pass, "synthesized 2001:db8:64::c633:6451 from A 198.51.100.81 under 2001:db8:64::/96")]
    [InlineData("mapped-web", "dns64-synthesis", ProbePath.Dns64, "mapped.shop.test", null, Outcome.Pass, "synthesized 2001:db8:64::c633:6452")]
    [InlineData("shop-web", "dns64-synthesis", ProbePath.Dns64, "www.shop.test", null, Outcome.Skipped, "has real AAAA records")]
    [InlineData("shop-dns", "dns64-prefix", ProbePath.Dns64, "192.0.2.64:53", null, Outcome.Pass, "discovery finds 2001:db8:64::/96")]
    [InlineData("shop-web", "dns64-real-aaaa", ProbePath.Dns64, "www.shop.test", null, Outcome.Pass, "own AAAA (2001:db8:80::80) unchanged")]
    [InlineData("v4only-web", "dns64-real-aaaa", ProbePath.Dns64, "v4only.shop.test", null, Outcome.Skipped, "no real AAAA")]
    [InlineData("signed-web", "dns64-dnssec", ProbePath.Dns64, "signed.shop.test", null, Outcome.Warn, "DNSSEC-signed and has only A records")]
    [InlineData("v4only-web", "dns64-dnssec", ProbePath.Dns64, "v4only.shop.test", null, Outcome.Pass, "not signed")]
    [InlineData("shop-web", "dns64-dnssec", ProbePath.Dns64, "www.shop.test", null, Outcome.Pass, "AAAA records of its own")]
    // COEX3012: large answers come truncated over UDP and whole over TCP, on every path.
    [InlineData("shop-dns", "dns-large-answer", ProbePath.V6, "ns1.shop.test", "2001:db8:53::3", Outcome.Pass, "big.shop.test AAAA came truncated over UDP")]
    [InlineData("shop-dns", "dns-large-answer", ProbePath.Nat64, "ns1.shop.test", "2001:db8:64::c633:6403", Outcome.Pass, "whole over TCP (1722 octets, 60 records)")]
    [InlineData("frag-dns", "dns-large-answer", ProbePath.V6, "ns.frag.test", "2001:db8:53::16", Outcome.Fail, "sent a 1722-octet UDP answer")]
    [InlineData("frag-dns", "dns-large-answer", ProbePath.V4, "ns.frag.test", "198.51.100.16", Outcome.Fail, "although the query allowed 1232")]
    [InlineData("frag-dns", "dns-large-answer", ProbePath.V6, "ns1.shop.test", "2001:db8:53::3", Outcome.Pass, "truncated over UDP")]
    [InlineData("glue-dns", "dns-large-answer", ProbePath.V6, "ns.glue.test", "2001:db8:53::14", Outcome.Skipped, "no answer over 1232 octets to test with")]
    public void Verdict(string service, string check, ProbePath path, string target, string? address, Outcome outcome, string detail)
    {
        var result = world.Of(service).Single(check, path, target, address);

        Assert.True(outcome == result.Outcome, $"expected {outcome}, got {result.Outcome}: {result.Detail}");
        Assert.Contains(detail, result.Detail);
        Assert.Equal(DnsRules.All.Single(r => r.Check == check).Id, result.RuleId);
    }

    [Fact]
    public void Every_check_has_a_verdict_on_every_path_of_every_service_it_concerns()
    {
        foreach (var service in DnsWorld.Services)
        {
            foreach (var check in Coexist.Probes.Dns.DnsProbe.Checks.Where(c => c.AppliesTo(service)))
            {
                foreach (var path in DnsWorld.Paths)
                {
                    var results = world.Of(service.Name).Where(r => r.Check == check.Rule.Check && r.Path == path).ToList();
                    Assert.True(results.Count > 0, $"{service.Name} {check.Rule.Check} {path}: no result");
                    if (!check.Paths.Contains(path))
                        Assert.Equal(Outcome.Skipped, Assert.Single(results).Outcome);
                }
            }
        }
    }

    [Fact]
    public void Nothing_is_an_error_where_the_probe_could_test_except_where_no_server_answers_with_authority()
    {
        var errors = world.Results.Where(r => r.Outcome == Outcome.Error).ToList();
        Assert.All(errors, e => Assert.Equal("lame-dns", e.Service));
    }

    [Fact]
    public void Failing_server_results_carry_each_exchange_as_evidence()
    {
        var result = world.Of("udp-only-dns").Single("dns-ns-reachable", ProbePath.V6, "ns.udp-only.test", "2001:db8:53::12");

        var exchanges = result.Evidence!["exchanges"]!.AsArray();
        Assert.Equal(4, exchanges.Count);
        Assert.Equal(["udp", "tcp", "udp", "tcp"], exchanges.Select(e => e!["transport"]!.GetValue<string>()));
        Assert.Equal(["Answered", "NetworkError", "Answered", "NetworkError"], exchanges.Select(e => e!["outcome"]!.GetValue<string>()));
        Assert.True(exchanges[0]!["aa"]!.GetValue<bool>());
        Assert.Equal(53, result.Port);
        Assert.Equal("v6", result.Evidence["path"]!.GetValue<string>());
    }

    [Fact]
    public void Translated_results_name_the_server_address_behind_the_prefix()
    {
        var result = world.Of("shop-dns").Single("dns-ns-reachable", ProbePath.Nat64, "ns1.shop.test", "2001:db8:64::c633:6403");

        Assert.Equal("2001:db8:64::/96", result.Evidence!["nat64Prefix"]!.GetValue<string>());
        Assert.Equal("198.51.100.3", result.Evidence["serverAddresses"]![0]!.GetValue<string>());
    }

    [Fact]
    public void The_vantage_point_found_the_prefix_through_discovery_and_the_translator_through_the_resolver()
    {
        var vantage = world.Session.Vantage;

        Assert.Equal(DnsWorld.Prefix, vantage.Prefix);
        Assert.Equal(Coexist.Probes.Engine.Nat64PrefixSource.Discovered, vantage.PrefixSource);
        Assert.True(vantage.Nat64!.Usable, vantage.Nat64.Detail);
        Assert.Contains("carried a DNS query to 192.0.2.53:53", vantage.Nat64.Detail);
        Assert.True(vantage.Dns64!.Usable, vantage.Dns64.Detail);
    }
}
