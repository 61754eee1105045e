using Coexist.Model;

namespace Coexist.Scan;

public sealed record ScanOptions
{
    /// <summary>
    /// Source files above this size are skipped with a notice: they are nearly always generated, and
    /// one of them must not hold up the scan of everything else.
    /// </summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    public const long DefaultMaxFileBytes = 10 * 1024 * 1024;

    /// <summary>Skip MSBuild and compile every project's files against the SDK's reference assemblies.</summary>
    public bool NoMSBuild { get; init; }

    public IProgress<ScanProgress>? Progress { get; init; }
}

public sealed record ScanProgress(string Step, int Done, int Total);

public enum NoticeKind
{
    /// <summary>A file or project was read in part or not at all; the rest of the scan went on.</summary>
    Warning,
    /// <summary>How the scan went about something, e.g. a fallback it chose.</summary>
    Info,
}

/// <summary>Something the user should know about one input: a file that does not parse, a project that does not load.</summary>
public sealed record ScanNotice(NoticeKind Kind, string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <param name="BoundFiles">Files that may hold a finding and were bound in full; the rest were read as declarations.</param>
public sealed record ScanStatistics(int Projects, int Files, int BoundFiles, long Lines, TimeSpan LoadTime, TimeSpan AnalysisTime)
{
    public double LinesPerSecond => AnalysisTime.TotalSeconds > 0 ? Lines / AnalysisTime.TotalSeconds : 0;
}

public sealed record ScanResult(
    string Root,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<ScanNotice> Notices,
    ScanStatistics Statistics);

/// <summary>The input the user named does not exist or is not something the scanner reads.</summary>
public sealed class ScanInputException(string message) : Exception(message);
