using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Coexist.Analyzers.Tests.Verification;

/// <summary>.editorconfig-style key/value options handed to analyzers, the same for every file.</summary>
internal sealed class TestOptionsProvider(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
{
    private readonly Options _options = new(values);

    public override AnalyzerConfigOptions GlobalOptions => _options;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            var found = values.TryGetValue(key, out var text);
            value = text ?? "";
            return found;
        }
    }

    public static AnalyzerOptions Create(IReadOnlyDictionary<string, string>? values) =>
        new(ImmutableArray<AdditionalText>.Empty, new TestOptionsProvider(values ?? new Dictionary<string, string>()));
}
