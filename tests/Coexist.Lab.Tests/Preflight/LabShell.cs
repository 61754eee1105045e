using System.Net;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Preflight;

/// <summary>Runs bash with every part of samples/lab sourced, so that its functions can be tested one by one.</summary>
public static class LabShell
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="script"/> after sourcing lib/lab.sh; <c>$1</c>... are <paramref name="arguments"/>.</summary>
    public static Task<ProcessResult> RunAsync(string script, params string[] arguments) =>
        LabProcess.RunAsync("bash",
            ["-c", $"set -euo pipefail; . \"{LabPrerequisites.LabDirectory}/lib/lab.sh\"; {script}", "lab-shell", .. arguments], Timeout);

    /// <summary>The prefixes the lab puts into the root namespace, as lib/addresses.sh chooses them.</summary>
    public static async Task<IReadOnlyList<IPNetwork>> RootPrefixesAsync()
    {
        var result = await RunAsync("lab_root_prefixes").ConfigureAwait(false);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe("lab_root_prefixes"));
        return result.Output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(p => IPNetwork.Parse(p)).ToList();
    }
}

/// <summary>A fact that needs bash (and Linux): skipped with the reason elsewhere.</summary>
public sealed class ShellFactAttribute : FactAttribute
{
    public ShellFactAttribute() { if (ShellPrerequisites.Missing() is { } why) Skip = why; }
}

/// <summary>A theory that needs bash (and Linux): skipped with the reason elsewhere.</summary>
public sealed class ShellTheoryAttribute : TheoryAttribute
{
    public ShellTheoryAttribute() { if (ShellPrerequisites.Missing() is { } why) Skip = why; }
}

/// <summary>A theory that makes scratch network namespaces: needs root and ip, but not the lab itself.</summary>
public sealed class NamespaceTheoryAttribute : TheoryAttribute
{
    public NamespaceTheoryAttribute()
    {
        if (ShellPrerequisites.Missing() is { } why) Skip = why;
        else if (!LabPrerequisites.IsRoot()) Skip = "scratch network namespaces need root: run the tests with sudo -E";
        else if (!LabPrerequisites.OnPath("ip")) Skip = "scratch network namespaces need ip (iproute2)";
    }
}

internal static class ShellPrerequisites
{
    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux()) return "the lab's scripts run on Linux only";
        if (!LabPrerequisites.OnPath("bash")) return "the lab's scripts need bash";
        try { _ = LabPrerequisites.LabDirectory; }
        catch (DirectoryNotFoundException e) { return e.Message; }
        return null;
    }
}
