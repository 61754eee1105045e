using System.CommandLine;
using Coexist.Model;
using Coexist.Reports.Planning;
using Coexist.Reports.Rendering;

namespace Coexist.Cli.Commands;

/// <summary>
/// <c>coexist report RESULT.json... --format html|md|json|sarif --output DIR</c>: merges the results of scan, schema
/// and probe runs (from one vantage point or several) and writes one plan per service.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var results = new Argument<string[]>("RESULT") { Description = "Assessment files (coexist.assessment/v1) written by scan, schema or probe, and path benches (coexist.pathbench/v1)", Arity = ArgumentArity.OneOrMore };
        var inventory = new Option<string?>("--inventory", "-i")
        {
            Description = "The estate's coexist.yaml (or its folder): service facts, schema names and effort costs",
            HelpName = "FILE",
        };
        var common = new CommonOptions("html", "md", "json", "sarif");
        common.Format.Description = "Report format: html (one self-contained file), md, json (assessment and plans) or sarif (code and schema findings)";
        common.Format.DefaultValueFactory = _ => "html";
        common.Output.Description = "Write report.html, report.md, report.json or report.sarif into DIR instead of standard output";
        common.Output.HelpName = "DIR";
        var command = new Command("report", "Plan each service and write the report managers read") { results, inventory };
        common.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var format = parse.GetValue(common.Format) switch
            {
                "md" => ReportFormat.Markdown,
                "json" => ReportFormat.Json,
                "sarif" => ReportFormat.Sarif,
                _ => ReportFormat.Html,
            };
            var output = parse.GetValue(common.Output);
            if (output is not null && File.Exists(output))
                throw new UsageException($"--output {output} is a file; give the folder to write {ReportRenderer.FileNameFor(format)} into");

            var parts = new List<Assessment>();
            var files = parse.GetValue(results)!;
            foreach (var file in files)
                parts.Add(await ReadAsync(file, cancellationToken));

            // Results of several runs stay apart by where they ran from: a file's name names its vantage point
            // unless its probe results already say.
            if (parts.Count(p => p.Probes.Count > 0 || p.PathBench is { Count: > 0 }) > 1)
                parts = [.. parts.Select((p, i) => AssessmentMerge.WithVantage(p, Path.GetFileNameWithoutExtension(files[i])))];
            var assessment = AssessmentMerge.Merge(parts);

            var context = parse.GetValue(inventory) is { } inventoryPath
                ? PlanningContext.FromInventory(InventoryReader.Load(inventoryPath), RuleCatalog.All)
                : PlanningContext.Default.WithRules(RuleCatalog.All);
            var plan = Planner.Plan(assessment, context);

            var content = ReportRenderer.Render(plan, format, new RenderOptions
            {
                GeneratedAt = DateTimeOffset.UtcNow,
                Rules = context.Rules,
            });
            await OutputTarget.WriteAsync(output is null ? null : Path.Combine(output, ReportRenderer.FileNameFor(format)), parse.InvocationConfiguration.Output, content, cancellationToken);

            var notTested = assessment.Probes.Count(p => p.Outcome is Outcome.Error or Outcome.Skipped);
            if (notTested > 0)
                stderr.WriteLine($"coexist: note: {notTested} probe result(s) could not run; the report lists them as not tested, with the reason");

            return CommonOptions.ExitCodeFor(CommonOptions.SeveritiesOf(assessment), common.FailOnOf(parse));
        });
        return command;
    }

    private static async Task<Assessment> ReadAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) throw new UsageException($"{file}: no such file");
        try
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken);
            // A path bench joins the report as the assessment's pathBench; everything else must be an assessment.
            return IsPathBench(text)
                ? new Assessment { PathBench = [PathBenchJson.Deserialize(text, file)] }
                : AssessmentJson.Deserialize(text, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {file}: {e.Message}");
        }
    }

    private static bool IsPathBench(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return PathBenchJson.IsPathBench(document.RootElement);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;   // AssessmentJson says what is wrong with it
        }
    }
}
