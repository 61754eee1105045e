using System.CommandLine;
using Coexist.Cli.Assess;
using Coexist.Cli.Probe;
using Coexist.Model;
using Coexist.Reports.Planning;
using Coexist.Reports.Rendering;

namespace Coexist.Cli.Commands;

/// <summary>
/// <c>coexist assess DIR</c>: reads DIR/coexist.yaml, then scans the code, assesses the schemas, probes the
/// services, plans each one and writes the report in every format. Prints where the report was written.
/// </summary>
internal static class AssessCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "A folder holding coexist.yaml (or the inventory file itself)" };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The folder for report.html, report.md, report.json and report.sarif",
            DefaultValueFactory = _ => "out",
            HelpName = "DIR",
        };
        var noProbe = new Option<bool>("--no-probe") { Description = "Do not probe the services; plans say their reachability is not tested" };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit with 1 when a finding or probe result is at or above this severity: none, note, warning or error",
            DefaultValueFactory = _ => "none",
        };
        failOn.AcceptOnlyFromAmong("none", "note", "warning", "error");
        var probeOptions = new ProbeOptions();
        var command = new Command("assess", "Scan, assess schemas, probe services and write the migration report for an estate") { directory, output, noProbe, failOn };
        probeOptions.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            var inventory = InventoryReader.Load(parse.GetValue(directory)!);
            var outputDirectory = Path.GetFullPath(parse.GetValue(output)!);
            if (File.Exists(outputDirectory)) throw new UsageException($"--output {outputDirectory} is a file; give a folder");
            var overrides = probeOptions.Read(parse);
            var estate = new EstateAssessment(inventory, stderr);

            var parts = await TerminalProgress.RunAsync("assessing", async progress =>
            {
                List<Assessment> done = [estate.Services()];
                done.Add(await estate.ScanCodeAsync(progress, cancellationToken));
                done.Add(await estate.AssessSchemasAsync(cancellationToken));
                if (!parse.GetValue(noProbe))
                    done.Add(await estate.ProbeServicesAsync(overrides, progress, cancellationToken));
                return done;
            });

            var assessment = AssessmentMerge.Merge(parts);
            var context = PlanningContext.FromInventory(inventory, RuleCatalog.All);
            var plan = Planner.Plan(assessment, context);
            var options = new RenderOptions { GeneratedAt = DateTimeOffset.UtcNow, Rules = context.Rules };
            Directory.CreateDirectory(outputDirectory);
            foreach (var format in Enum.GetValues<ReportFormat>())
            {
                var path = Path.Combine(outputDirectory, ReportRenderer.FileNameFor(format));
                await OutputTarget.WriteAsync(path, parse.InvocationConfiguration.Output, ReportRenderer.Render(plan, format, options), cancellationToken);
            }

            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"{assessment.Services.Count} services, {assessment.Findings.Count} findings, {assessment.Probes.Count} probe results");
            stdout.WriteLine($"report written to {Path.Combine(outputDirectory, ReportRenderer.FileNameFor(ReportFormat.Html))}");
            return CommonOptions.ExitCodeFor(CommonOptions.SeveritiesOf(assessment), parse.GetValue(failOn) switch
            {
                "note" => Severity.Note,
                "warning" => Severity.Warning,
                "error" => Severity.Error,
                _ => null,
            });
        });
        return command;
    }
}
