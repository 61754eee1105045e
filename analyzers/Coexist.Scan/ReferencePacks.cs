using Microsoft.CodeAnalysis;

namespace Coexist.Scan;

/// <summary>
/// The SDK's reference assemblies (Microsoft.NETCore.App.Ref and Microsoft.AspNetCore.App.Ref), used to
/// compile a project that MSBuild could not load, so that the rules can still match framework symbols.
/// </summary>
internal static class ReferencePacks
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> Cached = new(Load);

    public static IReadOnlyList<MetadataReference> References => Cached.Value;

    private static IReadOnlyList<MetadataReference> Load()
    {
        var paths = new List<string>();
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            if (NewestRefFolder(pack) is { } folder)
                paths.AddRange(Directory.GetFiles(folder, "*.dll"));
        }
        if (paths.Count == 0)
        {
            // No SDK beside this runtime (a tool installed on a runtime-only machine): the runtime's own assemblies.
            var trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
            paths.AddRange(trusted.Split(Path.PathSeparator).Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll"));
        }
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    private static string? NewestRefFolder(string pack)
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        // .../dotnet/shared/Microsoft.NETCore.App/<version>/ -> .../dotnet/packs/<pack>/<version>/ref/net<major>.<minor>/
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packRoot = Path.Combine(dotnetRoot, "packs", pack);
        if (!Directory.Exists(packRoot)) return null;
        var newest = Directory.GetDirectories(packRoot)
            .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version is not null)
            .OrderByDescending(d => d.Version)
            .FirstOrDefault();
        if (newest.Path is null) return null;
        var refFolder = Path.Combine(newest.Path, "ref");
        return Directory.Exists(refFolder) ? Directory.GetDirectories(refFolder).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault() : null;
    }
}
