using Coexist.Model;
using Coexist.Reports.Planning;
using static Coexist.Reports.Tests.Estate;

namespace Coexist.Reports.Tests;

/// <summary>
/// The planner on the cases of the source material (CONTEXT.md, seeds/): each assessment is built the way the
/// working group described the service, and the test asserts the pattern and answers the material gives.
/// </summary>
public class SeedCaseTests
{
    private static readonly PlanningContext ShopSchemas = PlanningContext.Default with
    {
        Schemas = [new SchemaRef("shop-db", "db/schema.sql", Live: false)],
    };

    private static ServicePlan PlanOf(Assessment assessment, PlanningContext? context = null) =>
        Assert.Single(Planner.Plan(assessment, context).Plans);

    [Fact]
    public void Web_on_private_IPv4_behind_an_LB_gets_dedicated_IPv6_front_servers_and_keeps_DB_access_on_IPv4()
    {
        // seeds/ipv6-coexistence-wg-service-migration.txt 104-119
        var web = Service("shop-web", ServiceKind.Web, Hosting.Dedicated, Addressing.PrivateV4BehindLb, backends: ["shop-db"]);
        var plan = PlanOf(new Assessment
        {
            Services = [web],
            Findings = [Schema("COEX2007", "db/schema.sql", "shop.allowed_hosts", "host", rows: 2_000_000)],
            Probes = [.. Probes(web, (ProbePath.V4, Outcome.Pass), (ProbePath.V6, Outcome.Fail), (ProbePath.Nat64, Outcome.Fail))],
        }, ShopSchemas);

        Assert.Equal("web-ipv6-front-private-v4", plan.Pattern.Id);
        Assert.Equal(Verdict.Yes, plan.AnswerTo(Question.Scalability).Verdict);
        Assert.Contains("adding web servers", plan.AnswerTo(Question.Scalability).Reason);
        Assert.Equal(Verdict.No, plan.AnswerTo(Question.Reachability).Verdict);
        var continuity = plan.AnswerTo(Question.Continuity);
        Assert.Equal(Verdict.WithChanges, continuity.Verdict);
        Assert.Contains("create new records", continuity.Reason);
        Assert.Contains("stays on private IPv4", continuity.Reason);
        Assert.Contains(continuity.Evidence, e => e.Kind == EvidenceKind.Finding && e.Index == 0);
        Assert.Equal("104-119", plan.Pattern.Source.Lines);
        Assert.Equal(2, plan.Pattern.ServersToAdd);
    }

    [Fact]
    public void Web_on_global_IPv4_grows_on_private_addresses_behind_the_LB()
    {
        // 135-148
        var web = Service("www", ServiceKind.Web, Hosting.Vps, Addressing.GlobalV4);
        var plan = PlanOf(new Assessment { Services = [web], Probes = [.. Probes(web, (ProbePath.V4, Outcome.Pass), (ProbePath.V6, Outcome.Fail))] });

        Assert.Equal("web-ipv6-front-global-v4", plan.Pattern.Id);
        Assert.Equal(Verdict.WithChanges, plan.AnswerTo(Question.Scalability).Verdict);
        Assert.Contains("private addresses", plan.AnswerTo(Question.Scalability).Reason);
        Assert.Equal(Verdict.Yes, plan.AnswerTo(Question.Continuity).Verdict);
    }

    [Fact]
    public void UDP_applications_on_global_IPv4_move_to_IPv6_with_the_service()
    {
        // 151-155
        var video = Service("video", ServiceKind.Web, Hosting.Dedicated, Addressing.GlobalV4, udp: true);
        var plan = PlanOf(new Assessment { Services = [video], Probes = [.. Probes(video, (ProbePath.V4, Outcome.Pass))] });

        Assert.Equal("udp-apps-move-to-ipv6", plan.Pattern.Id);
        Assert.Contains(plan.AlsoApplies, p => p.Id == "web-ipv6-front-global-v4");
        var continuity = plan.AnswerTo(Question.Continuity);
        Assert.Equal(Verdict.WithChanges, continuity.Verdict);
        Assert.Contains("multi-level NAT", continuity.Reason);
    }

