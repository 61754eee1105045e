using Coexist.Model;
using Coexist.Reports.Planning;
using Coexist.Reports.Planning.Effort;
using static Coexist.Reports.Tests.Estate;

namespace Coexist.Reports.Tests;

public class AttributionAndEffortTests
{
    private static readonly ServiceInfo Web = Service("shop-web", ServiceKind.Web, Hosting.Dedicated, Addressing.PrivateV4BehindLb,
        backends: ["shop-db"], code: ["src/Shop.Web/", "src/Shared"]);
    private static readonly ServiceInfo Mail = Service("shop-mail", ServiceKind.Mail, Hosting.Dedicated, Addressing.PrivateV4BehindLb,
        backends: ["shop-db"], code: ["src/Shared"]);
    private static readonly ServiceInfo Dns = Service("shop-dns", ServiceKind.Dns);

    private static readonly PlanningContext Context = PlanningContext.Default with
    {
        Schemas = [new SchemaRef("shop-db", "db/schema.sql", Live: false), new SchemaRef("crm", null, Live: true)],
    };

    private static EstatePlan Plan(params Finding[] findings) =>
        Planner.Plan(new Assessment { Services = [Web, Mail, Dns], Findings = findings }, Context);

    [Fact]
    public void Code_findings_go_to_the_services_whose_code_paths_hold_them_relative_or_absolute()
    {
        var estate = Plan(
            Code("COEX1001", "src/Shop.Web/Checkout.cs", 10),
            Code("COEX1003", "/build/estate/src/Shop.Web/Program.cs", 5),
            Code("COEX1001", "src/Shop.WebTools/Tool.cs", 1));
        var web = estate.Plans[0];
        Assert.Equal([0, 1], web.Findings);
        // "src/Shop.WebTools" is not under "src/Shop.Web": whole segments only.
        Assert.Equal([2], estate.EstateFindings);
    }

    [Fact]
    public void Code_two_services_share_costs_each_one_half()
    {
        var estate = Plan(Code("COEX1001", "src/Shared/Net.cs", 3, Severity.Warning));
        var web = estate.Plans[0];
        var mail = estate.Plans[1];
        Assert.Equal([0], web.Findings);
        Assert.Equal([0], mail.Findings);
        var line = Assert.Single(web.Effort.Lines, l => l.Item == "code findings, warning: COEX1001");
        Assert.Equal(0.5, line.Quantity);
        Assert.Equal(EffortModel.DefaultPerFinding(RulePart.Code, Severity.Warning) / 2, line.Days);
        Assert.Equal(EffortModel.DefaultPerFinding(RulePart.Code, Severity.Warning),
            estate.Plans.SelectMany(p => p.Effort.Lines).Where(l => l.Item.Contains("COEX1001", StringComparison.Ordinal)).Sum(l => l.Days));
    }

    [Fact]
    public void Schema_findings_reach_the_services_that_list_the_schema_as_a_backend()
    {
        var estate = Plan(
            Schema("COEX2001", "/abs/estate/db/schema.sql", "shop.orders", "client_ip", rows: 3_000_000),
            Schema("COEX2001", "other.sql", "x.y", "z", schema: "shop-db"),
            Schema("COEX2001", "unrelated.sql", "a.b", "c") with { Location = new Location { Object = "crm.public.visits.ip" } });
        Assert.Equal([0, 1], estate.Plans[0].Findings);
        Assert.Equal([0, 1], estate.Plans[1].Findings);
        // A live finding (no file) belongs to the only live schema, crm, which no service lists: estate-wide.
        Assert.Equal([2], estate.EstateFindings);
        Assert.Empty(estate.Plans[2].Findings);
    }

