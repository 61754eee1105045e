using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Scan;

/// <summary>
/// .editorconfig for files compiled outside MSBuild: the severities (<c>dotnet_diagnostic.ID.severity</c>)
/// and Coexist's own keys apply exactly as they do in a build.
/// </summary>
internal sealed class EditorConfigOptions
{
    private readonly AnalyzerConfigSet _set;
    private readonly Dictionary<string, AnalyzerConfigOptionsResult> _results = new(StringComparer.Ordinal);

    private EditorConfigOptions(AnalyzerConfigSet set) => _set = set;

    /// <summary>Reads every .editorconfig from the files' folders up to the file system root (stopping at root = true).</summary>
    public static EditorConfigOptions ForFiles(IEnumerable<string> files)
    {
        var configs = new Dictionary<string, AnalyzerConfig>(StringComparer.Ordinal);
        foreach (var directory in files.Select(Path.GetDirectoryName).Distinct())
        {
            for (var current = directory; current is not null; current = Path.GetDirectoryName(current))
            {
                var path = Path.Combine(current, ".editorconfig");
                if (configs.ContainsKey(path) || !File.Exists(path)) continue;
                var text = File.ReadAllText(path);
                configs[path] = AnalyzerConfig.Parse(text, path);
                if (IsRoot(text)) break;
            }
        }
        return new EditorConfigOptions(AnalyzerConfigSet.Create(configs.Values));
    }

    /// <summary><c>root = true</c> before the first section stops the search upwards.</summary>
    private static bool IsRoot(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('[')) return false;
            if (line.Replace(" ", "", StringComparison.Ordinal).Equals("root=true", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    public AnalyzerConfigOptionsResult For(string path)
    {
        if (!_results.TryGetValue(path, out var result))
            _results[path] = result = _set.GetOptionsForSourcePath(path);
        return result;
    }

    public SyntaxTreeOptionsProvider TreeOptions(IEnumerable<SyntaxTree> trees) =>
        new TreeOptionsProvider(trees.ToImmutableDictionary(t => t, t => For(t.FilePath).TreeOptions));

    public AnalyzerOptions AnalyzerOptions(IEnumerable<SyntaxTree> trees) =>
        new(ImmutableArray<AdditionalText>.Empty, new OptionsProvider(trees.ToImmutableDictionary(t => t, t => For(t.FilePath).AnalyzerOptions)));

    private sealed class TreeOptionsProvider(ImmutableDictionary<SyntaxTree, ImmutableDictionary<string, ReportDiagnostic>> severities) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return severities.TryGetValue(tree, out var map) && map.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = default;
            return false;
        }
    }

    private sealed class OptionsProvider(ImmutableDictionary<SyntaxTree, ImmutableDictionary<string, string>> options) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GlobalOptions => Empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) =>
            options.TryGetValue(tree, out var values) ? new Options(values) : Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                var found = values.TryGetValue(key, out var text);
                value = text ?? "";
                return found;
            }
        }
    }
}
