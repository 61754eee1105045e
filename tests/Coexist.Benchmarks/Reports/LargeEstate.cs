using System.Globalization;
using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Benchmarks.Reports;

/// <summary>
/// A deterministic large estate for the report benchmark: every kind of service, facts varied so that every pattern
/// is chosen, findings of every part (half claimed through <c>code:</c> paths and backends, half naming their
/// service), a share of estate-wide findings, and probe results on six paths from two vantage points.
/// </summary>
public static class LargeEstate
{
    private static readonly string[] CodeRules = ["COEX1001", "COEX1002", "COEX1003", "COEX1004", "COEX1005", "COEX1007"];
    private static readonly string[] SchemaRules = ["COEX2001", "COEX2002", "COEX2004", "COEX2007"];
    private static readonly string[] ProbeRules = ["COEX3001", "COEX4001", "COEX5001", "COEX6001", "COEX7001"];
    private static readonly ProbePath[] Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit, ProbePath.Dual];

    public static Assessment Build(int services, int findingsPerService, int seed = 20261121)
    {
        var random = new Random(seed);
        var infos = new List<ServiceInfo>(services);
        var findings = new List<Finding>(services * findingsPerService);
        var probes = new List<ProbeResult>(services * Paths.Length * 2);
        for (var s = 0; s < services; s++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"svc-{s:D4}");
            var kind = (ServiceKind)(s % 4);
            infos.Add(new ServiceInfo
            {
                Name = name,
                Kind = kind,
                Hosting = (Hosting)(s % 4),
                Addressing = s % 5 == 0 ? null : (Addressing)(s % 2),
                Telephony = kind == ServiceKind.Sip ? (Telephony)(s / 4 % 2) : null,
                Hosts = [$"{name}.example.test"],
                Backends = [$"db-{s % 50}"],
                Code = [$"src/{name}/"],
                UsesUdp = s % 7 == 0,
                Paths = Paths,
            });
            for (var f = 0; f < findingsPerService; f++)
            {
                var part = random.Next(10);
                var severity = (Severity)(random.Next(3) + 1);
                var claimedByPath = f % 2 == 0;
                findings.Add(part switch
                {
                    < 5 => new Finding
                    {
                        RuleId = CodeRules[random.Next(CodeRules.Length)],
                        Severity = severity,
                        Service = claimedByPath ? null : name,
                        Message = $"IPv4 literal '10.{s % 256}.{f % 256}.1' <b>in</b> code",
                        Location = new Location { File = claimedByPath ? $"src/{name}/File{f}.cs" : $"src/other/File{f}.cs", Line = f + 1, Column = 9 },
                    },
                    < 8 => new Finding
                    {
                        RuleId = SchemaRules[random.Next(SchemaRules.Length)],
                        Severity = severity,
                        Service = part == 7 ? null : name,
                        Message = $"table_{f % 20}.ip_{f}: IPv4 stored as text (DEFAULT '192.0.2.1')",
                        Location = new Location { File = "db/schema.sql", Line = 100 + f, Object = $"app.table_{f % 20}.ip_{f}" },
                        Evidence = new JsonObject { ["table"] = $"app.table_{s % 50}_{f % 20}", ["rowsWithIPv4"] = random.Next(1_000_000), ["schema"] = $"db-{s % 50}" },
                    },
                    _ => new Finding
                    {
                        RuleId = ProbeRules[random.Next(ProbeRules.Length)],
                        Severity = severity,
                        Service = f % 10 == 9 ? null : name,
                        Message = $"check failed for {name} <script>alert(1)</script>",
                    },
                });
            }
            foreach (var path in Paths)
            {
                foreach (var vantage in (ReadOnlySpan<string>)["v4-office", "v6-lab"])
                {
                    var roll = random.Next(10);
                    probes.Add(new ProbeResult
                    {
                        Service = name,
                        Kind = kind,
                        Check = "tcp-connect",
                        Path = path,
                        Target = $"{name}.example.test",
                        Address = path == ProbePath.V4 ? "198.51.100.7" : "2001:db8::7",
                        Port = 443,
                        Outcome = roll < 5 ? Outcome.Pass : roll < 7 ? Outcome.Fail : roll < 8 ? Outcome.Warn : Outcome.Error,
                        DurationMs = random.Next(1, 500),
                        Detail = roll < 8 ? "connected" : "no IPv6 on the probing host",
                        RuleId = roll is 5 or 6 ? ProbeRules[random.Next(ProbeRules.Length)] : null,
                        Vantage = vantage,
                    });
                }
            }
        }
        return new Assessment { Services = infos, Findings = findings, Probes = probes };
    }
}
