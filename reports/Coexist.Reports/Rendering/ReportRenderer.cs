using System.Text.Json;
using Coexist.Model;
using Coexist.Reports.Planning;
using Coexist.Reports.Sarif;

namespace Coexist.Reports.Rendering;

/// <summary>The report formats <c>coexist report --format</c> offers.</summary>
public enum ReportFormat { Html, Markdown, Json, Sarif }

/// <summary>Renders plans as text: HTML (one self-contained file), Markdown, JSON (the assessment plus the plans) or SARIF (code and schema findings).</summary>
public static class ReportRenderer
{
    public static string FileNameFor(ReportFormat format) => format switch
    {
        ReportFormat.Html => "report.html",
        ReportFormat.Markdown => "report.md",
        ReportFormat.Json => "report.json",
        _ => "report.sarif",
    };

    public static string Render(EstatePlan plan, ReportFormat format, RenderOptions? options = null)
    {
        options ??= RenderOptions.Default;
        return format switch
        {
            ReportFormat.Html => Templates.RenderHtml(ReportView.Build(plan, options)),
            ReportFormat.Markdown => Templates.RenderMarkdown(ReportView.Build(plan, options)),
            ReportFormat.Json => Json(plan),
            _ => Sarif(plan, options),
        };
    }

    /// <summary><c>coexist.report/v1</c>: the merged assessment and one plan per service; evidence links are JSON pointers into it.</summary>
    public static string Json(EstatePlan plan) => JsonSerializer.Serialize(plan, AssessmentJson.Options);

    /// <summary>SARIF 2.1.0 of the code (COEX1xxx) and schema (COEX2xxx) findings: what IDEs and code scanning import.</summary>
    public static string Sarif(EstatePlan plan, RenderOptions options)
    {
        var findings = plan.Assessment.Findings.Where(f => RuleParts.Of(f.RuleId) is RulePart.Code or RulePart.Schema).ToList();
        return SarifWriter.Serialize(findings, [.. options.Rules.Values.Where(r => RuleParts.Of(r.Id) is RulePart.Code or RulePart.Schema)], options.SourceRoot);
    }
}
