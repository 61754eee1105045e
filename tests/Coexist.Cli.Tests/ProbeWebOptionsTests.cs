using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coexist.Cli.Commands;
using Coexist.Cli.Probe;
using Coexist.Model;
using Coexist.Probes.Tests.Support;

namespace Coexist.Cli.Tests;

/// <summary>What the web probe adds to <c>coexist probe</c>: <c>--ca-file</c>, the inventory's <c>ca-file:</c>, the web rules in SARIF.</summary>
public sealed class ProbeWebOptionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string CaFile(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return _folder.Write($"{name}.pem", ca.ExportCertificatePem());
    }

    [Fact]
    public void Ca_files_from_the_option_and_from_the_inventory_are_both_trusted()
    {
        var option = CaFile("option-ca");
        CaFile("inventory-ca");
        var inventory = _folder.Write("coexist.yaml", """
            ca-file: inventory-ca.pem
            services:
              - name: shop-web
                kind: web
                hosts: [www.shop.test]
            """);

        var request = ProbeCommand.Request(inventory, new ProbeOverrides { CaFiles = [option] });

        Assert.Equal(["CN=inventory-ca", "CN=option-ca"], request.Settings.CertificateAuthorities.Select(c => c.Subject));
        Assert.Contains(request.Probes, p => p.Name == "web");
    }

    [Fact]
    public async Task A_missing_or_empty_ca_file_is_bad_usage_with_one_line()
    {
        var (exitCode, output, error) = await Cli.RunAsync("probe", "www.shop.test", "--ca-file", Path.Combine(_folder.Root, "missing.pem"));
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Matches("^coexist: ca-file .*missing.pem: no such certificate file$", error.Trim());

        var junk = _folder.Write("junk.pem", "not a certificate");
        (exitCode, _, error) = await Cli.RunAsync("probe", "www.shop.test", "--ca-file", junk);
        Assert.Equal(2, exitCode);
        Assert.Contains("junk.pem: holds no certificate in PEM or DER", error);
    }

    [Fact]
    public async Task Sarif_lists_the_web_rules_and_reports_web_fails_under_them()
    {
        await using var resolver = TestDnsServer.Start(System.Net.IPAddress.Loopback,
            new TestZoneData().Zone("cli.test", "ns.cli.test").Addresses("v4only.cli.test", "127.0.0.1"), TestServerRole.Resolver);
        using var web = new LoopbackHttpResponder();
        var inventory = _folder.Write("web.yaml", $"""
            treat-as-public: [127.0.0.0/8]
            paths: [v4, v6]
            services:
              - name: cli-web
                kind: web
                hosts: [v4only.cli.test]
                ports: [{web.Port}]
            """);

        var (exitCode, output, _) = await Cli.RunAsync("probe", inventory, "--resolver", $"127.0.0.1:{resolver.EndPoint.Port}", "--format", "sarif");

        Assert.Equal(1, exitCode);
        var run = JsonNode.Parse(output)!["runs"]![0]!;
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("COEX4001", rules);
        Assert.Contains("COEX4010", rules);
        var results = run["results"]!.AsArray();
        Assert.Contains(results, r => r!["ruleId"]!.GetValue<string>() == "COEX4003" && r["level"]!.GetValue<string>() == "error");
    }
}
