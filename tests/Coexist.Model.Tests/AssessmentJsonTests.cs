using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Model.Tests;

public class AssessmentJsonTests
{
    private static Assessment Full() => new()
    {
        Tool = new ToolInfo("coexist", "1.2.3"),
        Services =
        [
            new ServiceInfo
            {
                Name = "shop-web", Kind = ServiceKind.Web, Hosting = Hosting.Dedicated,
                Addressing = Addressing.PrivateV4BehindLb, Hosts = ["www.shop.example"], Backends = ["shop-db"],
                Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64],
            },
            new ServiceInfo { Name = "click-to-call", Kind = ServiceKind.Sip, Telephony = Telephony.AllIp },
        ],
        Findings =
        [
            new Finding
            {
                RuleId = "COEX1003", Severity = Severity.Warning, Service = "shop-web", Message = "listens on IPv4 only",
                Location = new Location { File = "src/Net.cs", Line = 12, Column = 5, EndLine = 12, EndColumn = 20 },
                Evidence = new JsonObject { ["symbol"] = "IPAddress.Any", ["literal"] = "0.0.0.0" },
            },
            new Finding
            {
                RuleId = "COEX2001", Severity = Severity.Note, Message = "already IPv6-capable",
                Location = new Location { Object = "public.sessions.client_ip" },
            },
        ],
        Probes =
        [
            new ProbeResult
            {
                Service = "shop-web", Kind = ServiceKind.Web, Check = "http", Path = ProbePath.Nat64,
                Target = "shop.example.test", Address = "2001:db8:64::c000:20a", Port = 443, Outcome = Outcome.Fail,
                DurationMs = 12.3, Detail = "connection refused", RuleId = "COEX4001",
                Evidence = new JsonObject { ["tried"] = new JsonArray("2001:db8:64::c000:20a") },
            },
        ],
    };

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var json = AssessmentJson.Serialize(Full());
        var back = AssessmentJson.Deserialize(json);
        Assert.Equal(json, AssessmentJson.Serialize(back));
        Assert.Equal(Addressing.PrivateV4BehindLb, back.Services[0].Addressing);
        Assert.Equal(ProbePath.Nat64, back.Probes[0].Path);
        Assert.Equal(12, back.Findings[0].Location!.Line);
        Assert.Equal("0.0.0.0", (string?)back.Findings[0].Evidence!["literal"]);
    }

    [Fact]
    public void Writes_the_contract_names_and_wire_values()
    {
        var root = JsonNode.Parse(AssessmentJson.Serialize(Full()))!.AsObject();
        Assert.Equal("coexist.assessment/v1", (string?)root["schema"]);
        Assert.Equal("coexist", (string?)root["tool"]!["name"]);
        var service = root["services"]![0]!;
        Assert.Equal("private-v4-behind-lb", (string?)service["addressing"]);
        Assert.Equal("dedicated", (string?)service["hosting"]);
        Assert.Equal("all-ip", (string?)root["services"]![1]!["telephony"]);
        var finding = root["findings"]![0]!;
        Assert.Equal("COEX1003", (string?)finding["ruleId"]);
        Assert.Equal("warning", (string?)finding["severity"]);
        Assert.Equal("src/Net.cs", (string?)finding["location"]!["file"]);
        var probe = root["probes"]![0]!;
        Assert.Equal("nat64", (string?)probe["path"]);
        Assert.Equal("fail", (string?)probe["outcome"]);
        Assert.Equal(12.3, (double)probe["durationMs"]!);
        // Absent optional values are left out rather than written as null.
        Assert.False(root["findings"]![1]!.AsObject().ContainsKey("service"));
    }

    [Fact]
    public void Reads_the_example_from_the_design()
    {
        const string json = """
            {
              "schema": "coexist.assessment/v1",
              "tool": {"name": "coexist", "version": "0.1.0"},
              "services": [{"name": "shop-web", "kind": "web", "hosting": "dedicated",
                            "addressing": "private-v4-behind-lb"}],
              "findings": [{"ruleId": "COEX1003", "severity": "warning", "service": "shop-web",
                            "message": "...", "location": {"file": "src/Net.cs", "line": 12},
                            "evidence": {}}],
              "probes": [{"service": "shop-web", "kind": "web", "check": "http", "path": "nat64",
                          "target": "shop.example.test", "address": "2001:db8:64::c000:20a", "port": 443,
                          "outcome": "pass", "durationMs": 12.3,
                          "detail": "...", "evidence": {}}]
            }
            """;
        var assessment = AssessmentJson.Deserialize(json);
        Assert.Equal(Hosting.Dedicated, assessment.Services[0].Hosting);
        Assert.Equal(Severity.Warning, assessment.Findings[0].Severity);
        Assert.Equal(Outcome.Pass, assessment.Probes[0].Outcome);
        Assert.Equal(443, assessment.Probes[0].Port);
    }

    [Theory]
    [InlineData("""{"schema": "coexist.assessment/v2"}""", "not supported")]
    [InlineData("""{"services": []}""", "missing \"schema\"")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    [InlineData("""{"schema": "coexist.assessment/v1", "probes": [{"outcome": "maybe"}]}""", "does not match")]
    [InlineData("""{"schema": "coexist.assessment/v1",""", "not valid JSON")]
    public void Refuses_other_documents_with_a_reason(string json, string reason)
    {
        var error = Assert.Throws<AssessmentFormatException>(() => AssessmentJson.Deserialize(json, "result.json"));
        Assert.StartsWith("result.json: ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_probe_line_is_one_line_of_json()
    {
        var line = AssessmentJson.SerializeLine(Full().Probes[0]);
        Assert.DoesNotContain('\n', line);
        Assert.Equal("nat64", (string?)JsonNode.Parse(line)!["path"]);
    }

    [Fact]
    public void Merge_joins_parts_and_completes_services()
    {
        var code = new Assessment { Services = [new ServiceInfo { Name = "shop-web", Kind = ServiceKind.Web }], Findings = Full().Findings };
        var probes = new Assessment { Services = [new ServiceInfo { Name = "shop-web", Kind = ServiceKind.Web, Hosting = Hosting.Vps }], Probes = Full().Probes };
        var merged = AssessmentMerge.Merge([code, probes]);
        Assert.Single(merged.Services);
        Assert.Equal(Hosting.Vps, merged.Services[0].Hosting);
        Assert.Equal(2, merged.Findings.Count);
        Assert.Single(merged.Probes);
    }
}
