using Coexist.Model;
using Microsoft.CodeAnalysis;

namespace Coexist.Scan;

/// <summary>
/// Rule severities from .editorconfig for any file, not only C#: <c>coexist schema</c> honours
/// <c>dotnet_diagnostic.COEX2001.severity = error</c> for a DDL file just as a build does for code.
/// </summary>
public static class EditorConfigSeverities
{
    /// <summary>Rule ID to severity; a rule set to <c>none</c> maps to null (turned off).</summary>
    public static IReadOnlyDictionary<string, Severity?> ForFile(string path)
    {
        var full = Path.GetFullPath(path);
        var result = EditorConfigOptions.ForFiles([full]).For(full);
        return result.TreeOptions.ToDictionary(
            pair => pair.Key,
            pair => pair.Value switch
            {
                ReportDiagnostic.Suppress => (Severity?)null,
                ReportDiagnostic.Error => Severity.Error,
                ReportDiagnostic.Warn => Severity.Warning,
                _ => Severity.Note,
            },
            StringComparer.OrdinalIgnoreCase);
    }
}
