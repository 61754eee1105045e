using System.Net;
using System.Text.RegularExpressions;
using Coexist.Lab.Tests.Fixture;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail;
using Coexist.Probes.Paths;
using Xunit.Abstractions;

namespace Coexist.Lab.Tests.Probes;

/// <summary>
/// The mail probe against the lab's real postfix, bind9, tayga and DNS64 resolver, from the dual-stack root
/// namespace: every mail case of lab.json as a mail service (its domain), on v4, v6, nat64 (through tayga) and dns64.
/// The expected verdicts follow from each case's facts (starttlsIPv6, spfCoversIPv6, dmarc ...); postfix's own log
/// shows that no session went beyond EHLO, STARTTLS and QUIT.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class MailProbeLabTests(LabFixture fixture, ITestOutputHelper output)
{
    private static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64];
    private static Task<(LabProbeRun Run, long LogOffset)>? _run;

    private LabDescription Lab => fixture.Lab;

    /// <summary>The run, and where postfix's log stood before it (what the run logged comes after).</summary>
    private Task<(LabProbeRun Run, long LogOffset)> RunAsync() => LazyInitializer.EnsureInitialized(ref _run, async () =>
    {
        var logOffset = new FileInfo(Lab.Server("mail").Log).Length;
        return (await LabProbeRun.RunAsync(LabProbeRun.Settings(Lab, TimeSpan.FromSeconds(20)), Services(), Paths, new MailProbe()), logOffset);
    });

    /// <summary>Each mail case as the service that shows it: its mail domain, MX discovery included.</summary>
    private IEnumerable<ServiceSpec> Services() =>
        Lab.CasesOfKind("mail").Select(c => new ServiceSpec { Name = c.Id, Kind = ServiceKind.Mail, Domain = c.Fact("domain") });

    private async Task<IReadOnlyList<ProbeResult>> ResultsAsync(string service, string check, ProbePath path)
    {
        var ((_, results), _) = await RunAsync();
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
                    $"{service} {check} {WireNames.Of(path)} {result.Target} {result.Address}: expected {expected}, got {WireNames.Of(result.Outcome)}: {result.Detail}");
            }
        }
    }

    private static string PassOrFail(bool pass) => pass ? "pass" : "fail";

    [LabFact]
    public async Task The_vantage_point_sees_both_families_and_a_working_translator()
    {
        var ((vantage, _), _) = await RunAsync();

        Assert.True(vantage.IPv4.Usable && vantage.IPv6.Usable, string.Join("; ", vantage.Describe()));
        Assert.Equal(Lab.Nat64.Prefix, vantage.Prefix);
        Assert.True(vantage.Nat64!.Usable, vantage.Nat64.Detail);
    }

    [LabFact]
    public async Task The_dual_stack_MTA_passes_everything_on_every_path()
    {
        const string id = "mail-dual-stack";
        await ExpectAsync(id, "mail-mx", "pass", "pass", "pass", "pass");
        await ExpectAsync(id, "mail-smtp", "pass", "pass", "pass", "pass");
        await ExpectAsync(id, "mail-starttls", "pass", "pass", "pass", "pass");
        await ExpectAsync(id, "mail-parity", "skipped", "pass", "pass", "pass");
        await ExpectAsync(id, "mail-spf", "skipped", "pass", "skipped", "skipped");
        await ExpectAsync(id, "mail-ptr", "skipped", "pass", "skipped", "skipped");
        await ExpectAsync(id, "mail-dmarc", "skipped", "pass", "skipped", "skipped");
    }

    [LabFact]
    public async Task Each_path_reaches_the_address_lab_json_gives_and_postfix_greets_with_the_MX_name()
    {
        foreach (var mta in Lab.CasesOfKind("mail").Where(c => c.IPv4.Count > 0))
        {
            var nat64 = Assert.Single(await ResultsAsync(mta.Id, "mail-smtp", ProbePath.Nat64));
            Assert.Equal(mta.Nat64[0].ToString(), nat64.Address);
            Assert.Equal(Lab.Nat64.Prefix.Embed(mta.IPv4[0]), IPAddress.Parse(nat64.Address!));
            Assert.StartsWith($"220 {mta.Name} ", (string)nat64.Evidence!["smtp"]!["banner"]!, StringComparison.Ordinal);
            var v4 = Assert.Single(await ResultsAsync(mta.Id, "mail-smtp", ProbePath.V4));
            Assert.Equal(mta.IPv4[0].ToString(), v4.Address);
            Assert.Contains($"port 25: greeted in", v4.Detail);
        }
    }

    [LabFact]
    public async Task An_IPv4_only_MTA_fails_mx_aaaa_and_is_reached_through_NAT64_and_DNS64()
    {
        const string id = "mail-v4-only";
        Assert.Empty(Lab.Case(id).IPv6);
        await ExpectAsync(id, "mail-mx", "pass", "fail", "pass", "pass");
        await ExpectAsync(id, "mail-smtp", "pass", "skipped", "pass", "pass");
        await ExpectAsync(id, "mail-starttls", "pass", "skipped", "pass", "pass");
        await ExpectAsync(id, "mail-parity", "skipped", "skipped", "pass", "pass");
        // No IPv6 sender: nothing for SPF and PTR to cover (its SPF lists IPv4 only, spfCoversIPv6=no).
        await ExpectAsync(id, "mail-spf", "skipped", "skipped", "skipped", "skipped");
        await ExpectAsync(id, "mail-ptr", "skipped", "skipped", "skipped", "skipped");
        await ExpectAsync(id, "mail-dmarc", "skipped", PassOrFail(Lab.Case(id).FactIsYes("dmarc")), "skipped", "skipped");
        var mx = Assert.Single(await ResultsAsync(id, "mail-mx", ProbePath.V6));
        Assert.Contains($"MX host {Lab.Case(id).Name} has no AAAA record", mx.Detail);
        var dns64 = Assert.Single(await ResultsAsync(id, "mail-smtp", ProbePath.Dns64));
        Assert.Equal(Lab.Case(id).Nat64[0].ToString(), dns64.Address);
    }

    [LabFact]
    public async Task An_IPv6_listener_without_STARTTLS_fails_on_v6_and_dns64_and_not_through_NAT64()
    {
        const string id = "mail-v6-no-starttls";
        var mta = Lab.Case(id);
        Assert.False(mta.FactIsYes("starttlsIPv6"));
        await ExpectAsync(id, "mail-mx", "pass", "pass", "pass", "pass");
        await ExpectAsync(id, "mail-smtp", "pass", "pass", "pass", "pass");
        // dns64 gets the real AAAA, so the IPv6 listener; nat64 goes through tayga to the IPv4 one.
        await ExpectAsync(id, "mail-starttls", PassOrFail(mta.FactIsYes("starttlsIPv4")), "fail", "pass", "fail");
        await ExpectAsync(id, "mail-parity", "skipped", "fail", "pass", "fail");
        var parity = Assert.Single(await ResultsAsync(id, "mail-parity", ProbePath.V6));
        Assert.Contains("offers less than over IPv4: EHLO lacks STARTTLS", parity.Detail);
        var starttls = Assert.Single(await ResultsAsync(id, "mail-starttls", ProbePath.V6));
        Assert.Equal(mta.IPv6[0].ToString(), starttls.Address);
        Assert.Contains("EHLO does not offer STARTTLS", starttls.Detail);
    }

    [LabFact]
    public async Task SPF_PTR_and_DMARC_of_the_IPv6_senders_follow_the_lab_facts()
    {
        foreach (var mta in Lab.CasesOfKind("mail").Where(c => c.IPv6.Count > 0))
        {
            var spf = Assert.Single(await ResultsAsync(mta.Id, "mail-spf", ProbePath.V6));
            Assert.True(WireNames.Of(spf.Outcome) == PassOrFail(mta.FactIsYes("spfCoversIPv6")), $"{mta.Id}: {spf.Outcome} {spf.Detail}");
            Assert.Equal(mta.IPv6[0].ToString(), spf.Address);
        }
        var unconfirmed = Lab.Case("dns-ptr-unconfirmed");
        var ptr = Assert.Single(await ResultsAsync("mail-v6-no-starttls", "mail-ptr", ProbePath.V6));
        Assert.Equal(Outcome.Fail, ptr.Outcome);
        Assert.Contains($"→ PTR {unconfirmed.Fact("ptr")}", ptr.Detail);
        Assert.Contains("not forward-confirmed", ptr.Detail);

        // mail-notls6 has no DMARC record of its own (dmarc=no); under RFC 7489 §6.6.3 receivers then take the
        // organizational domain's, coexist.test's p=reject, so the verdict is a warning that says so.
        Assert.False(Lab.Case("mail-v6-no-starttls").FactIsYes("dmarc"));
        var dmarc = Assert.Single(await ResultsAsync("mail-v6-no-starttls", "mail-dmarc", ProbePath.V6));
        Assert.Equal(Outcome.Warn, dmarc.Outcome);
        Assert.Contains($"no DMARC record at _dmarc.{Lab.Case("mail-v6-no-starttls").Fact("domain")}; receivers fall back to the organizational domain {Lab.Zone}", dmarc.Detail);
    }

    [LabFact]
    public async Task A_null_MX_domain_is_recognised_and_nothing_is_dialled()
    {
        const string id = "mail-null-mx";
        await ExpectAsync(id, "mail-mx", "pass", "pass", "pass", "pass");
        await ExpectAsync(id, "mail-smtp", "skipped", "skipped", "skipped", "skipped");
        await ExpectAsync(id, "mail-starttls", "skipped", "skipped", "skipped", "skipped");
        await ExpectAsync(id, "mail-spf", "skipped", "skipped", "skipped", "skipped");
        await ExpectAsync(id, "mail-dmarc", "skipped", PassOrFail(Lab.Case(id).FactIsYes("dmarc")), "skipped", "skipped");
        var mx = Assert.Single(await ResultsAsync(id, "mail-mx", ProbePath.V6));
        Assert.Contains("null MX (RFC 7505)", mx.Detail);
    }

    [LabFact]
    public async Task STARTTLS_negotiates_TLS_with_the_lab_certificate_for_the_MX_name()
    {
        var result = Assert.Single(await ResultsAsync("mail-dual-stack", "mail-starttls", ProbePath.V6));

        var tls = result.Evidence!["smtp"]!["tls"]!;
        Assert.Matches("^Tls1[23]$", (string)tls["protocol"]!);
        Assert.Contains(Lab.Case("mail-dual-stack").Name, tls["certificate"]!["dnsNames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["Connect", "Banner", "Ehlo", "StartTls", "TlsHandshake", "EhloAfterTls", "Quit"],
            result.Evidence["smtp"]!["steps"]!.AsArray().Select(s => (string)s!["step"]!));
    }

    [LabFact]
    public async Task Postfix_logged_only_EHLO_STARTTLS_and_QUIT_from_the_probe()
    {
        var ((_, results), offset) = await RunAsync();
        var log = Lab.Server("mail").Log;
        // One session per address however many paths and checks use it (dns64 reuses the v6 and nat64 sessions).
        var sessions = results.Where(r => r.Check == "mail-smtp" && r.Outcome == Outcome.Pass).Select(r => r.Address).Distinct().Count();
        // postlogd writes asynchronously: wait for the sessions' disconnect lines.
        List<string> disconnects = [];
        for (var wait = 0; wait < 50; wait++)
        {
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(offset, SeekOrigin.Begin);
            disconnects = [.. (await new StreamReader(stream).ReadToEndAsync()).Split('\n').Where(l => l.Contains(" disconnect from ", StringComparison.Ordinal))];
            if (disconnects.Count >= sessions) break;
            await Task.Delay(100);
        }

        Assert.True(disconnects.Count >= sessions, $"{disconnects.Count} disconnect lines for {sessions} sessions:\n{string.Join('\n', disconnects)}");
        foreach (var line in disconnects)
        {
            // "disconnect from unknown[2001:db8:c0e:f0::2] ehlo=2 starttls=1 quit=1 commands=4"
            var commands = CommandCounts().Matches(line).Select(m => m.Groups[1].Value).Where(c => c != "commands").ToList();
            Assert.NotEmpty(commands);
            Assert.All(commands, c => Assert.Contains(c, new[] { "ehlo", "helo", "starttls", "quit" }));
        }
    }

    [LabFact]
    public async Task Every_step_of_every_session_is_timed_and_within_4_seconds()
    {
        var ((_, results), _) = await RunAsync();
        var sessions = results.Where(r => r.Check == "mail-smtp" && r.Outcome == Outcome.Pass).ToList();
        Assert.NotEmpty(sessions);
        var table = new List<string> { "path   address                     connect banner  ehlo    starttls tls     ehlo-tls quit   (ms)" };
        foreach (var result in sessions.OrderBy(r => r.Path).ThenBy(r => r.Address))
        {
            var steps = result.Evidence!["smtp"]!["steps"]!.AsArray().ToDictionary(s => (string)s!["step"]!, s => (double)s!["ms"]!);
            Assert.All(steps, s => Assert.True(s.Value < Coexist.Probes.Mail.Smtp.SmtpLimits.BannerTimeout.TotalMilliseconds, $"{result.Service} {result.Path} {s.Key}: {s.Value} ms"));
            string Ms(string step) => steps.TryGetValue(step, out var ms) ? ms.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture).PadRight(8) : "-".PadRight(8);
            table.Add($"{WireNames.Of(result.Path),-6} {result.Address,-27} {Ms("Connect")}{Ms("Banner")}{Ms("Ehlo")}{Ms("StartTls")}{Ms("TlsHandshake")}{Ms("EhloAfterTls")}{Ms("Quit")}");
        }
        foreach (var line in table) output.WriteLine(line);
    }

    [LabFact]
    public async Task Nothing_in_the_lab_is_an_error()
    {
        var ((_, results), _) = await RunAsync();
        Assert.DoesNotContain(results, r => r.Outcome == Outcome.Error);
    }

    [GeneratedRegex(@" ([a-z]+)=[0-9]+(/[0-9]+)?")]
    private static partial Regex CommandCounts();
}
