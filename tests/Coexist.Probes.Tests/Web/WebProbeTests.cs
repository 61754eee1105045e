using Coexist.Model;
using Coexist.Probes.Tests.Support;
using Coexist.Probes.Web;

namespace Coexist.Probes.Tests.Web;

/// <summary>
/// Every web check's verdict on v4, v6, nat64 and dns64 for each site of the loopback <see cref="WebWorld"/>: a
/// healthy dual-stack site and one broken case per rule, served by real Kestrel servers.
/// </summary>
public sealed class WebProbeTests(WebWorld world) : IClassFixture<WebWorld>
{
    private void Expect(string service, string check, string v4, string v6, string nat64, string dns64, Func<ProbeResult, bool>? only = null)
    {
        foreach (var (path, expected) in new[] { (ProbePath.V4, v4), (ProbePath.V6, v6), (ProbePath.Nat64, nat64), (ProbePath.Dns64, dns64) })
        {
            var results = world.Of(service, check, path).Where(r => only is null || r.Outcome == Outcome.Skipped && r.Address is null || only(r)).ToList();
            Assert.True(results.Count > 0, $"no {check} result for {service} on {WireNames.Of(path)}");
            foreach (var result in results)
            {
                Assert.True(WireNames.Of(result.Outcome) == expected,
                    $"{service} {check} {WireNames.Of(path)} {result.Address} port {result.Port}: expected {expected}, got {WireNames.Of(result.Outcome)}: {result.Detail}\n{world.Results.Where(r => r.Service == service).Describe()}");
                Assert.Equal(WebRules.All.Single(r => r.Check == check).Id, result.RuleId);
            }
        }
    }

    private ProbeResult One(string service, string check, ProbePath path, int? port = null) =>
        Assert.Single(world.Of(service, check, path), r => port is null || r.Port == port);

    [Fact]
    public void A_healthy_dual_stack_site_passes_every_check_on_every_path()
    {
        foreach (var check in new[] { "web-reach", "web-http", "web-tls", "web-resources" })
            Expect("same", check, "pass", "pass", "pass", "pass");
        foreach (var check in new[] { "web-ports", "web-status", "web-content", "web-tls-chain", "web-ipv4-literal", "web-hosting" })
            Expect("same", check, "skipped", "pass", "pass", "pass");
        Assert.Equal(2, world.Of("same", "web-reach", ProbePath.V6).Count());
        var http = One("same", "web-http", ProbePath.V6, 443);
        Assert.Equal(WebWorld.Site.SameV6, http.Address);
        Assert.Matches($"^HTTP 200 OK from {WebWorld.Site.SameV6} port 443 in [0-9]+ ms, title \"www.shop.test\"$", http.Detail);
        Assert.Equal("main/1.0", http.Evidence!["fetch"]!["headers"]!["server"]!.GetValue<string>());
        var nat64 = One("same", "web-http", ProbePath.Nat64, 80);
        Assert.Equal(WebWorld.Prefix.Embed(System.Net.IPAddress.Parse(WebWorld.Site.SameV4)).ToString(), nat64.Address);
    }

    [Fact]
    public void The_certificate_is_trusted_through_the_private_CA_and_its_chain_is_compared()
    {
        var tls = One("same", "web-tls", ProbePath.V6, 443);
        Assert.Contains("trusted through --ca-file", tls.Detail);
        Assert.Equal("ca-file", tls.Evidence!["fetch"]!["tls"]!["trustedBy"]!.GetValue<string>());
        Assert.Equal(2, tls.Evidence["fetch"]!["tls"]!["chainSha256"]!.AsArray().Count);
        Assert.StartsWith("the same certificate chain as over IPv4 (198.51.100.80)", One("same", "web-tls-chain", ProbePath.V6, 443).Detail);
    }

    [Fact]
    public void An_IPv4_only_site_fails_reach_and_http_on_v6_and_passes_through_NAT64_and_DNS64()
    {
        Expect("v4only", "web-reach", "pass", "fail", "pass", "pass");
        Expect("v4only", "web-http", "pass", "fail", "pass", "pass");
        Expect("v4only", "web-tls", "pass", "skipped", "pass", "pass");
        foreach (var check in new[] { "web-ports", "web-status", "web-content", "web-tls-chain", "web-hosting", "web-ipv4-literal" })
            Expect("v4only", check, "skipped", "skipped", "pass", "pass");
        Assert.Contains("no AAAA", One("v4only", "web-reach", ProbePath.V6).Detail);
        Assert.Contains("COEX4001 reports it", One("v4only", "web-content", ProbePath.V6).Detail);
        Assert.Equal("same-server", One("v4only", "web-hosting", ProbePath.Dns64).Evidence!["hostingPattern"]!.GetValue<string>());
    }

    [Fact]
    public void A_site_whose_IPv6_server_serves_another_page_fails_content_and_is_a_dedicated_IPv6_server()
    {
        Expect("split", "web-content", "skipped", "fail", "pass", "fail");
        Expect("split", "web-status", "skipped", "pass", "pass", "pass");
        Expect("split", "web-tls", "pass", "pass", "pass", "pass");
        Expect("split", "web-tls-chain", "skipped", "warn", "pass", "warn");
        Expect("split", "web-hosting", "skipped", "pass", "pass", "pass");
        var content = One("split", "web-content", ProbePath.V6, 80);
        Assert.Matches(@"^another page than over IPv4 \(198\.51\.100\.82\): distance [0-9.]+, above 10$", content.Detail);
        Assert.True(content.Evidence!["content"]!["textDistance"]!.GetValue<double>() > 10);
        Assert.Equal("dedicated-ipv6-server", One("split", "web-hosting", ProbePath.V6).Evidence!["hostingPattern"]!.GetValue<string>());
        Assert.Contains("server \"other/2.0\" against \"main/1.0\"", One("split", "web-hosting", ProbePath.V6).Detail);
        Assert.Equal("same-server", One("split", "web-hosting", ProbePath.Nat64).Evidence!["hostingPattern"]!.GetValue<string>());
        Assert.StartsWith("another certificate than over IPv4", One("split", "web-tls-chain", ProbePath.V6, 443).Detail);
    }

