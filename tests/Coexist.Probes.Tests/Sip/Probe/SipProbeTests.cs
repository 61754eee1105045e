using Coexist.Model;
using Coexist.Probes.Sip.Checks;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>Every COEX6xxx verdict on v4, v6, nat64 and dual, against scripted servers on loopback (<see cref="SipEstate"/>).</summary>
public sealed class SipProbeTests(SipEstate estate) : IClassFixture<SipEstate>
{
    private static readonly ProbePath[] Order = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dual];

    private void Expect(string service, string check, string v4, string v6, string nat64, string dual, string? transport = null)
    {
        foreach (var (path, expected) in Order.Zip([v4, v6, nat64, dual]))
        {
            var all = estate.Of(service, check, path).ToList();
            Assert.True(all.Count > 0, $"no {check} result for {service} on {WireNames.Of(path)}");
            var results = transport is null ? all : all.Where(r => Transport(r) == transport).ToList();
            // A check skipped as a whole names no target: the transport filter does not apply to it.
            if (results.Count == 0 && expected == "skipped" && all.All(r => r.Outcome == Outcome.Skipped)) continue;
            Assert.True(results.Count > 0, $"no {transport} {check} result for {service} on {WireNames.Of(path)}:\n{all.Describe()}");
            foreach (var result in results)
                Assert.True(WireNames.Of(result.Outcome) == expected, $"{service} {check} {WireNames.Of(path)}: expected {expected}, got {WireNames.Of(result.Outcome)}: {result.Detail}");
        }
    }

    private static string? Transport(ProbeResult r) => (r.Evidence?["target"]?["transport"] ?? r.Evidence?["transport"])?.GetValue<string>();

    private ProbeResult One(string service, string check, ProbePath path, string? transport = null, string? request = null) =>
        Assert.Single(estate.Of(service, check, path), r => (transport is null || Transport(r) == transport)
            && (request is null || r.Evidence?["request"]?.GetValue<string>() == request));

    [LoopbackFact]
    public void A_healthy_dual_stack_service_passes_natively_and_shows_the_NAT64_mixed_family_case()
    {
        Expect("good", "sip-discovery", "pass", "pass", "pass", "pass");
        Expect("good", "sip-options", "pass", "pass", "pass", "pass", "udp");
        Expect("good", "sip-options", "pass", "pass", "pass", "pass", "tcp");
        Expect("good", "sip-options", "skipped", "skipped", "skipped", "skipped", "tls");
        Expect("good", "sip-ipv6-syntax", "pass", "pass", "pass", "pass");
        // Through NAT64 the server sees IPv4 and answers in IPv4: a translator rewrites neither SIP nor SDP.
        Expect("good", "sip-address-family", "pass", "pass", "warn", "pass");
        Expect("good", "sip-media-family", "pass", "pass", "fail", "pass");
        Expect("good", "sip-ice-families", "skipped", "skipped", "skipped", "skipped");
        Expect("good", "sip-anat", "pass", "pass", "pass", "pass");
        Expect("good", "sip-udp-size", "pass", "pass", "pass", "pass");

        var v6 = One("good", "sip-options", ProbePath.V6, "udp");
        Assert.Equal("2001:db8:5060::40", v6.Address);
        Assert.Equal(5060, v6.Port);
        Assert.Matches(@"^udp \[2001:db8:5060::40\]:5060 answered 200 OK in [0-9.]+ ms$", v6.Detail);
        Assert.Equal(200, v6.Evidence!["options"]!["status"]!.GetValue<int>());
        Assert.Equal("IPv6", v6.Evidence["signallingFamily"]!.GetValue<string>());
        Assert.Equal("all-ip", v6.Evidence["serviceModel"]!["telephony"]!.GetValue<string>());

        var dual = One("good", "sip-options", ProbePath.Dual, "udp");
        Assert.Equal("2001:db8:5060::40", dual.Address);
        var nat64 = One("good", "sip-media-family", ProbePath.Nat64);
        Assert.Contains("IN IP4 198.51.100.40 is IPv4, the signalling is IPv6", nat64.Detail);
        Assert.Contains("a translator does not rewrite addresses inside SDP", nat64.Detail);
        Assert.Equal(SipServiceModel.MixedFamilies, nat64.Evidence!["serviceModel"]!["case"]!.GetValue<string>());
        Assert.Equal(SipServiceModel.SameFamily, One("good", "sip-media-family", ProbePath.V6).Evidence!["serviceModel"]!["case"]!.GetValue<string>());
        var received = One("good", "sip-address-family", ProbePath.Nat64, "udp", "OPTIONS");
        Assert.Contains("Via received=198.51.100.200: the server saw the translator's IPv4 address", received.Evidence!["notes"]![0]!.GetValue<string>());
    }

    [LoopbackFact]
    public void A_server_with_an_IPv4_Contact_and_SDP_over_IPv6_fails_the_family_checks_on_v6()
    {
        Expect("v4contact", "sip-discovery", "pass", "pass", "pass", "pass");
        Expect("v4contact", "sip-options", "pass", "pass", "pass", "pass", "udp");
        Expect("v4contact", "sip-address-family", "pass", "fail", "warn", "fail");
        Expect("v4contact", "sip-media-family", "pass", "fail", "fail", "fail");

        var contact = One("v4contact", "sip-address-family", ProbePath.V6, "udp", "OPTIONS");
        Assert.Contains("Contact <sip:198.51.100.41:5060> of 200 OPTIONS is an IPv4 address (198.51.100.41) on an IPv6 flow", contact.Detail);
        var media = One("v4contact", "sip-media-family", ProbePath.V6);
        Assert.StartsWith("udp [2001:db8:5060::41]:5060: answer in 200: session c= (for m=audio) IN IP4 198.51.100.41 is IPv4, the signalling is IPv6", media.Detail);
        Assert.False(media.Evidence!["media"]!["sameFamily"]!.GetValue<bool>());
        Assert.Equal("SRV", One("v4contact", "sip-discovery", ProbePath.V4).Evidence!["discovery"]!["source"]!.GetValue<string>());
    }

    [LoopbackFact]
    public void An_IPv4_only_service_fails_v6_for_want_of_AAAA_and_is_reached_through_NAT64()
    {
        Expect("v4only", "sip-discovery", "pass", "fail", "pass", "pass");
        Expect("v4only", "sip-options", "pass", "fail", "pass", "pass", "udp");
        Expect("v4only", "sip-address-family", "pass", "skipped", "warn", "pass");
        Expect("v4only", "sip-media-family", "pass", "fail", "fail", "pass");

        var v6 = One("v4only", "sip-discovery", ProbePath.V6);
        Assert.Contains("no AAAA", v6.Detail);
        Assert.Equal(SipServiceModel.NeedsIPv6Servers, v6.Evidence!["serviceModel"]!["case"]!.GetValue<string>());
        Assert.Equal("2001:db8:64::c633:642a", One("v4only", "sip-options", ProbePath.Nat64, "udp").Address);
    }

    [LoopbackFact]
    public void Unbracketed_IPv6_in_Contact_and_bracketed_IPv6_in_SDP_fail_the_syntax_check_while_an_unbracketed_received_is_only_noted()
    {
        Expect("careless", "sip-discovery", "skipped", "skipped", "skipped", "skipped");
        Expect("careless", "sip-ipv6-syntax", "pass", "fail", "pass", "fail");

        var options = Assert.Single(estate.Of("careless", "sip-ipv6-syntax", ProbePath.V6), r => r.Evidence!["request"]!.GetValue<string>() == "OPTIONS" && Transport(r) == "udp");
        Assert.Contains("Contact <sip:2001:db8:5060::43;transport=udp> of 200 OPTIONS writes IPv6 2001:db8:5060::43 without brackets", options.Detail);
        Assert.Contains("Via received=::1 (unbracketed", options.Evidence!["notes"]![0]!.GetValue<string>());
        var invite = Assert.Single(estate.Of("careless", "sip-ipv6-syntax", ProbePath.V6), r => r.Evidence!["request"]!.GetValue<string>() == "INVITE");
        Assert.Contains("SDP c=IN IP6 [2001:db8:5060::43] brackets an IPv6 address", invite.Detail);
    }

    [LoopbackFact]
    public void Replies_over_1300_octets_on_UDP_warn_on_every_path()
    {
        Expect("oversized", "sip-udp-size", "warn", "warn", "warn", "warn");
        Expect("good", "sip-udp-size", "pass", "pass", "pass", "pass");

        var result = One("oversized", "sip-udp-size", ProbePath.V6);
        var received = result.Evidence!["sizes"]!["largestReceived"]!.GetValue<int>();
        Assert.True(received > 1300, $"{received}");
        Assert.Contains($"the server sent a {received}-octet datagram, over the 1300 octets RFC 3261 §18.1.1 allows", result.Detail);
        Assert.Equal("answers", result.Evidence["sizes"]!["tcp"]!.GetValue<string>());
    }

    [LoopbackFact]
    public void A_silent_server_fails_OPTIONS_and_INVITE_after_retransmissions_and_leaves_nothing_else_to_judge()
    {
        Expect("silent", "sip-options", "fail", "fail", "fail", "fail", "udp");
        Expect("silent", "sip-options", "fail", "fail", "fail", "fail", "tcp");
        Expect("silent", "sip-ipv6-syntax", "skipped", "skipped", "skipped", "skipped");
        Expect("silent", "sip-media-family", "fail", "fail", "fail", "fail");
        Expect("silent", "sip-anat", "skipped", "skipped", "skipped", "skipped");
        Expect("silent", "sip-udp-size", "skipped", "skipped", "skipped", "skipped");

        var udp = One("silent", "sip-options", ProbePath.V4, "udp");
        // 3.6 s of budget: sends at 0, 0.5, 1.5 and 3.5 s (Timer E, RFC 3261 §17.1.2.2); a loaded machine runs late
        // and fits fewer. SipCallTests times the schedule itself.
        Assert.InRange(udp.Evidence!["options"]!["sends"]!.GetValue<int>(), 2, 4);
        // The transaction gets what opening the socket left of the 3.6 s, so a loaded machine shows 3.59 s or so.
        Assert.Matches(@"no final response to OPTIONS within 3\.(6|5[0-9]*) s after [2-4] sends", udp.Detail);
        var media = One("silent", "sip-media-family", ProbePath.V4);
        Assert.Contains("nothing to CANCEL (RFC 3261 §9.1)", media.Detail);
        Assert.DoesNotContain(estate.Silent.Methods, m => m.EndsWith("CANCEL", StringComparison.Ordinal) || m.EndsWith("BYE", StringComparison.Ordinal));
    }

    [LoopbackFact]
    public void A_hostile_server_gets_fail_verdicts_with_its_noise_counted_and_cut()
    {
        Expect("hostile", "sip-options", "fail", "fail", "fail", "fail", "udp");
        Expect("hostile", "sip-options", "fail", "fail", "fail", "fail", "tcp");

        var udp = One("hostile", "sip-options", ProbePath.V4, "udp").Evidence!["options"]!;
        Assert.True(udp["unreadable"]!.GetValue<int>() >= 2, udp.ToJsonString());
        Assert.True(udp["unmatched"]!.GetValue<int>() >= 1, udp.ToJsonString());
        var tcp = One("hostile", "sip-options", ProbePath.V4, "tcp");
        Assert.Contains("unreadable message on the stream", tcp.Detail);
        Assert.All(estate.Results.Where(r => r.Service == "hostile"), r => Assert.DoesNotContain('\0', r.Evidence?.ToJsonString() ?? ""));
    }

    [LoopbackFact]
    public void ICE_candidates_of_one_family_warn_both_families_pass_and_ANAT_warns()
    {
        Expect("ice-one-family", "sip-ice-families", "warn", "warn", "warn", "warn");
        Expect("ice-both", "sip-ice-families", "pass", "pass", "pass", "pass");
        Expect("anat", "sip-anat", "warn", "warn", "warn", "warn");
        // The ANAT answer rejects the other family's stream (port 0): the accepted one is in the right family.
        Expect("anat", "sip-media-family", "pass", "pass", "fail", "pass");

        Assert.Contains("ICE candidates are all IPv6 (1 IPv6)", One("ice-one-family", "sip-ice-families", ProbePath.V6).Detail);
        Assert.Contains("a=group:ANAT 1 2", One("anat", "sip-anat", ProbePath.V4).Detail);
    }

    [LoopbackFact]
    public void A_refused_offer_fails_the_media_check_and_skips_the_others()
    {
        Expect("refuses", "sip-media-family", "fail", "fail", "fail", "fail");
        Expect("refuses", "sip-ice-families", "skipped", "skipped", "skipped", "skipped");
        Assert.Contains("was refused with 488 Not Acceptable Here", One("refuses", "sip-media-family", ProbePath.V6).Detail);
    }

    [LoopbackFact]
    public void Discovery_warns_about_the_RFC_3263_fallback_and_about_NAPTR_records_that_lead_nowhere()
    {
        Expect("fallback", "sip-discovery", "warn", "warn", "warn", "warn");
        Assert.Contains("clients fall back to its own addresses", One("fallback", "sip-discovery", ProbePath.V4).Detail);
        Expect("fallback", "sip-options", "pass", "pass", "pass", "pass", "udp");

        var dangling = estate.Of("dangling", "sip-discovery", ProbePath.V4).ToList();
        Assert.Contains(dangling, r => r.Outcome == Outcome.Pass && r.Target == "sip.shop.test");
        var warning = Assert.Single(dangling, r => r.Outcome == Outcome.Warn);
        Assert.Contains("NAPTR points TCP at _sip._tcp.dangling.shop.test, which has no SRV records", warning.Detail);
    }

    [LoopbackFact]
    public void Relay_telephony_skips_the_IPv6_subscriber_paths_and_probes_media_gateways_with_OPTIONS_only()
    {
        foreach (var check in SipRules.All.Select(r => r.Check))
        {
            foreach (var path in new[] { ProbePath.V6, ProbePath.Nat64 })
                Assert.All(estate.Of("relay", check, path), r => Assert.Equal(Outcome.Skipped, r.Outcome));
        }
        var v4 = estate.Of("relay", "sip-options", ProbePath.V4).Where(r => Transport(r) == "udp").ToList();
        Assert.Equal(["media-gateway", "sip-server"], v4.Select(r => r.Evidence!["serviceModel"]!["role"]!.GetValue<string>()).Order());
        Assert.All(v4, r => Assert.Equal(SipServiceModel.Relay, r.Evidence!["serviceModel"]!["case"]!.GetValue<string>()));
        Assert.All(estate.Of("relay", "sip-media-family", ProbePath.V4), r => Assert.Equal("sip.shop.test", r.Target));
        Assert.Contains("relay telephony", estate.Of("relay", "sip-options", ProbePath.V6).First().Detail);
    }

    [LoopbackFact]
    public void Without_allow_invite_the_media_checks_are_skipped_and_no_INVITE_is_sent()
    {
        foreach (var check in new[] { "sip-media-family", "sip-ice-families", "sip-anat" })
        {
            var results = estate.WithoutInvite.Where(r => r.Check == check).ToList();
            Assert.Equal(SipEstate.Paths.Count, results.Count);
            Assert.All(results, r => Assert.Equal(Outcome.Skipped, r.Outcome));
            Assert.All(results, r => Assert.Contains("--allow-invite", r.Detail));
        }
        Assert.Contains(estate.WithoutInvite, r => r.Check == "sip-options" && r.Outcome == Outcome.Pass);
    }

    [LoopbackFact]
    public void Every_call_of_the_run_was_ended_with_ACK_and_BYE_and_every_result_carries_its_rule()
    {
        var methods = estate.Good.Methods.Where(m => !m.EndsWith("OPTIONS", StringComparison.Ordinal)).ToList();
        Assert.Equal(methods.Count(m => m.EndsWith("INVITE", StringComparison.Ordinal)), methods.Count(m => m.EndsWith("BYE", StringComparison.Ordinal)));
        Assert.Equal(methods.Count(m => m.EndsWith("INVITE", StringComparison.Ordinal)), methods.Count(m => m.EndsWith("ACK", StringComparison.Ordinal)));
        Assert.All(estate.Results, r => Assert.Matches("^COEX600[1-8]$", r.RuleId));
        Assert.All(estate.Results.Where(r => r.Check == "sip-media-family" && r.Outcome != Outcome.Skipped && r.Evidence?["invite"] is not null),
            r => Assert.False(r.Evidence!["invite"]!["mayBeLeftUp"]!.GetValue<bool>(), r.Detail));
    }
}