    [Fact]
    public void Estate_wide_findings_count_toward_the_kinds_they_affect_and_are_priced_once()
    {
        var estate = Plan(Code("COEX1001", "tools/ping.cs", 1), Code("COEX3001", "zone.txt", 1, Severity.Error));
        var web = estate.Plans[0];
        var dns = estate.Plans[2];
        Assert.Equal([0, 1], web.EstateFindings);
        Assert.Equal([1], dns.EstateFindings);          // code does not concern the name service
        Assert.Equal(Verdict.WithChanges, web.AnswerTo(Question.Continuity).Verdict);
        Assert.Contains("estate-wide", web.AnswerTo(Question.Continuity).Reason);
        Assert.DoesNotContain(web.Effort.Lines, l => l.Item.Contains("COEX", StringComparison.Ordinal));
        Assert.Equal(0.25 + 0.25, web.Effort.SharedDays);
        Assert.Equal(0.5, estate.EstateEffort.Days);
        Assert.Equal(estate.Plans.Sum(p => p.Effort.Days) + estate.EstateEffort.Days, estate.TotalDays);
    }

    [Fact]
    public void A_finding_naming_an_unknown_service_is_estate_wide_and_reported()
    {
        var estate = Plan(Code("COEX1001", "x.cs", 1, service: "ghost"));
        Assert.Equal([0], estate.EstateFindings);
        Assert.Equal(["ghost"], estate.UnknownServices);
    }

    [Fact]
    public void The_breakdown_prices_findings_tables_rows_servers_and_paths_with_their_basis()
    {
        var context = Context with
        {
            Effort = EffortModel.From(new EffortSettings { PerFinding = new Dictionary<string, double> { ["COEX2001"] = 2 }, PerTable = 1.5, PerServer = 4 }),
        };
        var web = Service("shop-web", ServiceKind.Web, Hosting.Dedicated, Addressing.PrivateV4BehindLb, backends: ["shop-db"]);
        var estate = Planner.Plan(new Assessment
        {
            Services = [web],
            Findings =
            [
                Schema("COEX2001", "db/schema.sql", "shop.orders", "client_ip", rows: 3_000_000),
                Schema("COEX2004", "db/schema.sql", "shop.orders", "client_ip", severity: Severity.Note),
                Schema("COEX2001", "db/schema.sql", "shop.sessions", "ip", rows: 1_000_000),
            ],
            Probes = [.. Probes(web, (ProbePath.V4, Outcome.Pass), (ProbePath.V6, Outcome.Fail), (ProbePath.Dns64, Outcome.Fail))],
        }, context);
        var lines = estate.Plans[0].Effort.Lines.ToDictionary(l => l.Item.Split(' ')[0]);
        Assert.Equal("schema findings, note: COEX2004", lines["schema"].Item);

        Assert.Equal((2.0, 2.0, 4.0, "inventory effort.per-finding"), (lines["COEX2001"].Quantity, lines["COEX2001"].UnitCost, lines["COEX2001"].Days, lines["COEX2001"].Basis));
        Assert.Equal((0.1, "default (schema, note)"), (lines["schema"].UnitCost, lines["schema"].Basis));
        Assert.Equal((2.0, 3.0, "inventory effort.per-table"), (lines["Tables"].Quantity, lines["Tables"].Days, lines["Tables"].Basis));
        Assert.Equal((4.0, 2.0, "default"), (lines["Rows"].Quantity, lines["Rows"].Days, lines["Rows"].Basis));
        Assert.Equal((2.0, 8.0), (lines["Servers"].Quantity, lines["Servers"].Days));
        Assert.Equal("Paths to enable (v6, dns64)", lines["Paths"].Item);
        Assert.Equal(2 * EffortModel.DefaultPerPath, lines["Paths"].Days);
        Assert.Equal(lines.Values.Sum(l => l.Days), estate.Plans[0].Effort.Days);
    }

    [Fact]
    public void Planning_is_pure_the_same_input_gives_the_same_plans()
    {
        var assessment = new Assessment
        {
            Services = [Web, Mail, Dns],
            Findings = [Code("COEX1001", "src/Shared/Net.cs", 3)],
            Probes = [.. Probes(Web, (ProbePath.V4, Outcome.Pass), (ProbePath.V6, Outcome.Error))],
        };
        var first = Coexist.Reports.Rendering.ReportRenderer.Json(Planner.Plan(assessment, Context));
        var second = Coexist.Reports.Rendering.ReportRenderer.Json(Planner.Plan(assessment, Context));
        Assert.Equal(first, second);
    }
}
