using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Coexist.Model;

/// <summary>
/// A YAML mapping read strictly: every key must be known, every value of the expected shape,
/// and every complaint carries the line it is about.
/// </summary>
internal sealed class YamlMap
{
    private readonly Dictionary<string, YamlNode> _values = new(StringComparer.Ordinal);
    private readonly string _file;

    public int Line { get; }

    public YamlMap(YamlNode node, string file, string what, IReadOnlyCollection<string> allowedKeys)
    {
        _file = file;
        Line = LineOf(node);
        if (node is not YamlMappingNode mapping)
            throw Error(node, $"{what} must be a mapping of keys to values");
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? throw Error(keyNode, $"{what}: keys must be plain names");
            if (!allowedKeys.Contains(key))
                throw Error(keyNode, $"unknown key '{key}' in {what}; expected one of: {string.Join(", ", allowedKeys)}");
            // YamlDotNet itself refuses duplicate keys while loading.
            _values[key] = value;
        }
    }

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    public InventoryException Error(YamlNode node, string reason) => new(_file, LineOf(node), reason);

    public bool Has(string key) => _values.ContainsKey(key);

    public YamlNode? Node(string key) => _values.GetValueOrDefault(key);

    public string? String(string key)
    {
        if (!_values.TryGetValue(key, out var node)) return null;
        if (node is not YamlScalarNode { Value: { } text })
            throw Error(node, $"'{key}' must be a single value");
        return text;
    }

    public string RequiredString(string key, string what) =>
        String(key) is { Length: > 0 } text ? text : throw new InventoryException(_file, Line, $"{what} needs '{key}'");

    /// <summary>A list, or a single value read as a list of one.</summary>
    public IReadOnlyList<(string Text, YamlNode Node)> Strings(string key)
    {
        if (!_values.TryGetValue(key, out var node)) return [];
        if (node is YamlScalarNode { Value: { } single }) return [(single, node)];
        if (node is not YamlSequenceNode sequence)
            throw Error(node, $"'{key}' must be a list");
        return sequence.Children
            .Select(item => item is YamlScalarNode { Value: { } text } ? (text, item) : throw Error(item, $"items of '{key}' must be single values"))
            .ToList();
    }

    public IReadOnlyList<YamlNode> Items(string key)
    {
        if (!_values.TryGetValue(key, out var node)) return [];
        return node is YamlSequenceNode sequence ? sequence.Children.ToList() : throw Error(node, $"'{key}' must be a list");
    }

    public int ParseInt(string text, YamlNode node, string what, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Error(node, $"{what} '{text}' must be a whole number from {min} to {max}");

    public double ParseNumber(string text, YamlNode node, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? value
            : throw Error(node, $"{what} '{text}' must be a number of zero or more");

    public T ParseEnum<T>(string text, YamlNode node, string what) where T : struct, Enum =>
        WireNames.TryParse<T>(text, out var value)
            ? value
            : throw Error(node, $"{what} '{text}' is not one of: {string.Join(", ", WireNames.All<T>())}");

    public T? OptionalEnum<T>(string key, string what) where T : struct, Enum =>
        _values.TryGetValue(key, out var node) && String(key) is { } text ? ParseEnum<T>(text, node, what) : null;
}
