namespace Coexist.Scan;

/// <summary>What a scan PATH turns out to be: a solution, projects, or loose C# files.</summary>
internal sealed record ScanTarget(string Root, string? Solution, IReadOnlyList<string> Projects, IReadOnlyList<string> LooseFiles)
{
    private static readonly string[] SolutionExtensions = [".sln", ".slnx"];

    public static ScanTarget Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var extension = Path.GetExtension(full).ToLowerInvariant();
            var root = Path.GetDirectoryName(full)!;
            if (SolutionExtensions.Contains(extension)) return new ScanTarget(root, full, [], []);
            if (extension == ".csproj") return new ScanTarget(root, null, [full], []);
            if (extension == ".cs") return new ScanTarget(root, null, [], [full]);
            throw new ScanInputException($"{path}: not a .sln, .slnx, .csproj, .cs file or folder");
        }
        if (!Directory.Exists(full))
            throw new ScanInputException($"{path}: no such file or folder");

        var solutions = SolutionExtensions.SelectMany(e => Directory.GetFiles(full, "*" + e)).OrderBy(s => s, StringComparer.Ordinal).ToList();
        if (solutions.Count == 1) return new ScanTarget(full, solutions[0], [], []);

        // No single solution at the top: every project below, else every C# file below.
        var projects = EnumerateSources(full, "*.csproj").ToList();
        return projects.Count > 0
            ? new ScanTarget(full, null, projects, [])
            : new ScanTarget(full, null, [], EnumerateSources(full, "*.cs").ToList());
    }

    /// <summary>Files below <paramref name="root"/>, leaving out build output and tool folders.</summary>
    public static IEnumerable<string> EnumerateSources(string root, string pattern)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            IEnumerable<string> files, subdirectories;
            try
            {
                files = Directory.GetFiles(directory, pattern);
                subdirectories = Directory.GetDirectories(directory);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                continue;
            }
            foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal)) yield return file;
            foreach (var sub in subdirectories.OrderByDescending(d => d, StringComparer.Ordinal))
            {
                var name = Path.GetFileName(sub);
                if (name is "bin" or "obj" or "node_modules" || name.StartsWith('.')) continue;
                pending.Push(sub);
            }
        }
    }
}
