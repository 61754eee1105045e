using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Coexist.Analyzers;
using Coexist.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Location = Coexist.Model.Location;

namespace Coexist.Scan;

/// <summary>
/// <c>coexist scan PATH</c>: runs every Coexist rule over a solution, project or folder without the
/// user editing anything. MSBuildWorkspace loads what loads; whatever does not is compiled against
/// the SDK's reference assemblies, and every file or project that could not be read fully gets a notice.
/// </summary>
public static class CodeScanner
{
    public static async Task<ScanResult> ScanAsync(string path, ScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScanOptions();
        var target = ScanTarget.Resolve(path);
        var notices = new List<ScanNotice>();

        var load = Stopwatch.StartNew();
        IReadOnlyList<AnalysisUnit> units;
        if (target.LooseFiles.Count > 0)
        {
            units = [FallbackCompiler.Compile("files", target.LooseFiles, implicitUsings: false, web: false, options.MaxFileBytes, notices, target.Root)];
        }
        else if (target.Solution is null && target.Projects.Count == 0)
        {
            throw new ScanInputException($"{path}: no solution, project or C# file found");
        }
        else if (options.NoMSBuild)
        {
            var projects = target.Solution is null ? target.Projects : ProjectsOfSolution(target.Solution);
            units = projects.Select(p => FallbackCompiler.CompileProject(p, options.MaxFileBytes, notices, target.Root)).ToList();
        }
        else
        {
            units = await MSBuildLoader.LoadAsync(target, options, notices, cancellationToken).ConfigureAwait(false);
        }
        load.Stop();

        var analysis = Stopwatch.StartNew();
        var findings = new List<Finding>();
        var seen = new HashSet<(string, string?, int?, int?)>();
        long lines = 0;
        var files = 0;
        var analyzedFiles = 0;
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            options.Progress?.Report(new ScanProgress($"analyzing {unit.Name}", i, units.Count));
            ReportParseErrors(unit, notices, target.Root);
            foreach (var tree in unit.SourceTrees)
            {
                files++;
                lines += (await tree.GetTextAsync(cancellationToken).ConfigureAwait(false)).Lines.Count;
            }
            var (diagnostics, candidates) = await AnalyzeAsync(unit, notices, cancellationToken).ConfigureAwait(false);
            analyzedFiles += candidates;
            foreach (var diagnostic in diagnostics)
            {
                var finding = ToFinding(diagnostic, unit, target.Root);
                // Files shared by several projects (links, multi-targeting) are reported once.
                if (finding is not null && seen.Add((finding.RuleId, finding.Location?.File, finding.Location?.Line, finding.Location?.Column)))
                    findings.Add(finding);
            }
        }
        analysis.Stop();
        options.Progress?.Report(new ScanProgress("done", units.Count, units.Count));

        var ordered = findings
            .OrderBy(f => f.Location?.File, StringComparer.Ordinal)
            .ThenBy(f => f.Location?.Line)
            .ThenBy(f => f.Location?.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
        return new ScanResult(target.Root, ordered, notices, new ScanStatistics(units.Count, files, analyzedFiles, lines, load.Elapsed, analysis.Elapsed));
    }

