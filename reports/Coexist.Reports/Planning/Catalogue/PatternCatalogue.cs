using Coexist.Model;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Coexist.Reports.Planning.Catalogue;

/// <summary>
/// The coexistence patterns, kept as data (patterns.yaml, embedded) rather than as code, and the rule that picks
/// one: primary patterns before interim ones, then the higher score (<see cref="ConditionEvaluator"/>), then
/// the order of the file.
/// </summary>
public sealed class PatternCatalogue
{
    public const string ResourceName = "Coexist.Reports.patterns.yaml";

    public static PatternCatalogue Default { get; } = Parse(ReadResource(), ResourceName);

    public IReadOnlyList<Pattern> Patterns { get; }

    private PatternCatalogue(IReadOnlyList<Pattern> patterns) => Patterns = patterns;

    /// <summary>Every pattern that applies to the service, best first. The catalogue ends with a fallback that always applies.</summary>
    internal IReadOnlyList<PatternChoice> Rank(ServiceFacts facts) => [.. Patterns
        .Select((pattern, order) => (pattern, order, result: ConditionEvaluator.Evaluate(pattern.When, facts)))
        .Where(x => x.result is not null)
        .OrderBy(x => x.pattern.Role == PatternRole.Primary ? 0 : 1)
        .ThenByDescending(x => x.result!.Value.Score)
        .ThenBy(x => x.order)
        .Select(x => Choice(x.pattern, x.result!.Value.Matched, x.result.Value.Score))];

    private static PatternChoice Choice(Pattern pattern, IReadOnlyList<string> matched, int score) => new()
    {
        Id = pattern.Id,
        Title = pattern.Title,
        Role = pattern.Role,
        Summary = pattern.Summary,
        Matched = matched,
        Score = score,
        ServersToAdd = pattern.ServersToAdd,
        Risks = pattern.Risks,
        Source = pattern.Source,
    };

    public Pattern this[string id] => Patterns.First(p => p.Id == id);

    private static string ReadResource()
    {
        using var stream = typeof(PatternCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Reads a catalogue; unknown keys and values are errors that name the entry.</summary>
    /// <exception cref="FormatException">The catalogue is malformed.</exception>
    public static PatternCatalogue Parse(string yaml, string source)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();
        List<PatternEntry> entries;
        try
        {
            entries = deserializer.Deserialize<List<PatternEntry>>(yaml) ?? [];
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
        var patterns = entries.Select(e => e.ToPattern(source)).ToList();
        var duplicate = patterns.GroupBy(p => p.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"{source}: pattern '{duplicate.Key}' appears twice");
        if (!patterns.Any(p => p.Role == PatternRole.Primary && p.When.IsEmpty))
            throw new FormatException($"{source}: needs a primary pattern without conditions, the fallback when nothing else applies");
        return new PatternCatalogue(patterns);
    }

    // The shapes YamlDotNet fills; converted at once into the immutable records above.
    private sealed class PatternEntry
    {
        public string? Id { get; set; }
        public string? Title { get; set; }
        public string? Role { get; set; }
        public string? Summary { get; set; }
        public WhenEntry? When { get; set; }
        public int ServersToAdd { get; set; }
        public List<StepEntry>? Steps { get; set; }
        public List<string>? Risks { get; set; }
        public SourceEntry? Source { get; set; }

        public Pattern ToPattern(string source)
        {
            var id = Id ?? throw new FormatException($"{source}: a pattern has no id");
            string Need(string? value, string key) => string.IsNullOrWhiteSpace(value) ? throw new FormatException($"{source}: pattern '{id}' needs '{key}'") : value;
            T Enum<T>(string? text, string key) where T : struct, System.Enum => WireNames.Parse<T>(text, $"{source}: pattern '{id}': {key}");
            List<T> Enums<T>(List<string>? texts, string key) where T : struct, System.Enum =>
                (texts ?? []).Select(t => Enum<T>(t, key)).ToList();

            var when = When ?? new WhenEntry();
            return new Pattern
            {
                Id = id,
                Title = Need(Title, "title"),
                Role = Enum<PatternRole>(Need(Role, "role"), "role"),
                Summary = Need(Summary, "summary").Trim(),
                When = new PatternConditions
                {
                    Kind = Enums<ServiceKind>(when.Kind, "kind"),
                    Hosting = Enums<Hosting>(when.Hosting, "hosting"),
                    Addressing = Enums<Addressing>(when.Addressing, "addressing"),
                    Telephony = Enums<Telephony>(when.Telephony, "telephony"),
                    UsesUdp = when.UsesUdp,
                    Paths = [.. (when.Paths ?? []).Select(p => new PathCondition(Enums<ProbePath>(p.Path, "path"), Enums<PathState>(p.State, "state")))],
                    Parts = Enums<RulePart>(when.Parts, "parts"),
                },
                ServersToAdd = ServersToAdd >= 0 ? ServersToAdd : throw new FormatException($"{source}: pattern '{id}': servers-to-add must not be negative"),
                Steps = [.. (Steps ?? []).Select(s => (Enum<StepPhase>(s.Phase, "phase"), Need(s.Text, "steps[].text")))],
                Risks = Risks ?? [],
                Source = Source is { } seed
                    ? new SeedReference(Need(seed.File, "source.file"), Need(seed.Lines, "source.lines"), Need(seed.Original, "source.original"), Need(seed.English, "source.english"))
                    : throw new FormatException($"{source}: pattern '{id}' needs 'source'"),
            };
        }
    }

    private sealed class WhenEntry
    {
        public List<string>? Kind { get; set; }
        public List<string>? Hosting { get; set; }
        public List<string>? Addressing { get; set; }
        public List<string>? Telephony { get; set; }
        public bool? UsesUdp { get; set; }
        public List<PathEntry>? Paths { get; set; }
        public List<string>? Parts { get; set; }
    }

    private sealed class PathEntry
    {
        public List<string>? Path { get; set; }
        public List<string>? State { get; set; }
    }

    private sealed class StepEntry
    {
        public string? Phase { get; set; }
        public string? Text { get; set; }
    }

    private sealed class SourceEntry
    {
        public string? File { get; set; }
        public string? Lines { get; set; }
        public string? Original { get; set; }
        public string? English { get; set; }
    }
}
