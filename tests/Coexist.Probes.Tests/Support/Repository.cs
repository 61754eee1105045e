namespace Coexist.Probes.Tests;

/// <summary>The repository the tests run in, for the files they read (rule pages, the sample's database); the Cli tests link this file.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Coexist.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Coexist.sln not found above " + AppContext.BaseDirectory);
    }
}
