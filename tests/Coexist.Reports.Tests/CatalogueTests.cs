using System.Text.RegularExpressions;
using Coexist.Reports.Planning;
using Coexist.Reports.Planning.Catalogue;

namespace Coexist.Reports.Tests;

public class CatalogueTests
{
    [Fact]
    public void The_catalogue_holds_the_patterns_the_issue_asks_for()
    {
        var ids = PatternCatalogue.Default.Patterns.Select(p => p.Id).ToList();
        Assert.Subset(ids.ToHashSet(), new HashSet<string>
        {
            "web-ipv6-front-private-v4", "siit-ipv6-only-backend", "nat64-dns64-interim", "client-464xlat-ds-lite",
            "udp-apps-move-to-ipv6", "telephony-relay", "telephony-all-ip", "complete-the-inventory",
        });
        Assert.All(PatternCatalogue.Default.Patterns, p =>
        {
            Assert.NotEmpty(p.Steps);
            Assert.NotEmpty(p.Risks);
        });
    }

    /// <summary>Every seed reference quotes the seed it names, within the lines it names (shared/seeds beside the repository).</summary>
    [SeedsFact]
    public void Every_seed_quote_is_in_its_seed_at_its_lines()
    {
        foreach (var pattern in PatternCatalogue.Default.Patterns)
        {
            var lines = File.ReadAllLines(Path.Combine(SeedsFactAttribute.Directory!, pattern.Source.File));
            var range = pattern.Source.Lines.Split('-').Select(int.Parse).ToArray();
            var (first, last) = (range[0], range[^1]);
            Assert.InRange(last, first, lines.Length);
            var text = Squeeze(string.Concat(lines[(first - 1)..last]));
            Assert.True(text.Contains(Squeeze(pattern.Source.Original), StringComparison.Ordinal),
                $"{pattern.Id}: the quote is not in {pattern.Source.File} lines {pattern.Source.Lines}");
        }

        // The seeds wrap lines and put spaces around Latin words; the quote is compared without white space.
        static string Squeeze(string text) => Regex.Replace(text, @"\s+", "");
    }

    [Theory]
    [InlineData("- id: a\n  title: t\n  role: primary\n  summary: s\n  colour: red\n", "colour")]
    [InlineData("- id: a\n  title: t\n  role: sometimes\n  summary: s\n  source: {file: f, lines: '1', original: o, english: e}\n", "role 'sometimes'")]
    [InlineData("- id: a\n  title: t\n  role: primary\n  summary: s\n  when: {kind: [ftp]}\n  source: {file: f, lines: '1', original: o, english: e}\n", "kind 'ftp'")]
    [InlineData("- id: a\n  title: t\n  role: interim\n  summary: s\n  source: {file: f, lines: '1', original: o, english: e}\n", "fallback")]
    [InlineData("- id: a\n  title: t\n  role: primary\n  summary: s\n", "needs 'source'")]
    public void A_malformed_catalogue_is_refused_with_the_reason(string yaml, string reason)
    {
        var error = Assert.Throws<FormatException>(() => PatternCatalogue.Parse(yaml, "patterns.yaml"));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Primary_patterns_come_before_interim_ones_then_observed_conditions_outrank_declared_ones()
    {
        Assert.Equal(PatternRole.Primary, PatternCatalogue.Default.Patterns[0].Role);
        Assert.Equal(2, ConditionEvaluator.ObservedWeight);
        Assert.Equal(1, ConditionEvaluator.DeclaredWeight);
    }
}

/// <summary>Runs when shared/seeds (the source material) sits beside the repository, else skips saying where it looked.</summary>
public sealed class SeedsFactAttribute : FactAttribute
{
    public static string? Directory { get; } = Find();

    public SeedsFactAttribute()
    {
        if (Directory is null) Skip = "shared/seeds not found beside the repository (looked upward from the test's folder for shared/seeds)";
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "seeds"), Path.Combine(dir.FullName, "..", "shared", "seeds") })
            {
                if (System.IO.Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        }
        return null;
    }
}
