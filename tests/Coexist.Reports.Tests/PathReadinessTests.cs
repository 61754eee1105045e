using Coexist.Model;
using Coexist.Reports.Planning;
using static Coexist.Reports.Tests.Estate;

namespace Coexist.Reports.Tests;

public class PathReadinessTests
{
    private static readonly ServiceInfo Web = Service("shop-web", ServiceKind.Web, Hosting.Dedicated, Addressing.PrivateV4BehindLb);

    [Fact]
    public void A_probe_that_could_not_run_is_not_tested_with_its_reason_and_the_answer_says_so()
    {
        var plan = Planner.Plan(new Assessment
        {
            Services = [Web],
            Probes =
            [
                Probe(Web, ProbePath.V4, Outcome.Pass),
                Probe(Web, ProbePath.V6, Outcome.Error, detail: "no IPv6 route on the probing host"),
                Probe(Web, ProbePath.Nat64, Outcome.Skipped, detail: "lab not running (needs root)"),
            ],
        }).Plans[0];

        var v6 = plan.Paths.Single(c => c.Path == ProbePath.V6);
        Assert.Equal(PathState.NotTested, v6.State);
        Assert.Equal("no IPv6 route on the probing host", v6.Reason);
        Assert.Equal(PathState.NotTested, plan.Paths.Single(c => c.Path == ProbePath.Nat64).State);
        var reach = plan.AnswerTo(Question.Reachability);
        Assert.Equal(Verdict.NotKnown, reach.Verdict);
        Assert.Contains("not tested (no IPv6 route on the probing host)", reach.Reason);
        // The rest of the plan is still produced.
        Assert.Equal("web-ipv6-front-private-v4", plan.Pattern.Id);
        Assert.Equal(Verdict.Yes, plan.AnswerTo(Question.Scalability).Verdict);
    }

    [Fact]
    public void A_verdict_from_one_vantage_point_outranks_could_not_test_from_another()
    {
        var merged = AssessmentMerge.Merge([
            new Assessment { Services = [Web], Probes = [Probe(Web, ProbePath.V4, Outcome.Pass, vantage: "v4-office"), Probe(Web, ProbePath.V6, Outcome.Error, detail: "no IPv6", vantage: "v4-office")] },
            new Assessment { Probes = [Probe(Web, ProbePath.V6, Outcome.Pass, vantage: "v6-only-lab"), Probe(Web, ProbePath.V4, Outcome.Error, detail: "no IPv4", vantage: "v6-only-lab")] },
        ]);
        var plan = Planner.Plan(merged).Plans[0];

        var v6 = plan.Paths.Single(c => c.Path == ProbePath.V6);
        Assert.Equal(PathState.Pass, v6.State);
        Assert.Equal(["v4-office", "v6-only-lab"], v6.Vantages);
        Assert.Equal(PathState.Pass, plan.Paths.Single(c => c.Path == ProbePath.V4).State);
        Assert.Equal(Verdict.Yes, plan.AnswerTo(Question.Reachability).Verdict);
        Assert.Contains("from v4-office, v6-only-lab", plan.AnswerTo(Question.Reachability).Reason);
    }

    [Theory]
    [InlineData(new[] { Outcome.Pass, Outcome.Warn }, PathState.Warn)]
    [InlineData(new[] { Outcome.Pass, Outcome.Fail, Outcome.Error }, PathState.Fail)]
    [InlineData(new[] { Outcome.Error, Outcome.Skipped }, PathState.NotTested)]
    [InlineData(new Outcome[0], PathState.NotProbed)]
    public void Cells_take_the_worst_verdict_and_ignore_probes_that_could_not_run(Outcome[] outcomes, PathState expected)
    {
        var cell = PathReadiness.Cell(ProbePath.V6, [.. outcomes.Select((o, i) => (Probe(Web, ProbePath.V6, o), i))]);
        Assert.Equal(expected, cell.State);
    }

    [Fact]
    public void Services_only_probe_results_name_still_get_a_plan()
    {
        var orphan = new ServiceInfo { Name = "orphan", Kind = ServiceKind.Mail };
        var estate = Planner.Plan(new Assessment { Probes = [Probe(orphan with { Hosts = ["mx.example"] }, ProbePath.V6, Outcome.Fail)] });
        var plan = Assert.Single(estate.Plans);
        Assert.Equal(ServiceKind.Mail, plan.Service.Kind);
        Assert.Equal(Verdict.No, plan.AnswerTo(Question.Reachability).Verdict);
    }

    [Fact]
    public void Inventory_services_complete_what_result_files_leave_out()
    {
        var context = PlanningContext.Default with { Services = [Web, Service("idle", ServiceKind.Dns)] };
        var estate = Planner.Plan(new Assessment { Services = [new ServiceInfo { Name = "shop-web", Kind = ServiceKind.Web }] }, context);
        Assert.Equal(["shop-web", "idle"], estate.Plans.Select(p => p.Service.Name));
        Assert.Equal(Addressing.PrivateV4BehindLb, estate.Plans[0].Service.Addressing);
    }
}
