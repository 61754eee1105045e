using Coexist.Model;

namespace Coexist.Model.Tests;

/// <summary>The inventory keys the planner reads (schema names, service code and UDP use, effort costs) and the merge of results.</summary>
public class PlanningKeysTests
{
    private static Inventory Parse(string yaml) => InventoryReader.Parse(yaml, "coexist.yaml", "/estate");

    [Fact]
    public void Reads_the_planning_keys()
    {
        var inventory = Parse("""
            schemas:
              - name: shop-db
                file: db/schema.sql
            effort:
              per-finding: {COEX2001: 2}
              per-table: 1.5
              per-million-rows: 0.75
              per-server: 4
              per-path: 0.5
            services:
              - name: shop-web
                kind: web
                backends: [shop-db]
                code: [src/Shop.Web/, src/Shared/Net.cs]
                uses-udp: true
            """);
        Assert.Equal("shop-db", inventory.Schemas[0].Name);
        Assert.Equal(1.5, inventory.Effort.PerTable);
        Assert.Equal(0.75, inventory.Effort.PerMillionRows);
        Assert.Equal(4, inventory.Effort.PerServer);
        Assert.Equal(0.5, inventory.Effort.PerPath);
        Assert.Equal(2, inventory.Effort.PerFinding["COEX2001"]);
        var info = inventory.Services[0].ToServiceInfo([ProbePath.V4]);
        Assert.Equal(["src/Shop.Web/", "src/Shared/Net.cs"], info.Code);
        Assert.True(info.UsesUdp);
        Assert.Equal(["shop-db"], info.Backends);
    }

    [Fact]
    public void Unset_costs_stay_null_so_the_defaults_apply()
    {
        var effort = Parse("effort:\n  per-finding: {COEX1001: 0.1}\n").Effort;
        Assert.Null(effort.PerTable);
        Assert.Null(effort.PerServer);
        Assert.Null(Parse("services:\n  - name: a\n    kind: web\n").Services[0].UsesUdp);
    }

    [Theory]
    [InlineData("effort:\n  per-table: lots\n", 2, "effort per-table 'lots'")]
    [InlineData("effort:\n  per-server: -2\n", 2, "zero or more")]
    [InlineData("effort:\n  per-hour: 1\n", 2, "unknown key 'per-hour'")]
    [InlineData("services:\n  - name: a\n    kind: web\n    uses-udp: sometimes\n", 4, "must be true or false")]
    [InlineData("schemas:\n  - {name: db, file: a.sql}\n  - {name: db, file: b.sql}\n", 3, "schema name 'db' is used twice")]
    public void Bad_planning_keys_name_the_line_and_the_reason(string yaml, int line, string reason)
    {
        var error = Assert.Throws<InventoryException>(() => Parse(yaml));
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message);
    }

    private static ProbeResult Probe(ProbePath path, Outcome outcome, string? vantage = null) => new()
    {
        Service = "web", Kind = ServiceKind.Web, Check = "http", Path = path, Target = "www.example", Outcome = outcome, Vantage = vantage,
    };

    [Fact]
    public void Merge_drops_repeated_results_but_keeps_other_vantage_points()
    {
        var finding = new Finding { RuleId = "COEX1001", Severity = Severity.Warning, Message = "m", Location = new Location { File = "a.cs", Line = 3 } };
        var part = new Assessment { Findings = [finding], Probes = [Probe(ProbePath.V6, Outcome.Pass, "v6-only")] };
        var other = new Assessment { Probes = [Probe(ProbePath.V6, Outcome.Error, "v4-only"), Probe(ProbePath.V6, Outcome.Pass, "v6-only")] };

        var merged = AssessmentMerge.Merge([part, part with { Findings = [finding with { }] }, other]);

        Assert.Single(merged.Findings);
        Assert.Equal(2, merged.Probes.Count);
        Assert.Equal(["v6-only", "v4-only"], merged.Probes.Select(p => p.Vantage));
    }

    [Fact]
    public void WithVantage_stamps_only_unstamped_results()
    {
        var stamped = AssessmentMerge.WithVantage(new Assessment { Probes = [Probe(ProbePath.V4, Outcome.Pass), Probe(ProbePath.V6, Outcome.Pass, "lab")] }, "office");
        Assert.Equal(["office", "lab"], stamped.Probes.Select(p => p.Vantage));
    }

    [Fact]
    public void Merge_fills_code_and_udp_from_a_later_description()
    {
        var merged = AssessmentMerge.Merge([
            new Assessment { Services = [new ServiceInfo { Name = "web", Kind = ServiceKind.Web }] },
            new Assessment { Services = [new ServiceInfo { Name = "web", Kind = ServiceKind.Web, Code = ["src/"], UsesUdp = true }] },
        ]);
        var web = Assert.Single(merged.Services);
        Assert.Equal(["src/"], web.Code);
        Assert.True(web.UsesUdp);
    }
}