    [Fact]
    public void Mail_on_private_IPv4_gets_a_dedicated_IPv6_MTA_and_appliances_to_check()
    {
        // 190-204
        var mail = Service("shop-mail", ServiceKind.Mail, Hosting.Dedicated, Addressing.PrivateV4BehindLb);
        var plan = PlanOf(new Assessment { Services = [mail], Probes = [.. Probes(mail, (ProbePath.V4, Outcome.Pass), (ProbePath.V6, Outcome.Pass))] });

        Assert.Equal("mail-ipv6-mta-private-v4", plan.Pattern.Id);
        Assert.Equal(Verdict.Yes, plan.AnswerTo(Question.Scalability).Verdict);
        Assert.Contains("MTA and spool servers", plan.AnswerTo(Question.Scalability).Reason);
        Assert.Equal(Verdict.Yes, plan.AnswerTo(Question.Reachability).Verdict);
        // Even without findings: the working group left anti-spam/anti-virus IPv6 support under investigation.
        Assert.Equal(Verdict.WithChanges, plan.AnswerTo(Question.Continuity).Verdict);
        Assert.Contains("Anti-spam", plan.AnswerTo(Question.Continuity).Reason);
        Assert.Contains(plan.Steps, s => s.Phase == StepPhase.Prepare && s.Text.Contains("anti-spam", StringComparison.Ordinal));
    }

    [Fact]
    public void Mail_on_global_IPv4_can_add_no_more_IPv4_MTAs()
    {
        // 206-211
        var mail = Service("mx", ServiceKind.Mail, Hosting.Housing, Addressing.GlobalV4);
        var plan = PlanOf(new Assessment { Services = [mail] });

        Assert.Equal("mail-global-v4-move-to-ipv6", plan.Pattern.Id);
        Assert.Equal(Verdict.WithChanges, plan.AnswerTo(Question.Scalability).Verdict);
        Assert.Contains("no more IPv4 MTAs", plan.AnswerTo(Question.Scalability).Reason);
    }

    [Fact]
    public void Relay_telephony_is_untouched_by_IPv4_exhaustion()
    {
        // 255-266
        var voice = Service("voice-relay", ServiceKind.Sip, telephony: Telephony.Relay);
        var plan = PlanOf(new Assessment { Services = [voice] });

        Assert.Equal("telephony-relay", plan.Pattern.Id);
        Assert.All(plan.Answers, a => Assert.Equal(Verdict.Yes, a.Verdict));
        Assert.Contains("only the media gateways and SIP servers", plan.AnswerTo(Question.Reachability).Reason);
        Assert.Equal(0, plan.Effort.Days);
    }

    [Fact]
    public void All_IP_telephony_needs_IPv6_adapters_and_new_SIP_MG_servers_and_cannot_mix_families_for_RTP()
    {
        // 268-285
        var voice = Service("voip-050", ServiceKind.Sip, Hosting.Dedicated, telephony: Telephony.AllIp);
        var plan = PlanOf(new Assessment
        {
            Services = [voice],
            Probes = [.. Probes(voice, (ProbePath.V4, Outcome.Pass), (ProbePath.V6, Outcome.Fail))],
        });

        Assert.Equal("telephony-all-ip", plan.Pattern.Id);
        Assert.Equal(Verdict.WithChanges, plan.AnswerTo(Question.Scalability).Verdict);
        Assert.Contains("private IPv4", plan.AnswerTo(Question.Scalability).Reason);
        Assert.Equal(Verdict.No, plan.AnswerTo(Question.Reachability).Verdict);
        var continuity = plan.AnswerTo(Question.Continuity);
        Assert.Equal(Verdict.WithChanges, continuity.Verdict);
        Assert.Contains("RTP cannot flow directly", continuity.Reason);
        Assert.Contains(plan.Steps, s => s.Text.Contains("PSTN", StringComparison.Ordinal));
        Assert.Contains(plan.Effort.Lines, l => l.Item.StartsWith("Servers to add", StringComparison.Ordinal) && l.Quantity == 2);
    }

    [Fact]
    public void IPv6_only_servers_behind_stateless_translation_are_recognised_from_the_siit_path()
    {
        // wide-cloud 7.3: map646, one IPv4 address per IPv6 server, translators without state.
        var cloud = Service("iaas-front", ServiceKind.Web, Hosting.Housing, Addressing.PrivateV4BehindLb,
            paths: [ProbePath.V4, ProbePath.V6, ProbePath.Siit]);
        var plan = PlanOf(new Assessment
        {
            Services = [cloud],
            Probes = [.. Probes(cloud, (ProbePath.Siit, Outcome.Pass), (ProbePath.V6, Outcome.Pass))],
        });

        // What was observed (the siit path works) outranks what was declared (addressing).
        Assert.Equal("siit-ipv6-only-backend", plan.Pattern.Id);
        Assert.Contains("siit path: pass (1 check)", plan.Pattern.Matched);
        Assert.Contains(plan.AlsoApplies, p => p.Id == "web-ipv6-front-private-v4");
        Assert.Contains(plan.Pattern.Risks, r => r.Contains("payloads", StringComparison.Ordinal));
        Assert.Equal("wide-cloud-2011-ch7-ipv4-ipv6-translator.txt", plan.Pattern.Source.File);
    }

