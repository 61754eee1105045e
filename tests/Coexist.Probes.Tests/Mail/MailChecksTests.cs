using Coexist.Model;
using Coexist.Probes.Mail;
using Coexist.Probes.Mail.Smtp;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Mail;

/// <summary>Every COEX5xxx check, healthy and broken, on the paths it is judged on (see <see cref="MailWorld"/>).</summary>
public sealed class MailChecksTests(MailWorld world) : IClassFixture<MailWorld>
{
    private const string Mx4 = "2001:db8:64::c633:6419", Mx4Nat64Of26 = "2001:db8:64::c633:641a", Nat64Of27 = "2001:db8:64::c633:641b", Nat64Of28 = "2001:db8:64::c633:641c";

    [Theory]
    // COEX5001: an address for every MX host on every path; null MX; an MX that is an alias.
    [InlineData("shop-mail", "mail-mx", ProbePath.V4, "mx.shop.test", null, Outcome.Pass, "mx.shop.test has 198.51.100.25 on the v4 path")]
    [InlineData("shop-mail", "mail-mx", ProbePath.V6, "mx.shop.test", null, Outcome.Pass, "2001:db8:25::25")]
    [InlineData("shop-mail", "mail-mx", ProbePath.Nat64, "mx.shop.test", null, Outcome.Pass, Mx4 + " (= 198.51.100.25)")]
    [InlineData("shop-mail", "mail-mx", ProbePath.Dns64, "mx.shop.test", null, Outcome.Pass, "2001:db8:25::25 on the dns64 path")]
    [InlineData("v4only-mail", "mail-mx", ProbePath.V6, "mx4.shop.test", null, Outcome.Fail, "MX host mx4.shop.test has no AAAA record: IPv6-only senders cannot deliver to it")]
    [InlineData("v4only-mail", "mail-mx", ProbePath.Nat64, "mx4.shop.test", null, Outcome.Pass, Mx4Nat64Of26)]
    [InlineData("v4only-mail", "mail-mx", ProbePath.Dns64, "mx4.shop.test", null, Outcome.Pass, Mx4Nat64Of26 + " (= 198.51.100.26)")]
    [InlineData("null-mail", "mail-mx", ProbePath.V6, "nullmx.shop.test", null, Outcome.Pass, "null MX (RFC 7505): it accepts no mail; nothing to reach")]
    [InlineData("mixed-mail", "mail-mx", ProbePath.V6, "mixed.shop.test", null, Outcome.Fail, "a null MX beside 1 other MX record(s); RFC 7505 §3")]
    [InlineData("mixed-mail", "mail-mx", ProbePath.V6, "mx.shop.test", null, Outcome.Pass, "2001:db8:25::25")]
    [InlineData("v6only-mail", "mail-mx", ProbePath.V4, "mx6only.shop.test", null, Outcome.Fail, "MX host mx6only.shop.test has no A record")]
    [InlineData("v6only-mail", "mail-mx", ProbePath.Siit, "mx6only.shop.test", null, Outcome.Pass, "198.51.100.60 (= 2001:db8:25::60) on the siit path")]
    [InlineData("shop-mail", "mail-mx", ProbePath.Siit, "mx.shop.test", null, Outcome.Skipped, "no address of mx.shop.test is in the SIIT map")]
    [InlineData("alias-mail", "mail-mx", ProbePath.V6, "mxalias.shop.test", null, Outcome.Warn, "mxalias.shop.test is an alias of mx.shop.test: an MX must name a host, not a CNAME (RFC 2181 §10.3")]
    // COEX5002: the dialogue on every path, port 25 unless the service says otherwise; hostile MTAs fail with their reason.
    [InlineData("shop-mail", "mail-smtp", ProbePath.V4, "mx.shop.test", "198.51.100.25", Outcome.Pass, "198.51.100.25 port 25: greeted in")]
    [InlineData("shop-mail", "mail-smtp", ProbePath.V6, "mx.shop.test", "2001:db8:25::25", Outcome.Pass, "EHLO answered in")]
    [InlineData("shop-mail", "mail-smtp", ProbePath.Nat64, "mx.shop.test", Mx4, Outcome.Pass, Mx4 + " (= 198.51.100.25) port 25: greeted")]
    [InlineData("shop-mail", "mail-smtp", ProbePath.Dns64, "mx.shop.test", "2001:db8:25::25", Outcome.Pass, "QUIT in")]
    [InlineData("v4only-mail", "mail-smtp", ProbePath.V6, "mx4.shop.test", null, Outcome.Skipped, "(COEX5001 judges that)")]
    [InlineData("v4only-mail", "mail-smtp", ProbePath.Nat64, "mx4.shop.test", Mx4Nat64Of26, Outcome.Pass, "greeted")]
    [InlineData("v4only-mail", "mail-smtp", ProbePath.Dns64, "mx4.shop.test", Mx4Nat64Of26, Outcome.Pass, "greeted")]
    [InlineData("null-mail", "mail-smtp", ProbePath.V6, "nullmx.shop.test", null, Outcome.Skipped, "null MX")]
    [InlineData("submission", "mail-smtp", ProbePath.V6, "smtp.shop.test", "2001:db8:25::30", Outcome.Pass, "port 587: greeted")]
    [InlineData("submissions", "mail-smtp", ProbePath.V4, "smtps.shop.test", "198.51.100.31", Outcome.Pass, "port 465: greeted")]
    [InlineData("silent-mail", "mail-smtp", ProbePath.V4, "silent.shop.test", "198.51.100.40", Outcome.Fail, "198.51.100.40 port 25: no first line of the reply within 4 s")]
    [InlineData("silent-mail", "mail-smtp", ProbePath.V6, "silent.shop.test", "2001:db8:25::40", Outcome.Fail, "no first line of the reply within 4 s")]
    [InlineData("flood-mail", "mail-smtp", ProbePath.V4, "flood.shop.test", "198.51.100.41", Outcome.Fail, "a reply line longer than 512 octets")]
    [InlineData("tlsdrop-mail", "mail-smtp", ProbePath.V4, "tlsdrop.shop.test", "198.51.100.42", Outcome.Pass, "the session ended at TLS (TlsHandshake), which COEX5003 judges")]
    [InlineData("literal-mail", "mail-smtp", ProbePath.V6, "2001:db8:25::25", "2001:db8:25::25", Outcome.Pass, "greeted")]
    [InlineData("literal-mail", "mail-smtp", ProbePath.V4, "2001:db8:25::25", null, Outcome.Skipped, "the v4 path needs the other family")]
    [InlineData("v6only-mail", "mail-smtp", ProbePath.Siit, "mx6only.shop.test", "198.51.100.60", Outcome.Pass, "198.51.100.60 (= 2001:db8:25::60) port 25: greeted")]
    // COEX5003: STARTTLS offered and negotiated; implicit TLS on 465.
    [InlineData("shop-mail", "mail-starttls", ProbePath.V4, "mx.shop.test", "198.51.100.25", Outcome.Pass, "STARTTLS negotiated Tls1")]
    [InlineData("shop-mail", "mail-starttls", ProbePath.V6, "mx.shop.test", "2001:db8:25::25", Outcome.Pass, "certificate not valid here")]
    [InlineData("shop-mail", "mail-starttls", ProbePath.Nat64, "mx.shop.test", Mx4, Outcome.Pass, "STARTTLS negotiated")]
    [InlineData("notls6-mail", "mail-starttls", ProbePath.V4, "mx6.shop.test", "198.51.100.27", Outcome.Pass, "STARTTLS negotiated")]
    [InlineData("notls6-mail", "mail-starttls", ProbePath.V6, "mx6.shop.test", "2001:db8:25::27", Outcome.Fail, "EHLO does not offer STARTTLS")]
    [InlineData("notls6-mail", "mail-starttls", ProbePath.Nat64, "mx6.shop.test", Nat64Of27, Outcome.Pass, "STARTTLS negotiated")]
    [InlineData("notls6-mail", "mail-starttls", ProbePath.Dns64, "mx6.shop.test", "2001:db8:25::27", Outcome.Fail, "mail to this address travels in clear text")]
    [InlineData("stripped-mail", "mail-starttls", ProbePath.Nat64, "mxstrip.shop.test", Nat64Of28, Outcome.Fail, "EHLO does not offer STARTTLS")]
    [InlineData("submission", "mail-starttls", ProbePath.Nat64, "smtp.shop.test", "2001:db8:64::c633:641e", Outcome.Pass, "port 587: STARTTLS negotiated")]
    [InlineData("submissions", "mail-starttls", ProbePath.V6, "smtps.shop.test", "2001:db8:25::31", Outcome.Pass, "port 465: implicit TLS (RFC 8314): Tls1")]
    [InlineData("silent-mail", "mail-starttls", ProbePath.V4, "silent.shop.test", "198.51.100.40", Outcome.Skipped, "(COEX5002 judges that)")]
    [InlineData("tlsdrop-mail", "mail-starttls", ProbePath.V4, "tlsdrop.shop.test", "198.51.100.42", Outcome.Fail, "STARTTLS was accepted but the TLS handshake failed")]
    // COEX5004: the same extensions and TLS as over IPv4.
    [InlineData("shop-mail", "mail-parity", ProbePath.V6, "mx.shop.test", "2001:db8:25::25", Outcome.Pass, "the same extensions as over IPv4 (PIPELINING, SIZE, 8BITMIME, STARTTLS, ENHANCEDSTATUSCODES), TLS on both")]
    [InlineData("shop-mail", "mail-parity", ProbePath.Nat64, "mx.shop.test", Mx4, Outcome.Pass, "the same extensions as over IPv4")]
    [InlineData("notls6-mail", "mail-parity", ProbePath.V6, "mx6.shop.test", "2001:db8:25::27", Outcome.Fail, "offers less than over IPv4: EHLO lacks STARTTLS")]
    [InlineData("notls6-mail", "mail-parity", ProbePath.Dns64, "mx6.shop.test", "2001:db8:25::27", Outcome.Fail, "EHLO lacks STARTTLS")]
    [InlineData("notls6-mail", "mail-parity", ProbePath.Nat64, "mx6.shop.test", Nat64Of27, Outcome.Pass, "TLS on both")]
    [InlineData("stripped-mail", "mail-parity", ProbePath.Nat64, "mxstrip.shop.test", Nat64Of28, Outcome.Fail, "offers less than over IPv4: EHLO lacks STARTTLS")]
    [InlineData("stripped-mail", "mail-parity", ProbePath.V6, "mxstrip.shop.test", "2001:db8:25::28", Outcome.Pass, "the same extensions")]
    [InlineData("v4only-mail", "mail-parity", ProbePath.V6, "mx4.shop.test", null, Outcome.Skipped, "nothing to compare on the v6 path")]
    [InlineData("v4only-mail", "mail-parity", ProbePath.Nat64, "mx4.shop.test", Mx4Nat64Of26, Outcome.Pass, "the same extensions")]
    [InlineData("silent-mail", "mail-parity", ProbePath.V6, "silent.shop.test", "2001:db8:25::40", Outcome.Skipped, "no IPv4 session of silent.shop.test reached EHLO")]
    [InlineData("v6only-mail", "mail-parity", ProbePath.Siit, "mx6only.shop.test", "198.51.100.60", Outcome.Pass, "the same extensions as over IPv6")]
    // COEX5005: SPF authorizes the IPv6 senders.
    [InlineData("shop-mail", "mail-spf", ProbePath.V6, "mx.shop.test", "2001:db8:25::25", Outcome.Pass, "the SPF of shop.test authorizes 2001:db8:25::25: mx (in shop.test) (1 of 10 DNS lookups)")]
    [InlineData("stripped-mail", "mail-spf", ProbePath.V6, "mxstrip.shop.test", "2001:db8:25::28", Outcome.Pass, "a:mxstrip.shop.test (in stripped.shop.test)")]
    [InlineData("notls6-mail", "mail-spf", ProbePath.V6, "mx6.shop.test", "2001:db8:25::27", Outcome.Fail, "the SPF of notls6.shop.test gives fail for 2001:db8:25::27, not pass")]
    [InlineData("v4only-mail", "mail-spf", ProbePath.V6, "v4only.shop.test", null, Outcome.Skipped, "no MTA of v4only.shop.test has an IPv6 address")]
    [InlineData("nospf-mail", "mail-spf", ProbePath.V6, "nospf.shop.test", null, Outcome.Fail, "nospf.shop.test publishes no SPF record")]
    [InlineData("submission", "mail-spf", ProbePath.V6, null, null, Outcome.Skipped, "add domain: to check SPF")]
    // COEX5006: forward-confirmed PTR for the MTAs' IPv6 addresses and the single hosts SPF names.
    [InlineData("shop-mail", "mail-ptr", ProbePath.V6, "mx.shop.test", "2001:db8:25::25", Outcome.Pass, "2001:db8:25::25 → PTR mx.shop.test → 2001:db8:25::25: forward-confirmed")]
    [InlineData("shop-mail", "mail-ptr", ProbePath.V6, "SPF of shop.test", "2001:db8:25::99", Outcome.Pass, "PTR out.shop.test")]
    [InlineData("notls6-mail", "mail-ptr", ProbePath.V6, "mx6.shop.test", "2001:db8:25::27", Outcome.Fail, "→ PTR mx.shop.test, but no such name has 2001:db8:25::27 among its AAAA records: not forward-confirmed")]
    [InlineData("stripped-mail", "mail-ptr", ProbePath.V6, "mxstrip.shop.test", "2001:db8:25::28", Outcome.Fail, "2001:db8:25::28 has no PTR record (NameError)")]
    [InlineData("submission", "mail-ptr", ProbePath.V6, "smtp.shop.test", "2001:db8:25::30", Outcome.Fail, "has no PTR record")]
    [InlineData("literal-mail", "mail-ptr", ProbePath.V6, "2001:db8:25::25", "2001:db8:25::25", Outcome.Pass, "forward-confirmed")]
    [InlineData("null-mail", "mail-ptr", ProbePath.V6, "nullmx.shop.test", null, Outcome.Skipped, "it has no MTA whose IPv6 addresses to check")]
    // COEX5007: DMARC, own or inherited.
    [InlineData("shop-mail", "mail-dmarc", ProbePath.V6, "shop.test", null, Outcome.Pass, "_dmarc.shop.test: p=reject, aggregate reports requested")]
    [InlineData("v4only-mail", "mail-dmarc", ProbePath.V6, "v4only.shop.test", null, Outcome.Pass, "p=none (monitoring only")]
    [InlineData("notls6-mail", "mail-dmarc", ProbePath.V6, "notls6.shop.test", null, Outcome.Warn, "no DMARC record at _dmarc.notls6.shop.test; receivers fall back to the organizational domain shop.test (RFC 7489 §6.6.3), whose record gives its subdomains p=reject")]
    [InlineData("nospf-mail", "mail-dmarc", ProbePath.V6, "nospf.shop.test", null, Outcome.Fail, "the required p tag is missing")]
    [InlineData("null-mail", "mail-dmarc", ProbePath.V6, "nullmx.shop.test", null, Outcome.Pass, "p=reject")]
    public void Verdict(string service, string check, ProbePath path, string? target, string? address, Outcome outcome, string detail)
    {
        var result = world.Of(service).Single(check, path, target, address);

        Assert.True(outcome == result.Outcome, $"expected {outcome}, got {result.Outcome}: {result.Detail}");
        Assert.Contains(detail, result.Detail);
        Assert.Equal(MailRules.All.Single(r => r.Check == check).Id, result.RuleId);
    }

