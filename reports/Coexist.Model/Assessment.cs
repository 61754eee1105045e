namespace Coexist.Model;

/// <summary>
/// The document every Coexist part writes and the planner reads: <c>coexist.assessment/v1</c>.
/// Fields are added, never renamed; <see cref="SchemaId"/> changes only when meaning changes.
/// </summary>
public sealed record Assessment
{
    public const string SchemaId = "coexist.assessment/v1";

    public string Schema { get; init; } = SchemaId;
    public ToolInfo Tool { get; init; } = ToolInfo.Current;
    public IReadOnlyList<ServiceInfo> Services { get; init; } = [];
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    public IReadOnlyList<ProbeResult> Probes { get; init; } = [];
    /// <summary>Translation-path measurements (<c>coexist path-bench</c>); null when there are none, so older documents stay as they were.</summary>
    public IReadOnlyList<PathBenchReport>? PathBench { get; init; }
}

public sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Current { get; } = new("coexist", ReadVersion());

    private static string ReadVersion()
    {
        var assembly = typeof(ToolInfo).Assembly;
        var informational = assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
            .FirstOrDefault()?.InformationalVersion;
        // The SDK appends "+commit"; the contract carries the release only.
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
    }
}
