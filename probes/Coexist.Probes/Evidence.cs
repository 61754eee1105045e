using System.Text.Json.Nodes;

namespace Coexist.Probes;

/// <summary>Small builders for the JSON evidence results carry.</summary>
internal static class Evidence
{
    /// <summary>A JSON array of the items' text forms.</summary>
    public static JsonArray Strings<T>(IEnumerable<T> items) =>
        new([.. items.Select(item => (JsonNode)JsonValue.Create(item?.ToString() ?? "")!)]);
}
