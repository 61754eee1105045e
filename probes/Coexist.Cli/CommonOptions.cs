using System.CommandLine;
using Coexist.Model;

namespace Coexist.Cli;

public enum OutputFormat { Text, Json, Sarif, JsonLines }

/// <summary>
/// The options every reporting command shares (DESIGN.md, "The command"): <c>--format</c>,
/// <c>--output</c> and <c>--fail-on</c>.
/// </summary>
internal sealed class CommonOptions
{
    public Option<string> Format { get; } = new("--format")
    {
        Description = "Output format: text, json (coexist.assessment/v1) or sarif (SARIF 2.1.0)",
        DefaultValueFactory = _ => "text",
    };

    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the result to FILE instead of standard output",
        HelpName = "FILE",
    };

    public Option<string> FailOn { get; } = new("--fail-on")
    {
        Description = "Exit with 1 when a finding is at or above this severity: none, note, warning or error",
        DefaultValueFactory = _ => "error",
    };

    public CommonOptions(params string[] formats)
    {
        Format.AcceptOnlyFromAmong(formats.Length > 0 ? formats : ["text", "json", "sarif"]);
        FailOn.AcceptOnlyFromAmong("none", "note", "warning", "error");
    }

    public void AddTo(Command command)
    {
        command.Add(Format);
        command.Add(Output);
        command.Add(FailOn);
    }

    public OutputFormat FormatOf(ParseResult parse) => parse.GetValue(Format) switch
    {
        "json" => OutputFormat.Json,
        "sarif" => OutputFormat.Sarif,
        "jsonl" => OutputFormat.JsonLines,
        _ => OutputFormat.Text,
    };

    /// <summary>The lowest severity that fails the run, or null for <c>--fail-on none</c>.</summary>
    public Severity? FailOnOf(ParseResult parse) => parse.GetValue(FailOn) switch
    {
        "none" => null,
        "note" => Severity.Note,
        "warning" => Severity.Warning,
        _ => Severity.Error,
    };

    /// <summary>What <c>--fail-on</c> weighs in an assessment: its findings, and its probe results as findings.</summary>
    public static IEnumerable<Severity> SeveritiesOf(Assessment assessment) =>
        assessment.Findings.Concat(Probe.ProbeFindings.From(assessment.Probes)).Select(f => f.Severity);

    public static int ExitCodeFor(IEnumerable<Severity> severities, Severity? failOn) =>
        failOn is { } threshold && severities.Any(s => s >= threshold) ? ExitCodes.Findings : ExitCodes.Success;
}