    [Fact]
    public void NAT64_and_DNS64_bridge_IPv6_only_clients_meanwhile_but_are_no_plan()
    {
        var web = Service("shop-web", ServiceKind.Web, Hosting.Dedicated, Addressing.PrivateV4BehindLb);
        var plan = PlanOf(new Assessment
        {
            Services = [web],
            Probes = [.. Probes(web, (ProbePath.V4, Outcome.Pass), (ProbePath.V6, Outcome.Fail), (ProbePath.Nat64, Outcome.Pass), (ProbePath.Dns64, Outcome.Pass))],
        });

        Assert.Equal("web-ipv6-front-private-v4", plan.Pattern.Id);
        var interim = Assert.Single(plan.AlsoApplies, p => p.Role == PatternRole.Interim);
        Assert.Equal("nat64-dns64-interim", interim.Id);
        var reach = plan.AnswerTo(Question.Reachability);
        Assert.Equal(Verdict.WithChanges, reach.Verdict);
        Assert.Contains("NAT64/DNS64", reach.Reason);
        Assert.Contains(plan.Steps, s => s.Text.StartsWith("Meanwhile: IPv6-only subscribers reach", StringComparison.Ordinal));
        // nat64 and dns64 work: only native v6 is a path to enable.
        Assert.Contains(plan.Effort.Lines, l => l.Item == "Paths to enable (v6)" && l.Quantity == 1);
    }

    [Fact]
    public void A_service_that_breaks_through_NAT64_needs_IPv4_over_IPv6_on_the_client_side_meanwhile()
    {
        var voice = Service("voip-050", ServiceKind.Sip, telephony: Telephony.AllIp);
        var plan = PlanOf(new Assessment
        {
            Services = [voice],
            Probes = [.. Probes(voice, (ProbePath.V4, Outcome.Pass), (ProbePath.V6, Outcome.Fail), (ProbePath.Nat64, Outcome.Fail))],
        });

        Assert.Equal("telephony-all-ip", plan.Pattern.Id);
        Assert.Contains(plan.AlsoApplies, p => p.Id == "client-464xlat-ds-lite");
        Assert.Equal(Verdict.No, plan.AnswerTo(Question.Reachability).Verdict);
    }

    [Fact]
    public void The_name_service_gets_the_dual_stack_pattern_and_its_DNS_findings_count()
    {
        var dns = Service("shop-dns", ServiceKind.Dns, paths: [ProbePath.V4, ProbePath.V6]);
        var plan = PlanOf(new Assessment
        {
            Services = [dns],
            Probes =
            [
                Probe(dns, ProbePath.V4, Outcome.Pass, "dns-ns-ipv6"),
                Probe(dns, ProbePath.V6, Outcome.Fail, "dns-ns-ipv6", rule: "COEX3003"),
            ],
        });

        Assert.Equal("dns-dual-stack", plan.Pattern.Id);
        Assert.Equal(Verdict.WithChanges, plan.AnswerTo(Question.Scalability).Verdict);
        Assert.Equal(Verdict.No, plan.AnswerTo(Question.Reachability).Verdict);
        var blocking = Assert.Single(plan.Blocking);
        Assert.Equal("COEX3003", blocking.RuleId);
    }

    [Fact]
    public void Missing_facts_give_not_known_answers_that_name_what_is_missing()
    {
        var web = Service("legacy", ServiceKind.Web, paths: [ProbePath.V4, ProbePath.V6]);
        var plan = PlanOf(new Assessment { Services = [web] });

        Assert.Equal("complete-the-inventory", plan.Pattern.Id);
        Assert.Equal(Verdict.NotKnown, plan.AnswerTo(Question.Scalability).Verdict);
        Assert.Contains("addressing:", plan.AnswerTo(Question.Scalability).Reason);
        Assert.Equal(Verdict.NotKnown, plan.AnswerTo(Question.Reachability).Verdict);
        Assert.Contains("not probed", plan.AnswerTo(Question.Reachability).Reason);
    }

    [Fact]
    public void A_failing_IPv4_service_is_not_continuous_and_is_fixed_first()
    {
        var web = Service("broken", ServiceKind.Web, Hosting.Dedicated, Addressing.PrivateV4BehindLb);
        var plan = PlanOf(new Assessment { Services = [web], Probes = [.. Probes(web, (ProbePath.V4, Outcome.Fail), (ProbePath.V6, Outcome.Pass))] });

        Assert.Equal(Verdict.No, plan.AnswerTo(Question.Continuity).Verdict);
        Assert.StartsWith("Fix the running IPv4 service first", plan.Steps[0].Text);
        Assert.Contains(plan.Blocking, b => b.RuleId == "v4");
    }
}
