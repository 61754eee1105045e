using System.Text.Json;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Reports.Planning;
using Coexist.Reports.Rendering;

namespace Coexist.Reports.Tests;

public class RendererTests
{
    private static readonly RenderOptions Options = new()
    {
        GeneratedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero),
        Rules = new Dictionary<string, RuleInfo> { ["COEX1003"] = new("COEX1003", "Listener binds IPv4 only", Severity.Warning) },
    };

    private static string Render(ReportFormat format) => ReportRenderer.Render(Example.Plan(), format, Options);

    [Fact]
    public void Html_escapes_everything_that_came_from_a_peer_or_a_file()
    {
        var html = Render(ReportFormat.Html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;window.__coexistPwned &#x3D; true;&lt;/script&gt;", html);
        Assert.Contains("&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("Example Shop &lt;Ltd&gt;", html);
    }

    [Fact]
    public void Html_is_one_file_that_asks_for_nothing_outside_it()
    {
        var html = Render(ReportFormat.Html);
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@import", html);
        Assert.Contains("default-src 'none'", html);
        Assert.Contains("<table id=\"readiness\">", html);
        Assert.Equal(2, html.Split("<svg ").Length - 1);
        Assert.Contains("generated 2026-01-02 03:04 UTC", html);
    }

    [Fact]
    public void Html_shows_the_matrix_with_text_not_only_colour_and_a_plan_page_per_service()
    {
        var html = Render(ReportFormat.Html);
        Assert.Contains("<span class=\"st st-fail\">fail 1/1</span>", html);
        Assert.Contains("<span class=\"st st-not-tested\">not tested</span>", html);
        Assert.Contains("title=\"lab not running: needs root\"", html);
        foreach (var k in Enumerable.Range(0, 4)) Assert.Contains($"<section class=\"plan\" id=\"s{k}\">", html);
        Assert.Contains("Listener binds IPv4 only", html);
    }

    [Fact]
    public void Every_evidence_link_in_the_html_has_its_target()
    {
        var html = Render(ReportFormat.Html);
        var targets = System.Text.RegularExpressions.Regex.Matches(html, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
        var links = System.Text.RegularExpressions.Regex.Matches(html, "href=\"#([^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.Contains(link, targets));
        Assert.Equal(targets.Count, System.Text.RegularExpressions.Regex.Matches(html, "id=\"([^\"]+)\"").Count);
    }

    [Fact]
    public void Markdown_escapes_markup_and_table_cells()
    {
        var md = Render(ReportFormat.Markdown);
        Assert.DoesNotContain("<script", md, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", md);
        Assert.Contains(@"\| a \| b \|", md);
        Assert.Contains("# IPv6 coexistence report: Example Shop &lt;Ltd&gt;", md);
        // Each matrix row keeps its column count whatever the service names hold.
        var header = md.Split('\n').First(l => l.StartsWith("| Service | Kind |", StringComparison.Ordinal));
        var row = md.Split('\n').First(l => l.StartsWith("| [shop-web]", StringComparison.Ordinal));
        Assert.Equal(header.Count(c => c == '|'), row.Replace(@"\|", "", StringComparison.Ordinal).Count(c => c == '|'));
    }

    [Theory]
    [InlineData("a|b", @"a\|b")]
    [InlineData("line\nbreak", "line break")]
    [InlineData("**bold** _x_ `c` [l](u)", @"\*\*bold\*\* \_x\_ \`c\` \[l\](u)")]
    [InlineData("<b>&", "&lt;b&gt;&amp;")]
    public void The_markdown_encoder_escapes(string text, string expected) => Assert.Equal(expected, MarkdownEncoder.Escape(text));

    [Fact]
    public void Json_holds_the_assessment_and_the_plans_and_its_pointers_resolve()
    {
        var json = JsonNode.Parse(Render(ReportFormat.Json))!;
        Assert.Equal(EstatePlan.SchemaId, (string?)json["schema"]);
        Assert.Equal(Assessment.SchemaId, (string?)json["assessment"]!["schema"]);
        var plans = json["plans"]!.AsArray();
        Assert.Equal(4, plans.Count);
        Assert.Equal("with-changes", (string?)plans[0]!["answers"]![2]!["verdict"]);
        foreach (var link in plans.SelectMany(p => p!["answers"]!.AsArray()).SelectMany(a => a!["evidence"]!.AsArray()))
        {
            var pointer = ((string?)link!["pointer"])!.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var target = json[pointer[0]]![pointer[1]]![int.Parse(pointer[2], System.Globalization.CultureInfo.InvariantCulture)];
            Assert.NotNull(target);
        }
    }

    [Fact]
    public void Sarif_carries_only_code_and_schema_findings()
    {
        var sarif = JsonNode.Parse(Render(ReportFormat.Sarif))!;
        Assert.Equal("2.1.0", (string?)sarif["version"]);
        var rules = sarif["runs"]![0]!["results"]!.AsArray().Select(r => (string)r!["ruleId"]!).ToList();
        Assert.Equal(["COEX1003", "COEX1001", "COEX1001", "COEX2001", "COEX2007"], rules);
    }

    [Fact]
    public void Templates_are_embedded_and_never_use_the_triple_stash()
    {
        var names = typeof(ReportRenderer).Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".hbs", StringComparison.Ordinal)).ToList();
        Assert.Contains("Coexist.Reports.Templates.report.html.hbs", names);
        Assert.Contains("Coexist.Reports.Templates.report.md.hbs", names);
        Assert.All(names, name => Assert.DoesNotContain("{{{", Templates.Read(name)));
        Assert.All(names, name => Assert.DoesNotContain("{{&", Templates.Read(name)));
    }

    [Fact]
    public void An_empty_assessment_still_renders()
    {
        var plan = Planner.Plan(new Assessment());
        Assert.Contains("<table id=\"readiness\">", ReportRenderer.Render(plan, ReportFormat.Html));
        Assert.Contains("## Readiness matrix", ReportRenderer.Render(plan, ReportFormat.Markdown));
        Assert.Equal(0, JsonDocument.Parse(ReportRenderer.Render(plan, ReportFormat.Json)).RootElement.GetProperty("plans").GetArrayLength());
    }
}