    /// <summary>
    /// Runs the rules over the files that may hold a finding (<see cref="RuleTriggers"/>), one file at a time and
    /// several at once. Binding method bodies is most of the cost of analysis, and most files of an estate never touch
    /// an address: the others take part only through their declarations, which the compiler binds as the candidate
    /// files need them.
    /// </summary>
    private static async Task<(IReadOnlyList<Diagnostic> Diagnostics, int Candidates)> AnalyzeAsync(AnalysisUnit unit, List<ScanNotice> notices, CancellationToken cancellationToken)
    {
        var candidates = unit.Compilation.SyntaxTrees
            .AsParallel()
            .AsOrdered()
            .WithCancellation(cancellationToken)
            // The rules' own decision: no trigger, or a generated file (where no rule reports), and the file is not bound.
            .Where(tree => CandidateFiles.Decide(tree, unit.Options, cancellationToken))
            .ToList();

        var crashes = new List<string>();
        void OnException(Exception exception, DiagnosticAnalyzer analyzer)
        {
            lock (crashes) crashes.Add($"{analyzer.GetType().Name} failed: {exception.Message}");
        }
        // Roslyn's own driver takes what the file driver does not: rules it cannot run, and generated code where a rule
        // leaves that to Roslyn (Coexist's rules do not). Both work
        // on its copy of the compilation, which keeps one semantic model per file: applying [SuppressMessage] asks for
        // the declarations around each finding, and on the plain compilation that meant a fresh copy, bound anew, per file.
        var withAnalyzers = unit.Compilation.WithAnalyzers(
            CoexistAnalyzers.All,
            new CompilationWithAnalyzersOptions(
                unit.Options,
                onAnalyzerException: (exception, analyzer, _) => OnException(exception, analyzer),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false));
        var driver = FileRuleDriver.Create(withAnalyzers.Compilation, CoexistAnalyzers.All, unit.Options, OnException, cancellationToken);

        var perFile = await Task.WhenAll(candidates.Select(tree => Task.Run(async () =>
        {
            if (driver is not null && driver.CanAnalyze(tree, cancellationToken))
            {
                try
                {
                    return driver.Analyze(tree, cancellationToken);
                }
                catch (NotSupportedException)
                {
                    // A rule registered, for a block, an action the file driver does not run: Roslyn's driver takes the file.
                }
            }
            IReadOnlyList<Diagnostic> byRoslyn = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(withAnalyzers.Compilation.GetSemanticModel(tree), null, cancellationToken).ConfigureAwait(false);
            return byRoslyn;
        }, cancellationToken))).ConfigureAwait(false);
        var diagnostics = perFile.SelectMany(d => d).ToList();

        foreach (var crash in crashes.Distinct())
            notices.Add(new ScanNotice(NoticeKind.Warning, unit.Name, crash + " (please report this); other rules still ran"));
        return (diagnostics, candidates.Count);
    }

    private static void ReportParseErrors(AnalysisUnit unit, List<ScanNotice> notices, string root)
    {
        foreach (var tree in unit.SourceTrees)
        {
            var error = tree.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            if (error is null) continue;
            var line = error.Location.GetLineSpan().StartLinePosition.Line + 1;
            notices.Add(new ScanNotice(NoticeKind.Warning, Relative(root, tree.FilePath),
                $"does not parse at line {line} ({error.Id}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}); the rest of the file was analyzed"));
        }
    }

    private static Finding? ToFinding(Diagnostic diagnostic, AnalysisUnit unit, string root)
    {
        Severity? severity = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => Severity.Error,
            DiagnosticSeverity.Warning => Severity.Warning,
            DiagnosticSeverity.Info => Severity.Note,
            _ => null,
        };
        if (severity is null || diagnostic.Id == "AD0001") return null;
        var span = diagnostic.Location.GetLineSpan();
        return new Finding
        {
            RuleId = diagnostic.Id,
            Severity = severity.Value,
            Message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            Location = diagnostic.Location.IsInSource
                ? new Location
                {
                    File = Relative(root, span.Path),
                    Line = span.StartLinePosition.Line + 1,
                    Column = span.StartLinePosition.Character + 1,
                    EndLine = span.EndLinePosition.Line + 1,
                    EndColumn = span.EndLinePosition.Character + 1,
                }
                : null,
            Evidence = new JsonObject
            {
                ["project"] = unit.Name,
                ["snippet"] = diagnostic.Location.IsInSource ? Snippet(diagnostic.Location) : null,
            },
        };
    }

    /// <summary>The source text the diagnostic covers, cut short: enough for a report to show what was found.</summary>
    private static string? Snippet(Microsoft.CodeAnalysis.Location location)
    {
        var text = location.SourceTree?.GetText().ToString(location.SourceSpan);
        return text is null ? null : text.Length <= 200 ? text : text[..200] + "…";
    }

    private static IReadOnlyList<string> ProjectsOfSolution(string solution)
    {
        // Enough of the .sln/.slnx formats to find project paths without MSBuild.
        var directory = Path.GetDirectoryName(solution)!;
        var text = File.ReadAllText(solution);
        return System.Text.RegularExpressions.Regex.Matches(text, @"[""']([^""']+\.csproj)[""']")
            .Select(m => Path.GetFullPath(Path.Combine(directory, m.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar))))
            .Where(File.Exists)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A path as reports show it: relative to the scan root, with forward slashes.</summary>
    internal static string Relative(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}
