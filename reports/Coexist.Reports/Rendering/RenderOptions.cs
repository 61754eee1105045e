using Coexist.Model;

namespace Coexist.Reports.Rendering;

/// <summary>What a renderer needs besides the plans.</summary>
public sealed record RenderOptions
{
    public static RenderOptions Default { get; } = new();

    /// <summary>Shown in the report's header; null leaves it out (tests and reproducible builds).</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>Titles of known rules, by ID.</summary>
    public IReadOnlyDictionary<string, RuleInfo> Rules { get; init; } = new Dictionary<string, RuleInfo>();

    /// <summary>The folder SARIF file locations are relative to, when known.</summary>
    public string? SourceRoot { get; init; }
}
