using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Reports.Tests;

/// <summary>Builders for hand-made assessments: services, findings and probe results as the other parts write them.</summary>
internal static class Estate
{
    public static ServiceInfo Service(string name, ServiceKind kind, Hosting? hosting = null, Addressing? addressing = null,
        Telephony? telephony = null, string[]? backends = null, string[]? code = null, bool? udp = null, ProbePath[]? paths = null) => new()
    {
        Name = name,
        Kind = kind,
        Hosting = hosting,
        Addressing = addressing,
        Telephony = telephony,
        Hosts = [$"{name}.shop.example"],
        Backends = backends,
        Code = code,
        UsesUdp = udp,
        Paths = paths ?? [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64],
    };

    public static ProbeResult Probe(ServiceInfo service, ProbePath path, Outcome outcome, string check = "tcp-connect",
        string? rule = null, string? detail = null, string? vantage = null, string? target = null) => new()
    {
        Service = service.Name,
        Kind = service.Kind,
        Check = check,
        Path = path,
        Target = target ?? service.Hosts![0],
        Address = path == ProbePath.V4 ? "198.51.100.10" : "2001:db8::10",
        Port = 443,
        Outcome = outcome,
        DurationMs = 12.5,
        Detail = detail ?? $"{check} {outcome}",
        RuleId = rule,
        Vantage = vantage,
    };

    /// <summary>Probe results of one service: the given outcome on each path.</summary>
    public static IEnumerable<ProbeResult> Probes(ServiceInfo service, params (ProbePath Path, Outcome Outcome)[] outcomes) =>
        outcomes.Select(o => Probe(service, o.Path, o.Outcome));

    public static Finding Code(string rule, string file, int line, Severity severity = Severity.Warning, string? service = null) => new()
    {
        RuleId = rule,
        Severity = severity,
        Service = service,
        Message = $"{rule} at {file}:{line}",
        Location = new Location { File = file, Line = line, Column = 5 },
    };

    /// <summary>A schema finding as <c>coexist schema</c> writes it: DDL file and line, table in evidence, rows when the data was read.</summary>
    public static Finding Schema(string rule, string file, string table, string column, long rows = 0, Severity severity = Severity.Warning, string? schema = null)
    {
        var evidence = new JsonObject { ["table"] = table, ["column"] = column, ["dialect"] = "mysql" };
        if (rows > 0)
        {
            evidence["rowsRead"] = rows;
            evidence["rowsWithIPv4"] = rows;
        }
        if (schema is not null) evidence["schema"] = schema;
        return new Finding
        {
            RuleId = rule,
            Severity = severity,
            Message = $"{table}.{column}: IPv4 addresses stored as text",
            Location = new Location { File = file, Line = 12, Object = $"{table}.{column}" },
            Evidence = evidence,
        };
    }
}
