using System.CommandLine;
using System.Globalization;
using Coexist.Model;
using Coexist.Reports.Sarif;
using Coexist.Scan;

namespace Coexist.Cli.Commands;

/// <summary><c>coexist scan PATH</c>: the C# rules over a .sln, .csproj or folder, without editing it.</summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "A .sln, .slnx or .csproj file, or a folder" };
        var maxFileSize = new Option<int>("--max-file-size")
        {
            Description = "Skip source files larger than this many megabytes (usually generated)",
            DefaultValueFactory = _ => (int)(ScanOptions.DefaultMaxFileBytes / 1024 / 1024),
            HelpName = "MB",
        };
        var noMSBuild = new Option<bool>("--no-msbuild")
        {
            Description = "Do not load projects with MSBuild; compile their files against the SDK's reference assemblies",
        };
        var common = new CommonOptions();
        var command = new Command("scan", "Find C# code that assumes IPv4 (rules COEX1xxx)") { path, maxFileSize, noMSBuild };
        common.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(maxFileSize) < 1) throw new UsageException("--max-file-size must be at least 1 (MB)");
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            ScanResult result;
            try
            {
                result = await TerminalProgress.RunAsync("scanning", progress => CodeScanner.ScanAsync(
                    parse.GetValue(path)!,
                    new ScanOptions
                    {
                        MaxFileBytes = parse.GetValue(maxFileSize) * 1024L * 1024L,
                        NoMSBuild = parse.GetValue(noMSBuild),
                        Progress = progress is null ? null : new Progress<ScanProgress>(p => progress.Report((p.Step, p.Done, p.Total))),
                    },
                    cancellationToken));
            }
            catch (ScanInputException e)
            {
                throw new UsageException(e.Message);
            }

            foreach (var notice in result.Notices)
                stderr.WriteLine($"coexist: {(notice.Kind == NoticeKind.Warning ? "warning" : "note")}: {notice}");

            var content = common.FormatOf(parse) switch
            {
                OutputFormat.Json => AssessmentJson.Serialize(new Assessment { Findings = result.Findings }),
                OutputFormat.Sarif => SarifWriter.Serialize(result.Findings, Rules, result.Root),
                _ => FindingsText.Render(result.Findings, Statistics(result.Statistics)),
            };
            await OutputTarget.WriteAsync(parse.GetValue(common.Output), stdout, content, cancellationToken);
            return CommonOptions.ExitCodeFor(result.Findings.Select(f => f.Severity), common.FailOnOf(parse));
        });
        return command;
    }

    /// <summary>The analyzers' descriptors, as reports describe rules.</summary>
    public static IReadOnlyList<RuleInfo> Rules { get; } = CoexistAnalyzers.Descriptors
        .Select(d => new RuleInfo(
            d.Id,
            d.Title.ToString(CultureInfo.InvariantCulture),
            d.DefaultSeverity switch
            {
                Microsoft.CodeAnalysis.DiagnosticSeverity.Error => Severity.Error,
                Microsoft.CodeAnalysis.DiagnosticSeverity.Warning => Severity.Warning,
                _ => Severity.Note,
            },
            d.Description.ToString(CultureInfo.InvariantCulture)))
        .ToList();

    private static string Statistics(ScanStatistics s) => string.Create(CultureInfo.InvariantCulture,
        $" in {s.Projects} project(s), {s.Files} file(s) ({s.BoundFiles} bound in full), {s.Lines:N0} lines; loaded in {s.LoadTime.TotalSeconds:0.0} s, analyzed in {s.AnalysisTime.TotalSeconds:0.0} s");
}
