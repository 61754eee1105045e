using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Analyzers;

/// <summary>Coexist's own .editorconfig keys, read per syntax tree so that folders can differ.</summary>
internal static class AnalyzerOptionsExtensions
{
    /// <summary>
    /// <c>coexist_include_documentation_ranges = false</c> stops COEX1001 reporting the RFC 5737
    /// documentation ranges, which samples and tests use on purpose. On by default.
    /// </summary>
    public const string IncludeDocumentationRanges = "coexist_include_documentation_ranges";

    public static bool GetBool(this AnalyzerOptions options, SyntaxTree tree, string key, bool defaultValue)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        return config.TryGetValue(key, out var text) && bool.TryParse(text, out var value) ? value : defaultValue;
    }
}
