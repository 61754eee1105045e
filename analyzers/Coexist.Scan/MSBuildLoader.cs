using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace Coexist.Scan;

/// <summary>
/// Loads solutions and projects as `dotnet build` sees them (MSBuildWorkspace), and says which
/// projects did not load well enough to trust their compilation.
/// </summary>
internal static class MSBuildLoader
{
    private static readonly Lock RegistrationLock = new();

    /// <summary>MSBuildLocator must pick the SDK before any MSBuild type is touched.</summary>
    private static void EnsureRegistered()
    {
        lock (RegistrationLock)
        {
            if (!MSBuildLocator.IsRegistered) MSBuildLocator.RegisterDefaults();
        }
    }

    public static Task<IReadOnlyList<AnalysisUnit>> LoadAsync(ScanTarget target, ScanOptions options, List<ScanNotice> notices, CancellationToken cancellationToken)
    {
        EnsureRegistered();
        return LoadRegisteredAsync(target, options, notices, cancellationToken);
    }

    // Apart, and never inlined: compiling a method that uses MSBuildWorkspace loads MSBuild's assemblies, which must
    // happen after the registration above. Fully optimizing JIT (ReadyToRun, tiering off) compiles inlined callees early.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<IReadOnlyList<AnalysisUnit>> LoadRegisteredAsync(ScanTarget target, ScanOptions options, List<ScanNotice> notices, CancellationToken cancellationToken)
    {
        var failures = new List<WorkspaceDiagnostic>();
        using var workspace = MSBuildWorkspace.Create();
#pragma warning disable CS0618 // In 4.14 failures still arrive through this event (LAB-NOTES.md).
        workspace.WorkspaceFailed += (_, e) => { lock (failures) failures.Add(e.Diagnostic); };
#pragma warning restore CS0618

        if (target.Solution is not null)
        {
            await workspace.OpenSolutionAsync(target.Solution, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            foreach (var projectPath in target.Projects)
            {
                if (workspace.CurrentSolution.Projects.Any(p => SamePath(p.FilePath, projectPath))) continue;
                try
                {
                    await workspace.OpenProjectAsync(projectPath, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Add(new WorkspaceDiagnostic(WorkspaceDiagnosticKind.Failure, $"{projectPath}: {e.Message}"));
                }
            }
        }

        var units = new List<AnalysisUnit>();
        var solution = workspace.CurrentSolution;
        var projects = solution.Projects.ToList();
        var loadedPaths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            options.Progress?.Report(new ScanProgress($"loading {project.Name}", i, projects.Count));
            if (project.Language != LanguageNames.CSharp)
            {
                notices.Add(new ScanNotice(NoticeKind.Info, Relative(target, project.FilePath), $"{project.Language} project; the rules read C# only"));
                continue;
            }
            // A multi-targeted project appears once per target framework; its sources are the same.
            if (project.FilePath is { } file && !loadedPaths.Add(file)) continue;

            var trimmed = RemoveUnreadableDocuments(project, options.MaxFileBytes, notices, target.Root);
            var compilation = await trimmed.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var problem = compilation is null ? "no compilation" : LoadProblem(compilation, failures, project.FilePath);
            if (problem is not null && project.FilePath is not null)
            {
                notices.Add(new ScanNotice(NoticeKind.Warning, Relative(target, project.FilePath),
                    $"did not load with MSBuild ({problem}); compiled its files against the SDK's reference assemblies instead"));
                units.Add(FallbackCompiler.CompileProject(project.FilePath, options.MaxFileBytes, notices, target.Root));
                continue;
            }
            var trees = trimmed.Documents
                .Where(d => d.FilePath is not null && !IsUnder(d.FilePath, "obj"))
                .Select(d => d.GetSyntaxTreeAsync(cancellationToken))
                .ToList();
            var sourceTrees = (await Task.WhenAll(trees).ConfigureAwait(false)).OfType<SyntaxTree>().ToList();
            units.Add(new AnalysisUnit(project.Name, compilation!, trimmed.AnalyzerOptions, sourceTrees));
        }

        // Projects MSBuild could not open at all are still scanned, file by file.
        foreach (var projectPath in target.Projects.Where(p => !projects.Any(q => SamePath(q.FilePath, p))))
        {
            var reason = failures.FirstOrDefault(f => f.Message.Contains(projectPath, StringComparison.Ordinal))?.Message ?? "MSBuild could not open it";
            notices.Add(new ScanNotice(NoticeKind.Warning, Relative(target, projectPath), $"did not load with MSBuild ({FirstLine(reason)}); compiled its files against the SDK's reference assemblies instead"));
            units.Add(FallbackCompiler.CompileProject(projectPath, options.MaxFileBytes, notices, target.Root));
        }
        return units;
    }

    /// <summary>Null when the compilation can be trusted, else why not (e.g. an unrestored project has no framework references).</summary>
    private static string? LoadProblem(Compilation compilation, List<WorkspaceDiagnostic> failures, string? projectPath)
    {
        if (compilation.GetSpecialType(SpecialType.System_Object).TypeKind == TypeKind.Error)
        {
            var failure = projectPath is null ? null : failures.FirstOrDefault(f => f.Kind == WorkspaceDiagnosticKind.Failure && f.Message.Contains(projectPath, StringComparison.Ordinal));
            return failure is null ? "no framework references; is it restored?" : FirstLine(failure.Message);
        }
        return null;
    }

    private static Project RemoveUnreadableDocuments(Project project, long maxBytes, List<ScanNotice> notices, string root)
    {
        foreach (var document in project.Documents.ToList())
        {
            if (document.FilePath is null) continue;
            if (SourceFileCheck.ReasonToSkip(document.FilePath, maxBytes) is { } reason)
            {
                notices.Add(new ScanNotice(NoticeKind.Warning, CodeScanner.Relative(root, document.FilePath), reason));
                project = project.RemoveDocument(document.Id);
            }
        }
        return project;
    }

    private static bool SamePath(string? a, string b) => a is not null && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static bool IsUnder(string path, string folder) =>
        path.Contains(Path.DirectorySeparatorChar + folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Relative(ScanTarget target, string? path) => path is null ? "(project)" : CodeScanner.Relative(target.Root, path);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
