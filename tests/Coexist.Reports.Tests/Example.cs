using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Reports.Planning;
using static Coexist.Reports.Tests.Estate;

namespace Coexist.Reports.Tests;

/// <summary>A small estate with every kind of service, results from two vantage points, and hostile text where peers and files put text.</summary>
internal static class Example
{
    public const string HostileBanner = "<script>window.__coexistPwned = true;</script><img src=x onerror=\"window.__coexistPwned=true\">";
    public const string HostileSql = "DEFAULT '10.0.0.1' -- </td></tr><script>alert(1)</script> | a | b |";

    public static readonly PlanningContext Context = PlanningContext.Default with
    {
        Organization = "Example Shop <Ltd>",
        Schemas = [new SchemaRef("shop-db", "db/schema.sql", Live: false)],
    };

    public static Assessment Assessment()
    {
        var web = Service("shop-web", ServiceKind.Web, Hosting.Dedicated, Addressing.PrivateV4BehindLb, backends: ["shop-db"], code: ["src/Shop.Web/"]);
        var mail = Service("shop-mail", ServiceKind.Mail, Hosting.Dedicated, Addressing.GlobalV4, backends: ["shop-db"]);
        var voice = Service("click-to-call", ServiceKind.Sip, Hosting.Vps, telephony: Telephony.AllIp);
        var dns = Service("shop-dns", ServiceKind.Dns, paths: [ProbePath.V4, ProbePath.V6]);
        return new Assessment
        {
            Services = [web, mail, voice, dns],
            Findings =
            [
                Code("COEX1003", "src/Shop.Web/Program.cs", 14, Severity.Warning),
                Code("COEX1001", "src/Shop.Web/Notify.cs", 8),
                Code("COEX1001", "tools/backup.cs", 3),
                Schema("COEX2001", "db/schema.sql", "shop.orders", "client_ip", rows: 1_200_000),
                Schema("COEX2007", "db/schema.sql", "shop.settings", "allowed_hosts", rows: 40) with { Message = HostileSql },
            ],
            Probes =
            [
                Probe(web, ProbePath.V4, Outcome.Pass, "http", vantage: "v4-office"),
                Probe(web, ProbePath.V6, Outcome.Error, "http", detail: "no IPv6 on the probing host", vantage: "v4-office"),
                Probe(web, ProbePath.V6, Outcome.Fail, "http", rule: "COEX4001", detail: "connection refused on [2001:db8::10]:443", vantage: "v6-only-lab"),
                Probe(web, ProbePath.Nat64, Outcome.Pass, "http", vantage: "v6-only-lab"),
                Probe(web, ProbePath.Dns64, Outcome.Pass, "http", vantage: "v6-only-lab"),
                Probe(mail, ProbePath.V4, Outcome.Pass, "smtp-banner", detail: HostileBanner, vantage: "v4-office") with { Evidence = new JsonObject { ["banner"] = HostileBanner } },
                Probe(mail, ProbePath.V6, Outcome.Fail, "smtp-banner", rule: "COEX5001", detail: "no AAAA for mx.shop.example", vantage: "v6-only-lab"),
                Probe(mail, ProbePath.Nat64, Outcome.Skipped, "smtp-banner", detail: "lab not running: needs root", vantage: "v6-only-lab"),
                Probe(voice, ProbePath.V4, Outcome.Pass, "sip-options", vantage: "v4-office"),
                Probe(voice, ProbePath.V6, Outcome.Fail, "sip-options", rule: "COEX6001", detail: "SDP offers IPv4-only media (c=IN IP4 198.51.100.20)", vantage: "v6-only-lab"),
                Probe(voice, ProbePath.Nat64, Outcome.Fail, "sip-options", vantage: "v6-only-lab"),
                Probe(dns, ProbePath.V4, Outcome.Pass, "dns-ns-ipv6", vantage: "v4-office"),
                Probe(dns, ProbePath.V6, Outcome.Pass, "dns-aaaa", vantage: "v6-only-lab"),
            ],
        };
    }

    public static EstatePlan Plan() => Planner.Plan(Assessment(), Context);
}
