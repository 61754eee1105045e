using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Tests.Mail;
using Coexist.Probes.Tests.Support;

namespace Coexist.Cli.Tests;

/// <summary>
/// <c>coexist probe</c> runs the mail probe: an inventory's mail service against an MTA on loopback (a real SMTP
/// dialogue, no STARTTLS offered), its results in JSON and its faults in SARIF under their COEX5xxx rules.
/// </summary>
public sealed class ProbeCommandMailTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private TestDnsServer? _resolver;
    private LoopbackSmtpServer? _mta;

    private string Resolver => $"127.0.0.1:{_resolver!.EndPoint.Port}";

    public Task InitializeAsync()
    {
        var data = new TestZoneData().Zone("cli.test", "ns.cli.test").Addresses("mail.cli.test", "127.0.0.1");
        _resolver = TestDnsServer.Start(IPAddress.Loopback, data, TestServerRole.Resolver);
        _mta = LoopbackSmtpServer.Start(IPAddress.Loopback, SmtpServerScript.Healthy.WithoutStartTls());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_resolver is not null) await _resolver.DisposeAsync();
        if (_mta is not null) await _mta.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();

    private string Inventory() => _folder.Write("mail.yaml", $"""
        paths: [v4]
        treat-as-public: [127.0.0.0/8]
        services:
          - name: cli-mail
            kind: mail
            hosts: [mail.cli.test]
            ports: [{_mta!.EndPoint.Port}]
        """);

    [Fact]
    public async Task A_mail_service_gets_the_mail_checks()
    {
        var (exitCode, output, _) = await Cli.RunAsync("probe", Inventory(), "--resolver", Resolver, "--format", "json");

        Assert.Equal(1, exitCode);
        var assessment = AssessmentJson.Deserialize(output);
        var smtp = Assert.Single(assessment.Probes, p => p.Check == "mail-smtp");
        Assert.Equal(Outcome.Pass, smtp.Outcome);
        Assert.Equal(_mta!.EndPoint.Port, smtp.Port);
        Assert.Equal("COEX5002", smtp.RuleId);
        var tls = Assert.Single(assessment.Probes, p => p.Check == "mail-starttls");
        Assert.Equal(Outcome.Fail, tls.Outcome);
        Assert.Contains("EHLO does not offer STARTTLS", tls.Detail);
        Assert.Contains(assessment.Probes, p => p.Check == "mail-mx" && p.Outcome == Outcome.Pass);
        Assert.All(_mta.Received, line => Assert.Matches("^(EHLO|QUIT)", line));
    }

    [Fact]
    public async Task Sarif_reports_mail_faults_under_their_rule_and_severity()
    {
        var (exitCode, output, _) = await Cli.RunAsync("probe", Inventory(), "--resolver", Resolver, "--format", "sarif");

        Assert.Equal(1, exitCode);
        var run = JsonNode.Parse(output)!["runs"]![0]!;
        var result = Assert.Single(run["results"]!.AsArray(), r => r!["ruleId"]!.GetValue<string>() == "COEX5003");
        Assert.Equal("error", result!["level"]!.GetValue<string>());
        Assert.Contains(run["tool"]!["driver"]!["rules"]!.AsArray(), r => r!["id"]!.GetValue<string>() == "COEX5007");
    }
}
