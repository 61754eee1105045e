using System.Net;

namespace Coexist.Model;

/// <summary>
/// An estate as ops describe it once in <c>coexist.yaml</c> (DESIGN.md, "The inventory").
/// Keys are a promise to users: add, never rename or drop.
/// </summary>
public sealed record Inventory
{
    /// <summary>The directory relative paths (<c>code</c>, <c>schemas[].file</c>) are resolved against.</summary>
    public required string BaseDirectory { get; init; }
    public string? Organization { get; init; }
    public IReadOnlyList<string> Code { get; init; } = [];
    public IReadOnlyList<SchemaSource> Schemas { get; init; } = [];
    public EndPointText? Resolver { get; init; }
    public EndPointText? Dns64 { get; init; }
    public Nat64Prefix? Nat64Prefix { get; init; }
    public IReadOnlyList<SiitMapping> Siit { get; init; } = [];
    public IReadOnlyList<ProbePath>? Paths { get; init; }
    public EffortSettings Effort { get; init; } = new();
    public IReadOnlyList<ServiceSpec> Services { get; init; } = [];
    /// <summary>
    /// Special-purpose ranges that are this estate's own public addresses (a lab in documentation space, say):
    /// answers inside them are not flagged as special-purpose (<c>treat-as-public:</c>, rule COEX3002).
    /// </summary>
    public IReadOnlyList<IPNetwork> TreatAsPublic { get; init; } = [];
    /// <summary>Private certificate authorities trusted by the TLS checks (<c>ca-file:</c>, one path or a list), as full paths.</summary>
    public IReadOnlyList<string> CaFiles { get; init; } = [];

    public string Resolve(string relativePath) => Path.GetFullPath(Path.Combine(BaseDirectory, relativePath));

    /// <summary>The paths a service is probed on: its own list, else the estate's default, else v4 and v6.</summary>
    public IReadOnlyList<ProbePath> PathsFor(ServiceSpec service) =>
        service.Paths ?? Paths ?? [ProbePath.V4, ProbePath.V6];
}

/// <summary>A schema to assess: a DDL file, or a live database whose connection string is in an environment variable.</summary>
public sealed record SchemaSource
{
    /// <summary>The name services list in <c>backends:</c>, so that this schema's findings reach their plans.</summary>
    public string? Name { get; init; }
    public string? File { get; init; }
    public string? Dialect { get; init; }
    /// <summary>The environment variable that holds the connection string (written <c>env:NAME</c> in the inventory).</summary>
    public string? ConnectionVariable { get; init; }
    public int Line { get; init; }
}

public sealed record SiitMapping(IPAddress V4, IPAddress V6);

/// <summary>Person-day overrides of the planner's cost model (docs/effort-model.md); null keeps the default.</summary>
public sealed record EffortSettings
{
    public IReadOnlyDictionary<string, double> PerFinding { get; init; } = new Dictionary<string, double>();
    /// <summary>Each table whose stored IPv4 data or columns must change (<c>per-table</c>).</summary>
    public double? PerTable { get; init; }
    /// <summary>Each million rows of IPv4 data to migrate or duplicate (<c>per-million-rows</c>).</summary>
    public double? PerMillionRows { get; init; }
    /// <summary>Each server the chosen coexistence pattern adds (<c>per-server</c>).</summary>
    public double? PerServer { get; init; }
    /// <summary>Each path (v6, nat64, ...) that must be enabled for a service (<c>per-path</c>).</summary>
    public double? PerPath { get; init; }
}

public sealed record ServiceSpec
{
    public required string Name { get; init; }
    public required ServiceKind Kind { get; init; }
    public IReadOnlyList<string> Hosts { get; init; } = [];
    public IReadOnlyList<int> Ports { get; init; } = [];
    public Hosting? Hosting { get; init; }
    public Addressing? Addressing { get; init; }
    public IReadOnlyList<string> Backends { get; init; } = [];
    public IReadOnlyList<ProbePath>? Paths { get; init; }
    /// <summary>Mail: the domain whose MX records are discovered. SIP: the domain for NAPTR/SRV discovery.</summary>
    public string? Domain { get; init; }
    public Telephony? Telephony { get; init; }
    public IReadOnlyList<SipTransport> Transports { get; init; } = [];
    /// <summary>SIP: the service's SIP servers (proxies, registrars, SBCs), names or addresses, probed besides <c>hosts</c> and discovery.</summary>
    public IReadOnlyList<string> SipServers { get; init; } = [];
    /// <summary>SIP: the service's media gateways (to the PSTN, or between families), names or addresses, probed with OPTIONS.</summary>
    public IReadOnlyList<string> MediaGateways { get; init; } = [];
    /// <summary>DNS: the zone whose name servers are checked.</summary>
    public string? Zone { get; init; }
    /// <summary>Source folders or files of this service (<c>code:</c>): code findings under them belong to its plan.</summary>
    public IReadOnlyList<string> Code { get; init; } = [];
    /// <summary>Clients use UDP applications such as video or games (<c>uses-udp:</c>).</summary>
    public bool? UsesUdp { get; init; }
    /// <summary>Line of the service in the inventory, for messages that point back at it.</summary>
    public int Line { get; init; }

    public ServiceInfo ToServiceInfo(IReadOnlyList<ProbePath> paths) => new()
    {
        Name = Name,
        Kind = Kind,
        Hosting = Hosting,
        Addressing = Addressing,
        Telephony = Telephony,
        Hosts = Hosts.Count > 0 ? Hosts : Domain is not null ? [Domain] : Zone is not null ? [Zone] : null,
        Backends = Backends.Count > 0 ? Backends : null,
        Paths = paths,
        SipServers = SipServers.Count > 0 ? SipServers : null,
        MediaGateways = MediaGateways.Count > 0 ? MediaGateways : null,
        Code = Code.Count > 0 ? Code : null,
        UsesUdp = UsesUdp,
    };
}
