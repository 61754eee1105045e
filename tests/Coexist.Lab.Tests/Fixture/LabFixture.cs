namespace Coexist.Lab.Tests.Fixture;

/// <summary>
/// Brings the lab up once for the tests of a collection and releases it afterwards. Several test
/// assemblies may hold the lab at once: up.sh reuses a lab that is already up, and down.sh tears it
/// down only when the last holder (by process id) has released it.
/// </summary>
/// <remarks>
/// Use it from any test project: declare
/// <c>[CollectionDefinition(LabCollection.Name)] public sealed class LabCollection : ICollectionFixture&lt;LabFixture&gt;;</c>
/// in that assembly (xunit wants collection definitions in the test assembly), mark the test classes
/// <c>[Collection(LabCollection.Name)]</c>, take <see cref="LabFixture"/> in the constructor and use
/// <see cref="LabFactAttribute"/> / <see cref="LabTheoryAttribute"/> so that the tests skip visibly without root.
/// </remarks>
public sealed class LabFixture : IDisposable
{
    /// <summary>up.sh takes about 7 s here; a cold machine or a crashed run to clean may take longer.</summary>
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DownTimeout = TimeSpan.FromMinutes(1);

    private readonly LabDescription? _lab;
    private readonly string _holder = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public LabFixture()
    {
        if (!LabPrerequisites.CanRun(out _)) return;   // every lab test skips with the reason
        LabDirectory = LabPrerequisites.LabDirectory;
        var up = Path.Combine(LabDirectory, "up.sh");
        var result = LabProcess.RunAsync(up, ["--hold", _holder], UpTimeout).GetAwaiter().GetResult();
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe(up));
        _lab = LabDescription.Load(Path.Combine(LabPrerequisites.RunDirectory, "lab.json"));
    }

    /// <summary>samples/lab of this repository.</summary>
    public string LabDirectory { get; } = "";

    /// <summary>The running lab. Throws when the lab could not run (the tests that use it are skipped then).</summary>
    public LabDescription Lab => _lab ?? throw new InvalidOperationException("the lab is not running on this machine");

    public void Dispose()
    {
        if (_lab is null) return;
        var down = Path.Combine(LabDirectory, "down.sh");
        var result = LabProcess.RunAsync(down, ["--release", _holder], DownTimeout).GetAwaiter().GetResult();
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Describe(down));
    }
}