    [Fact]
    public void Every_check_has_a_verdict_on_every_path_of_every_service()
    {
        foreach (var service in MailWorld.Services)
        {
            foreach (var check in MailProbe.Checks)
            {
                foreach (var path in MailWorld.Paths)
                {
                    var results = world.Of(service.Name).Where(r => r.Check == check.Rule.Check && r.Path == path).ToList();
                    Assert.True(results.Count > 0, $"{service.Name} {check.Rule.Check} {path}: no result");
                    if (!check.Paths.Contains(path)) Assert.Equal(Outcome.Skipped, Assert.Single(results).Outcome);
                }
            }
        }
    }

    [Fact]
    public void The_dual_path_races_the_families_as_a_client_would()
    {
        var result = world.Of("shop-mail").Single("mail-smtp", ProbePath.Dual, "mx.shop.test");

        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.Contains("(won the Happy Eyeballs race) port 25: greeted", result.Detail);
        Assert.NotNull(result.Evidence!["happyEyeballs"]);
    }

    [Fact]
    public void Nothing_is_an_error_the_hostile_MTAs_fail_and_the_rest_of_the_run_goes_on()
    {
        Assert.True(!world.Results.Any(r => r.Outcome == Outcome.Error), world.Results.Where(r => r.Outcome == Outcome.Error).Describe());
        Assert.All(world.Of("silent-mail").Where(r => r.Check == "mail-smtp" && r.Path is ProbePath.V4 or ProbePath.V6), r => Assert.Equal(Outcome.Fail, r.Outcome));
        Assert.All(world.Of("shop-mail").Where(r => r.Check == "mail-smtp" && r.Path != ProbePath.Siit), r => Assert.Equal(Outcome.Pass, r.Outcome));
        // The silent MTA costs its 4 s once per address, in parallel with everything else, well inside the check's deadline.
        Assert.True(world.Elapsed < TimeSpan.FromSeconds(14), world.Elapsed.ToString());
    }

