using System.Net;
using Coexist.Lab.Tests.Fixture;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Lab.Tests.Probes;

/// <summary>
/// The DNS probe against the lab's real bind9 servers, NAT64 (tayga) and DNS64 resolver, from the dual-stack root
/// namespace: the verdict of every DNS case, healthy and broken, on v4, v6, nat64 and dns64. Names, zones and
/// addresses come from lab.json; the expected verdicts are what each case was built to show.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class DnsProbeLabTests(LabFixture fixture)
{
    private static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64];
    private static Task<LabProbeRun>? _run;

    private LabDescription Lab => fixture.Lab;

    /// <summary>One probe run over every DNS case, shared by the tests of this class.</summary>
    private Task<LabProbeRun> RunAsync() => LazyInitializer.EnsureInitialized(ref _run, () => LabProbeRun.RunAsync(
        LabProbeRun.Settings(Lab, TimeSpan.FromSeconds(20)) with
        {
            // The lab's own documentation space is its public space; its private and ULA cases stay special.
            TreatAsPublic = [.. Lab.Host.Routes.Select(IPNetwork.Parse).Where(r => SpecialPurposeRegistry.Lookup(r.BaseAddress)?.Name.StartsWith("Documentation", StringComparison.Ordinal) == true)],
        },
        Services(),
        Paths,
        new DnsProbe()));

    /// <summary>Each DNS case as the service that shows it: zones as dns services, addresses as web hosts, PTR cases as mail hosts.</summary>
    private IEnumerable<ServiceSpec> Services()
    {
        foreach (var zoneCase in Lab.CasesOfKind("dns").Where(c => c.Expect.ContainsKey("zone")))
        {
            // The large RRset lives in the healthy zone: it is that zone's large-answer candidate.
            IReadOnlyList<string> hosts = zoneCase.Id == "dns-delegation" ? [Lab.Case("dns-large-rrset").Name] : [];
            yield return new ServiceSpec { Name = zoneCase.Id, Kind = ServiceKind.Dns, Zone = zoneCase.Fact("zone"), Hosts = hosts };
        }
        foreach (var id in new[] { "dns-v4mapped-aaaa", "dns-private-v4", "dns-ula-v6", "dns-signed-dual-stack", "dns-signed-a-only", "dns-large-rrset", "web-v4-only" })
            yield return new ServiceSpec { Name = id + "/names", Kind = ServiceKind.Web, Hosts = [Lab.Case(id).Name] };
        foreach (var id in new[] { "dns-ptr-confirmed", "dns-ptr-unconfirmed", "dns-ptr-missing" })
            yield return new ServiceSpec { Name = id + "/mail", Kind = ServiceKind.Mail, Hosts = [Lab.Case(id).Name] };
    }

    private async Task<IReadOnlyList<ProbeResult>> ResultsAsync(string service, string check, ProbePath path)
    {
        var (_, results) = await RunAsync();
        var found = results.Where(r => r.Service == service && r.Check == check && r.Path == path).ToList();
        Assert.True(found.Count > 0, $"no {check} result for {service} on {WireNames.Of(path)}");
        return found;
    }

    private async Task ExpectAsync(string service, string check, string v4, string v6, string nat64, string dns64, Func<ProbeResult, bool>? only = null)
    {
        foreach (var (path, expected) in new[] { (ProbePath.V4, v4), (ProbePath.V6, v6), (ProbePath.Nat64, nat64), (ProbePath.Dns64, dns64) })
        {
            var all = await ResultsAsync(service, check, path);
            var results = all.Where(only ?? (_ => true)).ToList();
            // A check skipped on a whole path names no server: the filter does not apply to it.
            if (results.Count == 0 && expected == "skipped" && all.All(r => r.Outcome == Outcome.Skipped)) continue;
            Assert.NotEmpty(results);
            foreach (var result in results)
            {
                Assert.True(WireNames.Of(result.Outcome) == expected,
                    $"{service} {check} {WireNames.Of(path)} {result.Target} {result.Address}: expected {expected}, got {WireNames.Of(result.Outcome)}: {result.Detail}");
            }
        }
    }

    private Func<ProbeResult, bool> Server(string name) => r => r.Target == name;

    [LabFact]
    public async Task The_vantage_point_sees_both_families_the_discovered_prefix_and_a_working_translator()
    {
        var (vantage, _) = await RunAsync();

        Assert.True(vantage.IPv4.Usable && vantage.IPv6.Usable, string.Join("; ", vantage.Describe()));
        Assert.Equal(Lab.Nat64.Prefix, vantage.Prefix);
        Assert.Equal(Nat64PrefixSource.Discovered, vantage.PrefixSource);
        Assert.True(vantage.Nat64!.Usable, vantage.Nat64.Detail);
        Assert.True(vantage.Dns64!.Usable, vantage.Dns64.Detail);
    }

    [LabFact]
    public async Task Healthy_delegation_passes_everywhere_but_prefix_diversity()
    {
        const string zone = "dns-delegation";
        await ExpectAsync(zone, "dns-ns-ipv6", "skipped", "pass", "skipped", "skipped");
        await ExpectAsync(zone, "dns-ns-reachable", "pass", "pass", "pass", "pass");
        await ExpectAsync(zone, "dns-glue", "pass", "pass", "skipped", "skipped");
        // Both name servers sit in the lab's one /24 and one /48: true, and worth the warning.
        await ExpectAsync(zone, "dns-ns-prefixes", "warn", "warn", "skipped", "skipped");
        await ExpectAsync(zone, "dns64-prefix", "skipped", "skipped", "skipped", "pass");
        Assert.Equal(Lab.Case(zone).IPv4.Count + Lab.Case(zone).IPv6.Count,
            (await ResultsAsync(zone, "dns-ns-reachable", ProbePath.V4)).Count + (await ResultsAsync(zone, "dns-ns-reachable", ProbePath.V6)).Count);
    }

    [LabFact]
    public async Task A_large_rrset_comes_truncated_over_UDP_and_whole_over_TCP_on_every_path()
    {
        await ExpectAsync("dns-delegation", "dns-large-answer", "pass", "pass", "pass", "pass");
        var v6 = (await ResultsAsync("dns-delegation", "dns-large-answer", ProbePath.V6))[0];
        Assert.Contains($"{Lab.Case("dns-large-rrset").Name} AAAA came truncated over UDP", v6.Detail);
        Assert.Contains($"{Lab.Case("dns-large-rrset").Fact("records")} records", v6.Detail);
    }

    [LabFact]
    public async Task A_zone_with_one_IPv6_name_server_fails_COEX3003_and_reaches_the_other_only_through_translation()
    {
        const string zone = "dns-ns-no-aaaa";
        var server = Lab.Case(zone).Fact("nameServer");
        await ExpectAsync(zone, "dns-ns-ipv6", "skipped", "fail", "skipped", "skipped");
        await ExpectAsync(zone, "dns-ns-reachable", "pass", "skipped", "pass", "pass", Server(server));
        await ExpectAsync(zone, "dns-glue", "pass", "pass", "skipped", "skipped", Server(server));
        var dns64 = (await ResultsAsync(zone, "dns-ns-reachable", ProbePath.Dns64)).Single(r => r.Target == server);
        Assert.Equal(Lab.Nat64.Prefix.Embed(Lab.Case(zone).IPv4[0]).ToString(), dns64.Address);
    }

    [LabFact]
    public async Task A_name_server_that_refuses_TCP_fails_COEX3004_on_every_path()
    {
        const string zone = "dns-udp-only";
        var server = Lab.Case(zone).Fact("nameServer");
        await ExpectAsync(zone, "dns-ns-reachable", "fail", "fail", "fail", "fail", Server(server));
        await ExpectAsync(zone, "dns-ns-reachable", "pass", "pass", "pass", "pass", r => r.Target != server);
        var v6 = (await ResultsAsync(zone, "dns-ns-reachable", ProbePath.V6)).Single(r => r.Target == server);
        Assert.Contains("SOA over TCP", v6.Detail);
        Assert.DoesNotContain("over UDP", v6.Detail);
    }

    [LabFact]
    public async Task Glue_that_differs_from_the_child_fails_COEX3005_for_both_families()
    {
        const string zone = "dns-glue-mismatch";
        var labCase = Lab.Case(zone);
        var server = labCase.Fact("nameServer");
        await ExpectAsync(zone, "dns-glue", "fail", "fail", "skipped", "skipped", Server(server));
        var v4 = (await ResultsAsync(zone, "dns-glue", ProbePath.V4)).Single(r => r.Target == server);
        Assert.Contains($"is {labCase.Fact("glueIPv4")}, but {server}'s zone says {labCase.Fact("childIPv4")}", v4.Detail);
        var v6 = (await ResultsAsync(zone, "dns-glue", ProbePath.V6)).Single(r => r.Target == server);
        Assert.Contains($"is {labCase.Fact("glueIPv6")}, but {server}'s zone says {labCase.Fact("childIPv6")}", v6.Detail);
        // Both addresses answer, so the servers themselves are fine.
        await ExpectAsync(zone, "dns-ns-reachable", "pass", "pass", "pass", "pass");
    }

    [LabFact]
    public async Task Address_cases_are_judged_per_path()
    {
        await ExpectAsync("dns-v4mapped-aaaa/names", "dns-aaaa", "skipped", "fail", "skipped", "skipped");
        await ExpectAsync("dns-v4mapped-aaaa/names", "dns-special-purpose", "pass", "fail", "pass", "pass");
        await ExpectAsync("dns-private-v4/names", "dns-aaaa", "skipped", "pass", "skipped", "skipped");
        await ExpectAsync("dns-private-v4/names", "dns-special-purpose", "fail", "pass", "fail", "pass");
        await ExpectAsync("dns-ula-v6/names", "dns-special-purpose", "pass", "fail", "pass", "fail");
        await ExpectAsync("dns-large-rrset/names", "dns-special-purpose", "skipped", "pass", "skipped", "pass");
        var mapped = (await ResultsAsync("dns-v4mapped-aaaa/names", "dns-special-purpose", ProbePath.V6))[0];
        Assert.Contains("IPv4-mapped Address (RFC 4291 §2.5.5.2)", mapped.Detail);
        var ula = (await ResultsAsync("dns-ula-v6/names", "dns-special-purpose", ProbePath.V6))[0];
        Assert.Contains($"{Lab.Case("dns-ula-v6").IPv6[0]} is Unique-Local (RFC 4193)", ula.Detail);
    }

    [LabFact]
    public async Task The_DNS64_resolver_synthesizes_for_IPv4_only_and_mapped_names_and_keeps_real_AAAA()
    {
        await ExpectAsync("web-v4-only/names", "dns64-synthesis", "skipped", "skipped", "skipped", "pass");
        await ExpectAsync("dns-v4mapped-aaaa/names", "dns64-synthesis", "skipped", "skipped", "skipped", "pass");
        await ExpectAsync("dns-ula-v6/names", "dns64-real-aaaa", "skipped", "skipped", "skipped", "pass");
        await ExpectAsync("dns-signed-dual-stack/names", "dns64-real-aaaa", "skipped", "skipped", "skipped", "pass");
        var v4Only = Lab.Case("web-v4-only");
        var synthesized = (await ResultsAsync("web-v4-only/names", "dns64-synthesis", ProbePath.Dns64))[0];
        Assert.Contains($"synthesized {Lab.Nat64.Prefix.Embed(v4Only.IPv4[0])} from A {v4Only.IPv4[0]} under {Lab.Nat64.Prefix}", synthesized.Detail);
    }

    [LabFact]
    public async Task A_signed_IPv4_only_name_is_flagged_and_a_signed_dual_stack_one_is_not()
    {
        await ExpectAsync("dns-signed-a-only/names", "dns64-dnssec", "skipped", "skipped", "skipped", "warn");
        await ExpectAsync("dns-signed-a-only/names", "dns-aaaa", "skipped", "fail", "skipped", "skipped");
        await ExpectAsync("dns-signed-a-only/names", "dns64-synthesis", "skipped", "skipped", "skipped", "pass");
        await ExpectAsync("dns-signed-dual-stack/names", "dns64-dnssec", "skipped", "skipped", "skipped", "pass");
        await ExpectAsync("dns-signed-dual-stack/names", "dns-aaaa", "skipped", "pass", "skipped", "skipped");
    }

    [LabFact]
    public async Task PTR_records_are_checked_for_forward_confirmation()
    {
        await ExpectAsync("dns-ptr-confirmed/mail", "dns-ptr", "pass", "pass", "skipped", "skipped");
        await ExpectAsync("dns-ptr-unconfirmed/mail", "dns-ptr", "pass", "fail", "skipped", "skipped");
        // www-split has no PTR for either family.
        await ExpectAsync("dns-ptr-missing/mail", "dns-ptr", "fail", "fail", "skipped", "skipped");
        var unconfirmed = (await ResultsAsync("dns-ptr-unconfirmed/mail", "dns-ptr", ProbePath.V6))[0];
        Assert.Contains($"PTR {Lab.Case("dns-ptr-unconfirmed").Fact("ptr")}", unconfirmed.Detail);
        Assert.Contains("not forward-confirmed", unconfirmed.Detail);
    }

    [LabFact]
    public async Task Nothing_in_the_lab_is_an_error()
    {
        var (_, results) = await RunAsync();
        Assert.DoesNotContain(results, r => r.Outcome == Outcome.Error);
    }
}
