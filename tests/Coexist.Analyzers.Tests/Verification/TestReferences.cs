using Microsoft.CodeAnalysis;

namespace Coexist.Analyzers.Tests.Verification;

/// <summary>
/// Everything the test process itself runs on (the .NET and ASP.NET Core frameworks, EF Core):
/// the sources under test compile against the real types, so symbol matching is tested for real.
/// </summary>
public static class TestReferences
{
    public static IReadOnlyList<MetadataReference> All { get; } = Load();

    private static List<MetadataReference> Load()
    {
        // Make sure the packages the test sources use are loaded and listed.
        _ = typeof(Microsoft.EntityFrameworkCore.DbContext);
        _ = typeof(Microsoft.AspNetCore.Builder.WebApplication);

        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        return trusted
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(path => !Path.GetFileName(path).StartsWith("Coexist.", StringComparison.Ordinal))
            .Where(IsManagedAssembly)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
