using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Reports.Planning;

/// <summary>
/// Decides which services a finding belongs to, in this order (docs/planner.md):
/// 1. the finding names a known service;
/// 2. a schema finding belongs to the services whose <c>backends:</c> list its schema, known by the name in its
///    evidence (<c>"schema"</c>), by its DDL file, or as the only live schema of the inventory;
/// 3. a code finding belongs to the services whose <c>code:</c> paths hold its file;
/// otherwise it is estate-wide.
/// </summary>
internal sealed class Attribution
{
    private readonly HashSet<string> _services;
    private readonly Dictionary<string, List<string>> _byBackend = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byCodePath = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<SchemaRef> _schemas;
    private readonly SchemaRef? _onlyLiveSchema;

    public Attribution(IReadOnlyList<ServiceInfo> services, IReadOnlyList<SchemaRef> schemas)
    {
        _services = services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        _schemas = schemas;
        var live = schemas.Where(s => s.Live).ToList();
        _onlyLiveSchema = live.Count == 1 ? live[0] : null;
        foreach (var service in services)
        {
            foreach (var backend in service.Backends ?? []) Add(_byBackend, backend, service.Name);
            foreach (var code in service.Code ?? []) Add(_byCodePath, Normalize(code), service.Name);
        }

        static void Add(Dictionary<string, List<string>> map, string key, string service)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            if (!list.Contains(service)) list.Add(service);
        }
    }

    /// <summary>The services <paramref name="finding"/> belongs to; empty when it is estate-wide.</summary>
    public IReadOnlyList<string> ServicesOf(Finding finding)
    {
        if (finding.Service is { } named && _services.Contains(named)) return [named];
        var part = RuleParts.Of(finding.RuleId);
        if (part == RulePart.Schema && SchemaOf(finding) is { } schema)
            return _byBackend.TryGetValue(schema, out var users) ? users : [];
        if (finding.Location?.File is { } file && _byCodePath.Count > 0)
            return CodeOwners(Normalize(file));
        return [];
    }

    private string? SchemaOf(Finding finding)
    {
        if (finding.Evidence?["schema"] is JsonValue value && value.TryGetValue<string>(out var name)) return name;
        if (finding.Location?.File is { } file)
        {
            var normalized = Normalize(file);
            foreach (var schema in _schemas)
            {
                if (schema.File is { } schemaFile && SamePath(normalized, Normalize(schemaFile))) return schema.Name;
            }
            return null;
        }
        return _onlyLiveSchema?.Name;
    }

    // A code path in the inventory is relative to the estate; a finding's file may be relative or absolute. The
    // path matches when it is a run of whole segments of the file's path, so every such run is looked up once.
    private List<string> CodeOwners(string file)
    {
        var owners = new List<string>();
        var segments = file.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var start = 0; start < segments.Length; start++)
        {
            for (var end = start + 1; end <= segments.Length; end++)
            {
                if (_byCodePath.TryGetValue(string.Join('/', segments, start, end - start), out var services))
                {
                    foreach (var service in services.Where(s => !owners.Contains(s))) owners.Add(service);
                }
            }
        }
        return owners;
    }

    private static bool SamePath(string a, string b) =>
        a == b || a.EndsWith("/" + b, StringComparison.Ordinal) || b.EndsWith("/" + a, StringComparison.Ordinal);

    private static string Normalize(string path)
    {
        var text = path.Replace('\\', '/').Trim();
        while (text.StartsWith("./", StringComparison.Ordinal)) text = text[2..];
        return text.TrimEnd('/');
    }
}