    [Fact]
    public void Each_address_and_port_is_talked_to_once_however_many_checks_read_the_session()
    {
        // mx4 (IPv4 only) is read by mail-smtp and mail-starttls on v4 and dual and, as the IPv4 reference, by mail-parity
        // on nat64 and dns64: one session on v4, and one for the dual path's race, which only IPv4 can win.
        Assert.True(2 == world.Mtas["mx4.shop.test/v4"].Connections, string.Join(" | ", world.Mtas["mx4.shop.test/v4"].Received));
    }

    [Fact]
    public void No_MTA_ever_received_MAIL_RCPT_or_DATA()
    {
        var lines = world.AllMtas.SelectMany(m => m.Received).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Contains(line.Split(' ')[0], SmtpDialogue.AllowedCommands));
    }

    [Fact]
    public void SMTP_results_carry_the_timed_steps_and_the_TLS_session_as_evidence()
    {
        var result = world.Of("shop-mail").Single("mail-starttls", ProbePath.V6, "mx.shop.test", "2001:db8:25::25");

        var smtp = result.Evidence!["smtp"]!;
        Assert.Equal(25, result.Port);
        Assert.Equal(["Connect", "Banner", "Ehlo", "StartTls", "TlsHandshake", "EhloAfterTls", "Quit"], smtp["steps"]!.AsArray().Select(s => (string)s!["step"]!));
        Assert.Equal("220 mx.shop.test ESMTP coexist test", (string)smtp["banner"]!);
        Assert.Equal("CN=mx.shop.test", (string)smtp["tls"]!["certificate"]!["subject"]!);
        Assert.True(result.DurationMs > 0);
    }
}
