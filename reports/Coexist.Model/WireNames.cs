using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Coexist.Model;

/// <summary>
/// The names enums have on the wire (JSON, YAML, command line), read from their
/// <see cref="JsonStringEnumMemberNameAttribute"/> so that there is one spelling in one place.
/// </summary>
public static class WireNames
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, object>> ByName = new();

    public static string Of<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? value.ToString().ToLowerInvariant();

    public static IEnumerable<string> All<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Select(Of);

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        var table = ByName.GetOrAdd(typeof(T), static _ =>
            Enum.GetValues<T>().ToDictionary(Of, v => (object)v, StringComparer.OrdinalIgnoreCase));
        if (text is not null && table.TryGetValue(text.Trim(), out var found))
        {
            value = (T)found;
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Parses a wire name or throws a <see cref="FormatException"/> that lists what is allowed.</summary>
    public static T Parse<T>(string? text, string what) where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw new FormatException($"{what} '{text}' is not one of {string.Join(", ", All<T>())}");
}
