using System.Net.Sockets;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Coexist.Model;

/// <summary>Reads <c>coexist.yaml</c>. Unknown keys, bad values and duplicates are errors with their line.</summary>
public static class InventoryReader
{
    public const string DefaultFileName = "coexist.yaml";

    private static readonly string[] TopKeys =
        ["organization", "code", "schemas", "resolver", "dns64", "nat64-prefix", "siit", "paths", "effort", "services", "treat-as-public", "ca-file"];
    private static readonly string[] SchemaKeys = ["file", "dialect", "connection", "name"];
    private static readonly string[] SiitKeys = ["v4", "v6"];
    private static readonly string[] EffortKeys = ["per-finding", "per-table", "per-million-rows", "per-server", "per-path"];
    private static readonly string[] ServiceKeys =
        ["name", "kind", "hosts", "ports", "hosting", "addressing", "backends", "paths", "domain", "telephony", "transports", "zone", "code", "uses-udp"];
    // SIP's service model (relay or all-IP, with its SIP servers and media gateways); kept apart so that keys of other parts merge cleanly.
    private static readonly string[] SipServiceKeys = ["sip-servers", "media-gateways"];

    /// <summary>Reads an inventory file; <paramref name="path"/> may also name the directory that holds <c>coexist.yaml</c>.</summary>
    public static Inventory Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, DefaultFileName) : path;
        if (!File.Exists(file))
            throw new InventoryException(file, 0, "no such file");
        return Parse(File.ReadAllText(file), file, Path.GetDirectoryName(Path.GetFullPath(file))!);
    }

    public static Inventory Parse(string yaml, string file, string baseDirectory)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InventoryException(file, (int)e.Start.Line, $"not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0)
            return new Inventory { BaseDirectory = baseDirectory };
        if (stream.Documents.Count > 1)
            throw new InventoryException(file, (int)stream.Documents[1].RootNode.Start.Line, "an inventory is one YAML document");

        var top = new YamlMap(stream.Documents[0].RootNode, file, "the inventory", TopKeys);
        var services = top.Items("services").Select(node => ReadService(node, file)).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            if (!seen.Add(service.Name))
                throw new InventoryException(file, service.Line, $"service name '{service.Name}' is used twice; names must be unique");
        }
        var schemas = top.Items("schemas").Select(node => ReadSchema(node, file)).ToList();
        var schemaNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in schemas.Where(s => s.Name is not null))
        {
            if (!schemaNames.Add(schema.Name!))
                throw new InventoryException(file, schema.Line, $"schema name '{schema.Name}' is used twice; names must be unique");
        }

        return new Inventory
        {
            BaseDirectory = baseDirectory,
            Organization = top.String("organization"),
            Code = top.Strings("code").Select(s => s.Text).ToList(),
            Schemas = schemas,
            Resolver = ReadEndPoint(top, "resolver"),
            Dns64 = ReadEndPoint(top, "dns64"),
            Nat64Prefix = ReadPrefix(top),
            Siit = top.Items("siit").Select(node => ReadSiit(node, file)).ToList(),
            Paths = ReadPaths(top),
            Effort = ReadEffort(top, file),
            Services = services,
            TreatAsPublic = top.Strings("treat-as-public").Select(s => ReadNetwork(top, s.Text, s.Node)).ToList(),
            CaFiles = top.Strings("ca-file").Select(s => Path.GetFullPath(Path.Combine(baseDirectory, s.Text))).ToList(),
        };
    }

    private static System.Net.IPNetwork ReadNetwork(YamlMap map, string text, YamlNode node) =>
        IPPrefixText.TryParse(text, out var network, out var error)
            ? network
            : throw map.Error(node, $"treat-as-public: {error}");

    private static SchemaSource ReadSchema(YamlNode node, string file)
    {
        var map = new YamlMap(node, file, "a schema", SchemaKeys);
        var source = new SchemaSource { Name = map.String("name"), File = map.String("file"), Dialect = map.String("dialect"), Line = map.Line };
        if (map.String("connection") is { } connection)
        {
            // A connection string holds a password; it lives in the environment, never in a file that gets committed.
            if (!connection.StartsWith("env:", StringComparison.Ordinal) || connection.Length == 4)
                throw map.Error(map.Node("connection")!, "write the connection as env:VARIABLE; connection strings are never written inline");
            source = source with { ConnectionVariable = connection[4..] };
        }
        if ((source.File is null) == (source.ConnectionVariable is null))
            throw new InventoryException(file, map.Line, "a schema needs exactly one of 'file' or 'connection'");
        return source;
    }

    private static SiitMapping ReadSiit(YamlNode node, string file)
    {
        var map = new YamlMap(node, file, "a siit mapping", SiitKeys);
        var v4Text = map.RequiredString("v4", "a siit mapping");
        var v6Text = map.RequiredString("v6", "a siit mapping");
        if (!IPText.TryParse(v4Text, out var v4) || v4.AddressFamily != AddressFamily.InterNetwork)
            throw map.Error(map.Node("v4")!, $"siit v4 '{v4Text}' is not an IPv4 address");
        if (!IPText.TryParse(v6Text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            throw map.Error(map.Node("v6")!, $"siit v6 '{v6Text}' is not an IPv6 address");
        return new SiitMapping(v4, v6);
    }

    private static EffortSettings ReadEffort(YamlMap top, string file)
    {
        if (top.Node("effort") is not { } node) return new EffortSettings();
        var map = new YamlMap(node, file, "effort", EffortKeys);
        var perFinding = new Dictionary<string, double>(StringComparer.Ordinal);
        if (map.Node("per-finding") is { } costs)
        {
            var costMap = costs as YamlMappingNode ?? throw map.Error(costs, "'per-finding' must map rule IDs to person-days");
            foreach (var (key, value) in costMap.Children)
            {
                var rule = (key as YamlScalarNode)?.Value ?? "";
                if (!System.Text.RegularExpressions.Regex.IsMatch(rule, "^COEX[0-9]{4}$"))
                    throw map.Error(key, $"'{rule}' is not a rule ID such as COEX1001");
                var text = (value as YamlScalarNode)?.Value ?? "";
                perFinding[rule] = map.ParseNumber(text, value, $"effort for {rule}");
            }
        }
        return new EffortSettings
        {
            PerFinding = perFinding,
            PerTable = Cost("per-table"),
            PerMillionRows = Cost("per-million-rows"),
            PerServer = Cost("per-server"),
            PerPath = Cost("per-path"),
        };

        double? Cost(string key) => map.String(key) is { } text ? map.ParseNumber(text, map.Node(key)!, $"effort {key}") : null;
    }

    private static ServiceSpec ReadService(YamlNode node, string file)
    {
        var map = new YamlMap(node, file, "a service", [.. ServiceKeys, .. SipServiceKeys]);
        var name = map.RequiredString("name", "a service");
        var what = $"service '{name}'";
        var kindText = map.RequiredString("kind", what);
        return new ServiceSpec
        {
            Name = name,
            Kind = map.ParseEnum<ServiceKind>(kindText, map.Node("kind")!, $"{what}: kind"),
            Hosts = map.Strings("hosts").Select(s => s.Text).ToList(),
            Ports = map.Strings("ports").Select(s => map.ParseInt(s.Text, s.Node, $"{what}: port", 1, 65535)).ToList(),
            Hosting = map.OptionalEnum<Hosting>("hosting", $"{what}: hosting"),
            Addressing = map.OptionalEnum<Addressing>("addressing", $"{what}: addressing"),
            Backends = map.Strings("backends").Select(s => s.Text).ToList(),
            Paths = ReadPaths(map),
            Domain = map.String("domain"),
            Telephony = map.OptionalEnum<Telephony>("telephony", $"{what}: telephony"),
            Transports = map.Strings("transports").Select(s => map.ParseEnum<SipTransport>(s.Text, s.Node, $"{what}: transport")).ToList(),
            Zone = map.String("zone"),
            SipServers = SipHosts(map, "sip-servers", what),
            MediaGateways = SipHosts(map, "media-gateways", what),
            Code = map.Strings("code").Select(s => s.Text).ToList(),
            UsesUdp = ReadBool(map, "uses-udp", what),
            Line = map.Line,
        };
    }

    /// <summary>A list of SIP hosts, allowed only on sip services, each a name or an address without a port.</summary>
    private static List<string> SipHosts(YamlMap map, string key, string what)
    {
        var hosts = map.Strings(key).ToList();
        if (hosts.Count == 0) return [];
        if (map.String("kind") is { } kind && !string.Equals(kind, "sip", StringComparison.Ordinal))
            throw map.Error(map.Node(key)!, $"{what}: '{key}' describes a sip service, not a {kind} one");
        foreach (var host in hosts)
        {
            if (host.Text.Length == 0 || host.Text.Any(c => char.IsWhiteSpace(c) || c is '[' or ']' or '/' or '@')
                || (!IPText.TryParse(host.Text, out _) && host.Text.Contains(':')))
                throw map.Error(host.Node, $"{what}: {key} entry '{host.Text}' is not a host name or an address (write ports in SRV records, not here)");
        }
        return [.. hosts.Select(h => h.Text)];
    }

    private static bool? ReadBool(YamlMap map, string key, string what) => map.String(key) switch
    {
        null => null,
        "true" or "yes" => true,
        "false" or "no" => false,
        var text => throw map.Error(map.Node(key)!, $"{what}: {key} '{text}' must be true or false"),
    };

    private static IReadOnlyList<ProbePath>? ReadPaths(YamlMap map) =>
        map.Has("paths") ? map.Strings("paths").Select(s => map.ParseEnum<ProbePath>(s.Text, s.Node, "path")).Distinct().ToList() : null;

    private static EndPointText? ReadEndPoint(YamlMap map, string key)
    {
        if (map.String(key) is not { } text) return null;
        return EndPointText.TryParse(text, out var value)
            ? value
            : throw map.Error(map.Node(key)!, $"{key} '{text}' is not an address or ADDR:PORT (write IPv6 with a port as [ADDR]:PORT)");
    }

    private static Nat64Prefix? ReadPrefix(YamlMap map)
    {
        if (map.String("nat64-prefix") is not { } text) return null;
        return Nat64Prefix.TryParse(text, out var prefix, out var error)
            ? prefix
            : throw map.Error(map.Node("nat64-prefix")!, $"nat64-prefix: {error}");
    }
}
