using System.Net;
using Coexist.Lab.Tests.Fixture;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Checks;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Lab.Tests.Probes;

/// <summary>
/// The SIP probe against the lab's real kamailio instances (stateless: OPTIONS and INVITE answered 200 at once),
/// from the dual-stack root namespace, on v4, v6 and nat64 (through the lab's tayga), with --allow-invite: one
/// service per sip case of lab.json, discovered from its domain's NAPTR/SRV records. The expected verdicts are what
/// each case was built to show, and every call the run made must have been acknowledged and hung up.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SipProbeLabTests(LabFixture fixture)
{
    private static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64];
    private static Task<LabProbeRun>? _run;

    private LabDescription Lab => fixture.Lab;

    private async Task<IReadOnlyList<ProbeResult>> RunAsync() => (await LazyInitializer.EnsureInitialized(ref _run, () => LabProbeRun.RunAsync(
        LabProbeRun.Settings(Lab, TimeSpan.FromSeconds(10)),
        Lab.CasesOfKind("sip").Select(c => new ServiceSpec
        {
            Name = c.Id,
            Kind = ServiceKind.Sip,
            Telephony = Telephony.AllIp,
            Domain = c.Fact("domain"),
            Transports = [.. c.Fact("transports").Split(' ').Select(t => WireNames.Parse<SipTransport>(t, "transport"))],
        }),
        Paths,
        new SipProbe(new SipProbeOptions { AllowInvite = true })))).Results;

    private async Task ExpectAsync(string service, string check, string v4, string v6, string nat64, string? transport = null)
    {
        var results = await RunAsync();
        foreach (var (path, expected) in Paths.Zip([v4, v6, nat64]))
        {
            var found = results.Where(r => r.Service == service && r.Check == check && r.Path == path
                && (transport is null || Transport(r) == transport)).ToList();
            Assert.True(found.Count > 0, $"no {transport} {check} result for {service} on {WireNames.Of(path)}");
            foreach (var result in found)
            {
                Assert.True(WireNames.Of(result.Outcome) == expected,
                    $"{service} {check} {WireNames.Of(path)} {result.Target} {result.Address}: expected {expected}, got {WireNames.Of(result.Outcome)}: {result.Detail}");
            }
        }
    }

    private static string? Transport(ProbeResult r) => (r.Evidence?["target"]?["transport"] ?? r.Evidence?["transport"])?.GetValue<string>();

    private async Task<ProbeResult> OneAsync(string service, string check, ProbePath path, string? transport = null, string? request = null) =>
        Assert.Single(await RunAsync(), r => r.Service == service && r.Check == check && r.Path == path
            && (transport is null || Transport(r) == transport) && (request is null || r.Evidence?["request"]?.GetValue<string>() == request));

    [LabFact]
    public async Task The_dual_stack_kamailio_passes_natively_and_shows_the_mixed_family_case_through_NAT64()
    {
        const string id = "sip-dual-stack";
        var server = Lab.Case(id);
        await ExpectAsync(id, "sip-discovery", "pass", "pass", "pass");
        await ExpectAsync(id, "sip-options", "pass", "pass", "pass", "udp");
        await ExpectAsync(id, "sip-options", "pass", "pass", "pass", "tcp");
        // lab.json lists UDP and TCP: the kamailio instances have no TLS listener, and TLS is planned as skipped.
        var results = await RunAsync();
        Assert.All(Paths, path => Assert.Single(results, r => r.Service == id && r.Check == "sip-options" && r.Path == path
            && r.Outcome == Outcome.Skipped && r.Detail!.Contains("does not list TLS", StringComparison.Ordinal)));
        await ExpectAsync(id, "sip-ipv6-syntax", "pass", "pass", "pass");
        // kamailio behind tayga sees the pool's IPv4 address and answers in IPv4; NAT64 rewrites neither SIP nor SDP.
        await ExpectAsync(id, "sip-address-family", "pass", "pass", "warn");
        await ExpectAsync(id, "sip-media-family", "pass", "pass", "fail");
        await ExpectAsync(id, "sip-ice-families", "skipped", "skipped", "skipped");
        await ExpectAsync(id, "sip-anat", "pass", "pass", "pass");
        await ExpectAsync(id, "sip-udp-size", "pass", "pass", "pass");

        var v6 = await OneAsync(id, "sip-options", ProbePath.V6, "udp");
        Assert.Equal(server.IPv6[0].ToString(), v6.Address);
        Assert.Equal(server.Name, v6.Target);
        Assert.Equal($"NAPTR → SRV _sip._udp.{server.Fact("domain")}", v6.Evidence!["target"]!["source"]!.GetValue<string>());
        var media = await OneAsync(id, "sip-media-family", ProbePath.V6);
        Assert.Contains($"media at {server.IPv6[0]}, in the signalling's family (IPv6)", media.Detail);
        Assert.Equal(SipServiceModel.SameFamily, media.Evidence!["serviceModel"]!["case"]!.GetValue<string>());
        var nat64 = await OneAsync(id, "sip-media-family", ProbePath.Nat64);
        Assert.Equal(Lab.Nat64.Prefix.Embed(server.IPv4[0]).ToString(), nat64.Address);
        Assert.Contains($"IN IP4 {server.IPv4[0]} is IPv4, the signalling is IPv6", nat64.Detail);
        Assert.Equal(SipServiceModel.MixedFamilies, nat64.Evidence!["serviceModel"]!["case"]!.GetValue<string>());
        var received = await OneAsync(id, "sip-address-family", ProbePath.Nat64, "udp", "OPTIONS");
        var note = received.Evidence!["notes"]![0]!.GetValue<string>();
        var pool = IPNetwork.Parse(Lab.Nat64.Pool);
        Assert.Matches(@"^Via received=198\.51\.100\.\d+: the server saw the translator's IPv4 address", note);
        Assert.True(pool.Contains(IPAddress.Parse(note["Via received=".Length..note.IndexOf(':', StringComparison.Ordinal)])), note);
    }

    [LabFact]
    public async Task The_kamailio_with_an_IPv4_Contact_and_SDP_fails_the_family_checks_over_IPv6()
    {
        const string id = "sip-v4-contact";
        var server = Lab.Case(id);
        Assert.Equal("IPv4", server.Fact("contactOverIPv6"));
        await ExpectAsync(id, "sip-discovery", "pass", "pass", "pass");
        await ExpectAsync(id, "sip-options", "pass", "pass", "pass", "udp");
        await ExpectAsync(id, "sip-options", "pass", "pass", "pass", "tcp");
        await ExpectAsync(id, "sip-ipv6-syntax", "pass", "pass", "pass");
        await ExpectAsync(id, "sip-address-family", "pass", "fail", "warn");
        await ExpectAsync(id, "sip-media-family", "pass", "fail", "fail");

        var contact = await OneAsync(id, "sip-address-family", ProbePath.V6, "tcp", "OPTIONS");
        Assert.Contains($"Contact <sip:{server.IPv4[0]}:5060;transport=tcp> of 200 OPTIONS is an IPv4 address ({server.IPv4[0]}) on an IPv6 flow", contact.Detail);
        var media = await OneAsync(id, "sip-media-family", ProbePath.V6);
        Assert.Contains($"IN IP4 {server.IPv4[0]} is IPv4, the signalling is IPv6", media.Detail);
        Assert.Equal("IPv4", media.Evidence!["media"]!["connections"]![0]!["family"]!.GetValue<string>());
        Assert.Equal(SipServiceModel.MixedFamilies, media.Evidence["serviceModel"]!["case"]!.GetValue<string>());
    }

    [LabFact]
    public async Task The_IPv4_only_kamailio_fails_v6_for_want_of_AAAA_and_answers_through_NAT64()
    {
        const string id = "sip-v4-only";
        var server = Lab.Case(id);
        Assert.Empty(server.IPv6);
        await ExpectAsync(id, "sip-discovery", "pass", "fail", "pass");
        await ExpectAsync(id, "sip-options", "pass", "fail", "pass", "udp");
        await ExpectAsync(id, "sip-options", "pass", "fail", "pass", "tcp");
        await ExpectAsync(id, "sip-address-family", "pass", "skipped", "warn");
        await ExpectAsync(id, "sip-media-family", "pass", "fail", "fail");

        var v6 = await OneAsync(id, "sip-discovery", ProbePath.V6);
        Assert.Contains("no AAAA", v6.Detail);
        Assert.Equal(SipServiceModel.NeedsIPv6Servers, v6.Evidence!["serviceModel"]!["case"]!.GetValue<string>());
        Assert.Equal(server.Nat64[0].ToString(), (await OneAsync(id, "sip-options", ProbePath.Nat64, "udp")).Address);
    }

    [LabFact]
    public async Task Every_call_to_kamailio_was_answered_acknowledged_and_hung_up()
    {
        var calls = (await RunAsync()).Where(r => r.Check == "sip-media-family" && r.Evidence?["invite"] is not null).ToList();

        // Two dual-stack cases on three paths, the IPv4-only one on v4 and nat64.
        Assert.Equal(8, calls.Count);
        foreach (var call in calls)
        {
            var invite = call.Evidence!["invite"]!;
            var sequence = invite["transcript"]!.AsArray().Select(e => $"{e!["direction"]} {e["message"]}").ToList();
            Assert.Equal(["sent INVITE 1", "received 200 OK (INVITE)", "sent ACK 1", "sent BYE 2", "received 200 OK (BYE)"], sequence);
            Assert.False(invite["mayBeLeftUp"]!.GetValue<bool>());
            Assert.Equal("2xx", invite["ack"]!.GetValue<string>());
        }
    }
}
