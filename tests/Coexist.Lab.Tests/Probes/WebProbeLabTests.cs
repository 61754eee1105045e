using System.Net;
using Coexist.Lab.Tests.Fixture;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;
using Coexist.Probes.Web;

namespace Coexist.Lab.Tests.Probes;

/// <summary>
/// The web probe against the lab's real nginx (Debian), tayga (NAT64) and DNS64 resolver, from the dual-stack root
/// namespace: every check's verdict for every web case on v4, v6, nat64 and dns64, with the lab's test CA given
/// as --ca-file would. Names, addresses and the literal come from lab.json.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class WebProbeLabTests(LabFixture fixture)
{
    private static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64];
    private static Task<LabProbeRun>? _run;

    private LabDescription Lab => fixture.Lab;

    /// <summary>One probe run over every web case, shared by the tests of this class.</summary>
    private Task<LabProbeRun> RunAsync() => LazyInitializer.EnsureInitialized(ref _run, () => LabProbeRun.RunAsync(
        LabProbeRun.Settings(Lab, TimeSpan.FromSeconds(20)) with { CertificateAuthorities = CertificateAuthorities.Load([Lab.CaCertificate]) },
        Lab.CasesOfKind("web").Select(c => new ServiceSpec { Name = c.Id, Kind = ServiceKind.Web, Hosts = [c.Name], Ports = c.Ports }),
        Paths,
        new WebProbe()));

    private async Task<IReadOnlyList<ProbeResult>> ResultsAsync(string service, string check, ProbePath path)
    {
        var (_, results) = await RunAsync();
        var found = results.Where(r => r.Service == service && r.Check == check && r.Path == path).ToList();
        Assert.True(found.Count > 0, $"no {check} result for {service} on {WireNames.Of(path)}");
        return found;
    }

    private async Task ExpectAsync(string service, string check, string v4, string v6, string nat64, string dns64)
    {
        foreach (var (path, expected) in new[] { (ProbePath.V4, v4), (ProbePath.V6, v6), (ProbePath.Nat64, nat64), (ProbePath.Dns64, dns64) })
        {
            foreach (var result in await ResultsAsync(service, check, path))
            {
                Assert.True(WireNames.Of(result.Outcome) == expected,
                    $"{service} {check} {WireNames.Of(path)} {result.Address} port {result.Port}: expected {expected}, got {WireNames.Of(result.Outcome)}: {result.Detail}");
            }
        }
    }

    private async Task<ProbeResult> OneAsync(string service, string check, ProbePath path, int? port = null) =>
        Assert.Single(await ResultsAsync(service, check, path), r => port is null || r.Port == port);

    [LabFact]
    public async Task The_dual_stack_site_passes_every_check_on_every_path_with_the_lab_CA()
    {
        const string site = "web-dual-stack";
        foreach (var check in new[] { "web-reach", "web-http", "web-tls", "web-resources" })
            await ExpectAsync(site, check, "pass", "pass", "pass", "pass");
        foreach (var check in new[] { "web-ports", "web-status", "web-content", "web-tls-chain", "web-ipv4-literal", "web-hosting" })
            await ExpectAsync(site, check, "skipped", "pass", "pass", "pass");
        var labCase = Lab.Case(site);
        var v6 = await OneAsync(site, "web-http", ProbePath.V6, 443);
        Assert.Equal(labCase.IPv6[0].ToString(), v6.Address);
        Assert.StartsWith($"HTTP 200 OK from {labCase.IPv6[0]} port 443", v6.Detail);
        Assert.StartsWith("nginx", v6.Evidence!["fetch"]!["headers"]!["server"]!.GetValue<string>());
        var tls = await OneAsync(site, "web-tls", ProbePath.Nat64, 443);
        Assert.Equal(labCase.Nat64[0].ToString(), tls.Address);
        Assert.Contains("trusted through --ca-file", tls.Detail);
        Assert.Equal("same-server", (await OneAsync(site, "web-hosting", ProbePath.V6)).Evidence!["hostingPattern"]!.GetValue<string>());
    }

    [LabFact]
    public async Task The_IPv4_only_site_fails_on_v6_and_is_served_through_NAT64_and_DNS64()
    {
        const string site = "web-v4-only";
        await ExpectAsync(site, "web-reach", "pass", "fail", "pass", "pass");
        await ExpectAsync(site, "web-http", "pass", "fail", "pass", "pass");
        await ExpectAsync(site, "web-tls", "pass", "skipped", "pass", "pass");
        foreach (var check in new[] { "web-ports", "web-status", "web-content", "web-tls-chain", "web-ipv4-literal", "web-hosting" })
            await ExpectAsync(site, check, "skipped", "skipped", "pass", "pass");
        Assert.Contains("no AAAA", (await OneAsync(site, "web-reach", ProbePath.V6)).Detail);
        // DNS64 synthesized the address under the lab's prefix: tayga carried the request to the IPv4 server.
        var dns64 = await OneAsync(site, "web-http", ProbePath.Dns64, 80);
        Assert.Equal(Lab.Nat64.Prefix.Embed(Lab.Case(site).IPv4[0]).ToString(), dns64.Address);
    }

    [LabFact]
    public async Task The_site_whose_IPv6_vhost_serves_another_page_fails_content_on_v6_and_dns64()
    {
        const string site = "web-v6-content-differs";
        await ExpectAsync(site, "web-content", "skipped", "fail", "pass", "fail");
        await ExpectAsync(site, "web-status", "skipped", "pass", "pass", "pass");
        await ExpectAsync(site, "web-tls", "pass", "pass", "pass", "pass");
        // One nginx, one certificate: the same chain on both families.
        await ExpectAsync(site, "web-tls-chain", "skipped", "pass", "pass", "pass");
        await ExpectAsync(site, "web-hosting", "skipped", "pass", "pass", "pass");
        var content = await OneAsync(site, "web-content", ProbePath.V6, 443);
        Assert.Matches($@"^another page than over IPv4 \({Lab.Case(site).IPv4[0]}\): distance [0-9.]+, above 10$", content.Detail);
        // internet.nl's markup distance alone would call these the same website; the text distance does not.
        Assert.True(content.Evidence!["content"]!["markupDistance"]!.GetValue<double>() <= WebLimits.MaxContentDistance);
        Assert.True(content.Evidence["content"]!["textDistance"]!.GetValue<double>() > WebLimits.MaxContentDistance);
        var hosting = await OneAsync(site, "web-hosting", ProbePath.V6);
        Assert.Equal("dedicated-ipv6-server", hosting.Evidence!["hostingPattern"]!.GetValue<string>());
        Assert.Equal("same-server", (await OneAsync(site, "web-hosting", ProbePath.Nat64)).Evidence!["hostingPattern"]!.GetValue<string>());
    }

    [LabFact]
    public async Task The_script_from_an_IPv4_literal_fails_resources_and_literals_on_every_IPv6_only_path()
    {
        const string site = "web-v4-literal-script";
        var literal = Lab.Case(site).Fact("literal");
        await ExpectAsync(site, "web-resources", "pass", "fail", "fail", "fail");
        await ExpectAsync(site, "web-ipv4-literal", "skipped", "fail", "fail", "fail");
        await ExpectAsync(site, "web-content", "skipped", "pass", "pass", "pass");
        Assert.Equal("1 of 1 resources of the page load over IPv4; the reference for the other paths", (await OneAsync(site, "web-resources", ProbePath.V4)).Detail);
        var v6 = await OneAsync(site, "web-resources", ProbePath.V6);
        Assert.StartsWith($"0 of 1 resources load on the v6 path against 1 over IPv4: score 0.00; not loading: {literal}", v6.Detail);
        Assert.Contains($"<script src> {literal}", (await OneAsync(site, "web-ipv4-literal", ProbePath.Dns64)).Detail);
    }

    [LabFact]
    public async Task Nothing_in_the_lab_is_an_error_and_every_web_case_has_every_check_on_every_path()
    {
        var (vantage, results) = await RunAsync();
        Assert.True(vantage.IPv4.Usable && vantage.IPv6.Usable, string.Join("; ", vantage.Describe()));
        Assert.DoesNotContain(results, r => r.Outcome == Outcome.Error);
        foreach (var site in Lab.CasesOfKind("web"))
        {
            foreach (var rule in WebRules.All)
            {
                foreach (var path in Paths)
                    Assert.Contains(results, r => r.Service == site.Id && r.Check == rule.Check && r.Path == path);
            }
        }
    }
}
