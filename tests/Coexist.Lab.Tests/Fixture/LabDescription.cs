using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coexist.Model;

namespace Coexist.Lab.Tests.Fixture;

/// <summary>
/// What <c>samples/lab/up.sh</c> built, read from <c>run/lab.json</c> (schema <c>coexist.lab/v1</c>).
/// Tests look addresses, names and expectations up here instead of hard-coding them.
/// <see cref="Inventory"/> is the lab's services as a <c>coexist.yaml</c>.
/// </summary>
public sealed record LabDescription(
    string Schema,
    string RunDirectory,
    string Zone,
    string CaCertificate,
    string Inventory,
    LabHost Host,
    LabNat64 Nat64,
    LabResolvers Resolvers,
    LabNameServer Parent,
    LabBench Bench,
    IReadOnlyList<LabNamespace> Namespaces,
    IReadOnlyList<LabServer> Servers,
    IReadOnlyList<LabCase> Cases,
    LabSiit? Siit = null)
{
    public const string SchemaName = "coexist.lab/v1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,   // "ipv4" in the file, IPv4 in C#
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new IPAddressConverter(), new Nat64PrefixConverter() },
    };

    public static LabDescription Parse(string json)
    {
        var lab = JsonSerializer.Deserialize<LabDescription>(json, Options)
            ?? throw new InvalidDataException("lab.json is empty");
        if (lab.Schema != SchemaName)
        {
            throw new InvalidDataException($"lab.json has schema '{lab.Schema}', expected '{SchemaName}'");
        }
        return lab;
    }

    public static LabDescription Load(string path) => Parse(File.ReadAllText(path));

    public LabCase Case(string id) => Cases.SingleOrDefault(c => c.Id == id)
        ?? throw new KeyNotFoundException($"lab.json has no case '{id}'; known: {string.Join(", ", Cases.Select(c => c.Id))}");

    public IEnumerable<LabCase> CasesOfKind(string kind) => Cases.Where(c => c.Kind == kind);

    /// <summary>The namespace of a role: client4, client6, dns, resolver, web, mail, sip, mtu, mtufw, mtubh, mtuok, bench or gateway.</summary>
    public LabNamespace Namespace(string role) => Namespaces.SingleOrDefault(n => n.Role == role)
        ?? throw new KeyNotFoundException($"lab.json has no namespace with role '{role}'");

    public LabServer Server(string name) => Servers.SingleOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"lab.json has no server '{name}'");
}

/// <summary>The root namespace: a dual-stack probing host with routes into the lab for <see cref="Routes"/> only.</summary>
public sealed record LabHost(string Interface, IPAddress IPv4, IPAddress IPv6, IPAddress GatewayIPv4, IPAddress GatewayIPv6, IReadOnlyList<string> Routes);

/// <summary>tayga in the gateway namespace: IPv6 destinations under <see cref="Prefix"/> reach IPv4 from <see cref="Pool"/>.</summary>
public sealed record LabNat64(Nat64Prefix Prefix, string Namespace, IPAddress IPv4, string Pool);

/// <summary>
/// The SIIT tayga (stateless 1:1, explicit address mappings): IPv4 clients reach an IPv6 server at the IPv4 address
/// <see cref="Map"/> gives it, and servers see IPv4 clients inside <see cref="Prefix"/>.
/// </summary>
public sealed record LabSiit(Nat64Prefix Prefix, string Namespace, IPAddress IPv4, IPAddress IPv6, IReadOnlyList<LabSiitMapping> Map)
{
    public IPAddress V4For(IPAddress v6) => Map.SingleOrDefault(m => m.IPv6.Equals(v6))?.IPv4
        ?? throw new KeyNotFoundException($"lab.json maps no IPv4 address to {v6}");
}

public sealed record LabSiitMapping(IPAddress IPv4, IPAddress IPv6);

public sealed record LabResolvers(LabResolver Plain, LabResolver Dns64);

public sealed record LabResolver(IPAddress? IPv4, IPAddress? IPv6);

public sealed record LabNameServer(string Zone, string Name, IPAddress IPv4, IPAddress IPv6);

/// <summary>
/// A network namespace; <see cref="Link"/> is the index of its veth link to <see cref="Upstream"/>
/// (the gateway's namespace, or the previous namespace of the MTU chain). The gateway has neither.
/// </summary>
public sealed record LabNamespace(string Name, string Role, int? Link, string? Upstream, IReadOnlyList<IPAddress> IPv4, IReadOnlyList<IPAddress> IPv6);

/// <summary>iperf3 servers (and ICMP echo targets) in <see cref="Namespace"/>, one per path from the root namespace.</summary>
public sealed record LabBench(string Namespace, string Tool, int Port, IReadOnlyList<LabBenchPath> Paths)
{
    public LabBenchPath Path(string path) => Paths.SingleOrDefault(p => p.Path == path)
        ?? throw new KeyNotFoundException($"lab.json has no bench path '{path}'; known: {string.Join(", ", Paths.Select(p => p.Path))}");
}

/// <summary>
/// One measured path: v4, v6, nat64 or siit. A client connects to <see cref="Address"/> and pings <see cref="Echo"/>;
/// <see cref="Server"/> (in lab.json's servers) listens on <see cref="ServerAddress"/>, which differs on the translated
/// paths, in <see cref="Namespace"/> (the bench's own unless said: siit's server is IPv6-only, in coexist-v6only).
/// </summary>
public sealed record LabBenchPath(string Path, IPAddress Address, IPAddress Echo, IPAddress ServerAddress, string Server, string? Namespace = null);

public sealed record LabServer(string Name, string Software, string Namespace, string PidFile, string Log, IReadOnlyList<IPAddress> IPv4, IReadOnlyList<IPAddress> IPv6);

/// <summary>
/// One designed behaviour, healthy or broken. <see cref="Counterpart"/> names the healthy case a broken one
/// differs from; <see cref="Expect"/> holds the case's facts (for example <c>starttlsIPv6=no</c>).
/// <see cref="Nat64"/> is <see cref="IPv4"/> embedded in the NAT64 prefix (by up.sh), for the kinds reached through NAT64.
/// </summary>
public sealed record LabCase(
    string Id,
    string Kind,
    bool Healthy,
    string? Counterpart,
    string Name,
    IReadOnlyList<IPAddress> IPv4,
    IReadOnlyList<IPAddress> IPv6,
    IReadOnlyList<IPAddress> Nat64,
    IReadOnlyList<int> Ports,
    string Description,
    IReadOnlyDictionary<string, string> Expect)
{
    public IEnumerable<IPAddress> Addresses => IPv4.Concat(IPv6);

    public string Fact(string key) => Expect.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"lab case '{Id}' has no expectation '{key}'");

    public bool FactIsYes(string key) => Fact(key) == "yes";

    public override string ToString() => Id;
}

internal sealed class IPAddressConverter : JsonConverter<IPAddress>
{
    public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return IPText.TryParse(text, out var address) ? address : throw new JsonException($"'{text}' is not an IP address");
    }

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

internal sealed class Nat64PrefixConverter : JsonConverter<Nat64Prefix>
{
    public override Nat64Prefix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return Nat64Prefix.TryParse(text, out var prefix, out var error) ? prefix : throw new JsonException($"'{text}' is not a NAT64 prefix: {error}");
    }

    public override void Write(Utf8JsonWriter writer, Nat64Prefix value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