    [Fact]
    public void A_script_from_an_IPv4_literal_fails_resources_and_literals_on_every_IPv6_only_path()
    {
        Expect("literal", "web-resources", "pass", "fail", "fail", "fail");
        Expect("literal", "web-ipv4-literal", "skipped", "fail", "fail", "fail");
        Assert.Equal("2 of 2 resources of the page load over IPv4; the reference for the other paths", One("literal", "web-resources", ProbePath.V4).Detail);
        var v6 = One("literal", "web-resources", ProbePath.V6);
        Assert.StartsWith("1 of 2 resources load on the v6 path against 2 over IPv4: score 0.50; not loading: http://198.51.100.81/app.js", v6.Detail);
        Assert.Contains("an IPv6-only client cannot connect to it", v6.Detail);
        Assert.Equal(0.5, v6.Evidence!["score"]!.GetValue<double>());
        var literal = One("literal", "web-ipv4-literal", ProbePath.Nat64);
        Assert.Contains("<script src> http://198.51.100.81/app.js", literal.Detail);
    }

    [Fact]
    public void An_IPv6_address_without_port_443_fails_reach_and_port_parity()
    {
        Expect("ports", "web-ports", "skipped", "fail", "pass", "fail");
        Assert.Equal(Outcome.Pass, One("ports", "web-reach", ProbePath.V6, 80).Outcome);
        var closed = One("ports", "web-reach", ProbePath.V6, 443);
        Assert.Equal(Outcome.Fail, closed.Outcome);
        Assert.Contains("connection refused", closed.Detail);
        Assert.Equal($"{WebWorld.Site.PortsV6} does not accept port 443, which IPv4 ({WebWorld.Site.PortsV4}) accepts", One("ports", "web-ports", ProbePath.V6).Detail);
    }

    [Fact]
    public void A_server_error_over_IPv6_fails_http_and_status_parity()
    {
        Expect("status", "web-http", "pass", "fail", "pass", "fail");
        Expect("status", "web-status", "skipped", "fail", "pass", "fail");
        Assert.Equal("HTTP 503 Service Unavailable, but over IPv4 198.51.100.85: HTTP 200 OK", One("status", "web-status", ProbePath.V6, 80).Detail);
    }

    [Fact]
    public void A_certificate_for_another_name_on_IPv6_fails_tls_and_differs_from_the_IPv4_chain()
    {
        Expect("cert", "web-tls", "pass", "fail", "pass", "fail");
        Expect("cert", "web-tls-chain", "skipped", "warn", "pass", "warn");
        Assert.Contains("is not valid for cert.shop.test: it does not name cert.shop.test (it names other.test)", One("cert", "web-tls", ProbePath.V6).Detail);
        // The page itself is still compared: the probe accepted the certificate to judge the rest.
        Expect("cert", "web-content", "skipped", "pass", "pass", "pass");
    }

    [Fact]
    public void One_image_on_an_IPv4_only_host_of_ten_warns_on_v6_and_loads_through_NAT64_and_DNS64()
    {
        Expect("partial", "web-resources", "pass", "warn", "pass", "pass");
        var v6 = One("partial", "web-resources", ProbePath.V6);
        Assert.StartsWith("9 of 10 resources load on the v6 path against 10 over IPv4: score 0.90; not loading: http://cdn4.shop.test/img/cdn.png", v6.Detail);
        Assert.Contains("no AAAA", v6.Detail);
        Expect("partial", "web-ipv4-literal", "skipped", "pass", "pass", "pass");
    }

    [Fact]
    public void On_dual_a_Happy_Eyeballs_client_gets_IPv6_where_it_works_and_IPv4_where_there_is_none()
    {
        var same = One("same", "web-http", ProbePath.Dual, 443);
        Assert.Equal(Outcome.Pass, same.Outcome);
        Assert.Equal(WebWorld.Site.SameV6, same.Address);
        var v4only = One("v4only", "web-http", ProbePath.Dual, 80);
        Assert.Equal(Outcome.Pass, v4only.Outcome);
        Assert.Equal(WebWorld.Site.V4OnlyV4, v4only.Address);
        Assert.Equal(Outcome.Pass, One("same", "web-reach", ProbePath.Dual, 443).Outcome);
        // A dual-stack browser meets the IPv6 server of split, and sees its other page.
        Assert.Equal(Outcome.Fail, One("split", "web-content", ProbePath.Dual, 443).Outcome);
    }

    [Fact]
    public void IPv4_is_fetched_once_however_many_paths_compare_with_it()
    {
        // Eight checks on three paths compare with the IPv4 page of www.shop.test; the server saw it once a port.
        Assert.Equal(1, world.Main.Requests(WebWorld.Site.Same, "/", world.Main.Http4));
        Assert.Equal(1, world.Main.Requests(WebWorld.Site.Same, "/", world.Main.Https4));
        Assert.Equal(1, world.Main.Requests(WebWorld.Site.Literal, "/style.css", world.Main.Https4));
        Assert.All(world.Results, r => Assert.NotEqual(Outcome.Error, r.Outcome));
    }
}
