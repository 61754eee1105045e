using System.Text.RegularExpressions;
using Coexist.Model;
using Coexist.Reports.Planning;
using Coexist.Reports.Rendering;

namespace Coexist.Reports.Tests;

/// <summary>Path benches in an assessment become the report's "Translated paths" table, in the seed's layout.</summary>
public class PathBenchReportTests
{
    private static readonly RenderOptions Options = new()
    {
        GeneratedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero),
        Rules = new Dictionary<string, RuleInfo> { ["COEX7001"] = new("COEX7001", "Path MTU black hole: large packets are lost and Packet Too Big does not get through", Severity.Error) },
    };

    /// <summary>The seed's map646 figures (CONTEXT.md) as a bench would write them, plus a black hole on v6 and hostile text.</summary>
    internal static PathBenchReport SeedBench() => new()
    {
        Target = "bench.example.test",
        Port = 7007,
        Method = new PathBenchMethod(5, 20, 1, "download"),
        Paths =
        [
            new PathBenchResult
            {
                Path = ProbePath.V4, Address = "198.51.100.124", LatencyMs = new Spread(0.139, 0.131, 0.150), ThroughputMbps = new Spread(593.4, 580.0, 601.2),
                OverheadMs = 0, ThroughputRatio = 1, Baseline = ProbePath.V4, Configuration = "IPv4 only, routed",
                Mtu = new PathMtu { Outcome = Outcome.Pass, Detail = "nothing narrower", LargestPacket = 1500, PacketTooBig = "not-needed" },
            },
            new PathBenchResult
            {
                Path = ProbePath.V6, Address = "2001:db8:c0e:5201::124", LatencyMs = new Spread(0.140, 0.133, 0.151), ThroughputMbps = new Spread(584.2, 570.9, 590.0),
                OverheadMs = 0, ThroughputRatio = 1, Baseline = ProbePath.V6, Configuration = "IPv6 only, routed",
                Mtu = new PathMtu { Outcome = Outcome.Fail, RuleId = "COEX7001", Detail = "a 65,536-byte response stalls", LargestPacket = 1280, PacketTooBig = "not-honoured" },
            },
            new PathBenchResult
            {
                Path = ProbePath.Siit, Address = "198.51.100.90", ServerAddress = "2001:db8:c0e:5201::90", LatencyMs = new Spread(0.172, 0.160, 0.190), ThroughputMbps = new Spread(572.4, 560.1, 580.2),
                OverheadMs = 0.033, ThroughputRatio = 0.965, Baseline = ProbePath.V4, Configuration = "translated (SIIT, 1:1)",
                Detail = "1 of 100 UDP echo datagrams were lost <script>alert(1)</script>",
            },
            new PathBenchResult { Path = ProbePath.Nat64, Outcome = Outcome.Error, Detail = "no NAT64 prefix: configure --nat64-prefix" },
        ],
    };

    private static EstatePlan Plan(params PathBenchReport[] benches) =>
        Planner.Plan(new Assessment { Services = [Estate.Service("shop-web", ServiceKind.Web)], PathBench = benches.Length > 0 ? benches : null }, PlanningContext.Default);

    [Fact]
    public void Markdown_has_the_seeds_rows_in_the_seeds_order_with_cost_and_MTU()
    {
        var md = ReportRenderer.Render(Plan(SeedBench()), ReportFormat.Markdown, Options);
        var section = md[md.IndexOf("## Translated paths", StringComparison.Ordinal)..md.IndexOf("## Plans", StringComparison.Ordinal)];
        var rows = section.Split('\n').Where(l => l.StartsWith("| translated", StringComparison.Ordinal) || l.StartsWith("| IPv", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.StartsWith("| translated (NAT64) | nat64 |", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("| translated (SIIT, 1:1) | siit | 198.51.100.90 | 0.172 (0.160–0.190) | 572.4 (560.1–580.2) | +0.033 ms, 0.97× throughput vs v4 |", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("| IPv4 only, routed | v4 | 198.51.100.124 | 0.139 (0.131–0.150) | 593.4 (580.0–601.2) | baseline |", rows[2], StringComparison.Ordinal);
        Assert.Contains("| IPv6 only, routed | v6 |", rows[3], StringComparison.Ordinal);
        Assert.Contains("fail, 1,280 bytes, Packet Too Big not-honoured ([COEX7001](#rule-COEX7001))", rows[3], StringComparison.Ordinal);
        Assert.Contains("| error |", rows[0], StringComparison.Ordinal);
        Assert.Contains("### bench.example.test", section, StringComparison.Ordinal);
        Assert.Contains("5 repeats per path, each of 20 TCP handshakes and 1 s of TCP download", section, StringComparison.Ordinal);
        Assert.Contains("- nat64: no NAT64 prefix", section, StringComparison.Ordinal);
        // The rule the bench names is listed with the others, so the link has its target.
        Assert.Contains("<a id=\"rule-COEX7001\"></a>", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_has_the_table_escapes_peer_text_and_links_the_rule()
    {
        var html = ReportRenderer.Render(Plan(SeedBench()), ReportFormat.Html, Options);
        Assert.Contains("<section id=\"translated-paths\">", html, StringComparison.Ordinal);
        Assert.Contains("<td>translated (SIIT, 1:1)</td><td>siit</td>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#rule-COEX7001\">COEX7001</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        var targets = Regex.Matches(html, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(Regex.Matches(html, "href=\"#([^\"]+)\"").Select(m => m.Groups[1].Value), link => Assert.Contains(link, targets));
    }

    [Fact]
    public void Without_benches_there_is_no_section()
    {
        var plan = Plan();
        Assert.DoesNotContain("Translated paths", ReportRenderer.Render(plan, ReportFormat.Markdown, Options), StringComparison.Ordinal);
        Assert.DoesNotContain("translated-paths", ReportRenderer.Render(plan, ReportFormat.Html, Options), StringComparison.Ordinal);
    }

    [Fact]
    public void Benches_of_several_vantage_points_keep_their_names_through_the_merge()
    {
        var merged = AssessmentMerge.Merge(
        [
            AssessmentMerge.WithVantage(new Assessment { PathBench = [SeedBench()] }, "tokyo"),
            AssessmentMerge.WithVantage(new Assessment { PathBench = [SeedBench() with { Target = "other.example.test" }] }, "osaka"),
            new Assessment { Services = [Estate.Service("shop-web", ServiceKind.Web)] },
        ]);
        Assert.Equal(["tokyo", "osaka"], merged.PathBench!.Select(b => b.Vantage));
        var md = ReportRenderer.Render(Planner.Plan(merged, PlanningContext.Default), ReportFormat.Markdown, Options);
        Assert.Contains("### bench.example.test (from tokyo)", md, StringComparison.Ordinal);
        Assert.Contains("### other.example.test (from osaka)", md, StringComparison.Ordinal);
        Assert.Null(AssessmentMerge.Merge([new Assessment()]).PathBench);
    }

    [Fact]
    public void The_assessment_carries_benches_additively_through_JSON()
    {
        var assessment = new Assessment { PathBench = [SeedBench()] };
        var json = AssessmentJson.Serialize(assessment);
        Assert.Contains("\"pathBench\": [", json, StringComparison.Ordinal);
        var back = AssessmentJson.Deserialize(json);
        Assert.Equal(0.965, back.PathBench![0].Paths.Single(p => p.Path == ProbePath.Siit).ThroughputRatio);
        // Older documents, and those without benches, say nothing about them.
        Assert.DoesNotContain("pathBench", AssessmentJson.Serialize(new Assessment()), StringComparison.Ordinal);
    }
}
