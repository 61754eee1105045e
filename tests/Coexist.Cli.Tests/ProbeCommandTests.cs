using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coexist.Cli.Commands;
using Coexist.Cli.Probe;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Tests.Support;

namespace Coexist.Cli.Tests;

/// <summary>
/// <c>coexist probe</c> in process against a resolver on loopback and a web server on loopback (the same page on
/// both families, so that the web checks pass). The estate's
/// addresses are loopback ones, which COEX3002 flags unless declared public with --treat-as-public.
/// </summary>
public sealed class ProbeCommandTests : IAsyncLifetime, IDisposable
{
    private readonly LoopbackHttpResponder _web = new();
    private readonly TempFolder _folder = new();
    private TestDnsServer? _resolver;

    private string Resolver => $"127.0.0.1:{_resolver!.EndPoint.Port}";

    private int WebPort => _web.Port;

    public Task InitializeAsync()
    {
        var data = new TestZoneData().Zone("cli.test", "ns.cli.test")
            .Addresses("www.cli.test", "127.0.0.1", "::1")
            .Addresses("v4only.cli.test", "127.0.0.1");
        _resolver = TestDnsServer.Start(IPAddress.Loopback, data, TestServerRole.Resolver);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _web.Dispose();
        if (_resolver is not null) await _resolver.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();

    private string Inventory(string hosts = "[www.cli.test]") => _folder.Write("coexist.yaml", $"""
        organization: CLI test
        paths: [v4, v6]
        treat-as-public: [127.0.0.0/8, "::1/128"]
        services:
          - name: cli-web
            kind: web
            hosts: {hosts}
            ports: [{WebPort}]
        """);

    [Fact]
    public async Task Text_output_is_a_table_of_service_by_path_then_the_faults()
    {
        var (exitCode, output, error) = await Cli.RunAsync("probe", Inventory("[www.cli.test, v4only.cli.test]"), "--resolver", Resolver);

        Assert.Equal(1, exitCode);
        Assert.Equal("", error);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("Vantage point", lines);
        Assert.Contains(lines, l => l.StartsWith("service ", StringComparison.Ordinal) && l.Contains("v4") && l.Contains("v6"));
        Assert.Contains(lines, l => l.StartsWith("cli-web ", StringComparison.Ordinal) && l.Contains("pass") && l.Contains("fail"));
        Assert.Contains(lines, l => l.Contains("cli-web: fail COEX3001 dns-aaaa (v6) v4only.cli.test: v4only.cli.test has no AAAA record", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("cli-web: fail tcp-connect (v6) v4only.cli.test", StringComparison.Ordinal));
        // v4only on v6: no AAAA (COEX3001), so no connect, and no web server there (COEX4001, COEX4003).
        Assert.Contains(lines, l => l.StartsWith("cli-web: fail COEX4003 web-http (v6) v4only.cli.test", StringComparison.Ordinal));
        Assert.Matches(@"\d+ results: \d+ pass, 0 warn, 4 fail, 0 error, \d+ skipped", output);
    }

    [Fact]
    public async Task Json_output_is_an_assessment_with_the_services_and_every_result()
    {
        var (exitCode, output, error) = await Cli.RunAsync("probe", Inventory(), "--resolver", Resolver, "--format", "json");

        Assert.Equal(0, exitCode);
        Assert.Contains("coexist: vantage point: IPv4: yes", error);
        var assessment = AssessmentJson.Deserialize(output);
        var service = Assert.Single(assessment.Services);
        Assert.Equal("cli-web", service.Name);
        Assert.Equal([ProbePath.V4, ProbePath.V6], service.Paths);
        Assert.Contains(assessment.Probes, p => p.Check == "tcp-connect" && p.Path == ProbePath.V6 && p.Outcome == Outcome.Pass && p.Address == "::1");
        Assert.Contains(assessment.Probes, p => p.Check == "dns-aaaa" && p.Path == ProbePath.V6 && p.Outcome == Outcome.Pass && p.RuleId == "COEX3001");
        Assert.DoesNotContain(assessment.Probes, p => p.Outcome is Outcome.Fail or Outcome.Error);
    }

    [Fact]
    public async Task Jsonl_writes_one_result_a_line_to_the_output_file()
    {
        var file = Path.Combine(_folder.Root, "out", "results.jsonl");

        var (exitCode, output, _) = await Cli.RunAsync("probe", Inventory(), "--resolver", Resolver, "--format", "jsonl", "--output", file);

        Assert.Equal(0, exitCode);
        Assert.Equal("", output);
        var lines = File.ReadAllLines(file);
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            var result = JsonSerializer.Deserialize<ProbeResult>(line, AssessmentJson.LineOptions)!;
            Assert.Equal("cli-web", result.Service);
        });
        Assert.Contains(lines, l => l.Contains("\"check\":\"tcp-connect\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sarif_output_reports_fails_under_their_rules()
    {
        // Without --treat-as-public loopback answers are special-purpose: COEX3002 fails on both families.
        var inventory = _folder.Write("plain.yaml", $"""
            services:
              - name: cli-web
                kind: web
                hosts: [www.cli.test]
            """);

        var (exitCode, output, _) = await Cli.RunAsync("probe", inventory, "--resolver", Resolver, "--format", "sarif");

        Assert.Equal(1, exitCode);
        var results = JsonNode.Parse(output)!["runs"]![0]!["results"]!.AsArray();
        Assert.Equal(2, results.Count(r => r!["ruleId"]!.GetValue<string>() == "COEX3002"));
        Assert.Contains("\"id\": \"COEX3012\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_on_none_exits_0_despite_fails_and_fail_on_warning_counts_them()
    {
        var inventory = Inventory("[v4only.cli.test]");

        Assert.Equal(0, (await Cli.RunAsync("probe", inventory, "--resolver", Resolver, "--fail-on", "none")).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("probe", inventory, "--resolver", Resolver, "--fail-on", "warning")).ExitCode);
    }

    [Fact]
    public async Task Paths_on_the_command_line_replace_the_inventorys()
    {
        var (_, output, _) = await Cli.RunAsync("probe", Inventory(), "--resolver", Resolver, "--paths", "v6,dual", "--format", "json");

        var assessment = AssessmentJson.Deserialize(output);
        Assert.Equal([ProbePath.V6, ProbePath.Dual], assessment.Services[0].Paths);
        Assert.All(assessment.Probes, p => Assert.Contains(p.Path, new[] { ProbePath.V6, ProbePath.Dual }));
        Assert.Contains(assessment.Probes, p => p.Check == "tcp-connect" && p.Path == ProbePath.Dual && p.Outcome == Outcome.Pass);
    }

    [Fact]
    public void A_host_is_probed_for_its_web_mail_and_dns_with_translated_paths_when_configured()
    {
        var request = ProbeCommand.Request("www.cli.test", new ProbeOverrides { Resolver = EndPointText.Parse(Resolver, "--resolver"), Dns64 = EndPointText.Parse("[2001:db8::64]", "--dns64") });

        Assert.Equal(["www.cli.test/web", "www.cli.test/mail", "www.cli.test/dns"], request.Services.Select(s => s.Service.Name));
        Assert.All(request.Services, s => Assert.Equal([ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64], s.Paths));
        Assert.Equal("www.cli.test", request.Services[1].Service.Domain);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::64"), 53), request.Settings.Dns64);

        var address = ProbeCommand.Request("192.0.2.10", new ProbeOverrides());
        Assert.Equal(["192.0.2.10/web"], address.Services.Select(s => s.Service.Name));
        Assert.Equal([ProbePath.V4, ProbePath.V6], address.Services[0].Paths);
    }

    [Theory]
    [InlineData("--paths", "v4,v5", "--paths: path 'v5' is not one of v4, v6, nat64, dns64, siit, dual")]
    [InlineData("--nat64-prefix", "2001:db8::/33", "--nat64-prefix: prefix length /33 is not one RFC 6052 defines")]
    [InlineData("--resolver", "resolver.example", "--resolver 'resolver.example' is not an address or ADDR:PORT")]
    [InlineData("--timeout", "0", "--timeout must be a number of seconds above 0")]
    [InlineData("--concurrency", "0", "--concurrency must be at least 1, not 0")]
    [InlineData("--treat-as-public", "10.1.2.3/8", "--treat-as-public: '10.1.2.3/8' has bits set beyond /8")]
    [InlineData("--format", "xml", "")]
    public async Task Bad_options_exit_2_with_one_line(string option, string value, string message)
    {
        var (exitCode, output, error) = await Cli.RunAsync("probe", "www.cli.test", option, value);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("coexist: ", line);
        Assert.Contains(message, line);
    }

    [Theory]
    [InlineData("missing.yaml", "coexist: missing.yaml: no such inventory file")]
    [InlineData("not a host", "coexist: 'not a host' is neither an inventory file nor a host name")]
    [InlineData("localhost", "coexist: 'localhost' is neither an inventory file nor a host name")]
    public async Task A_target_that_is_neither_an_inventory_nor_a_host_is_bad_input(string target, string message)
    {
        var (exitCode, _, error) = await Cli.RunAsync("probe", target);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(message, error.Trim());
    }

    [Fact]
    public async Task An_inventory_with_a_bad_treat_as_public_names_its_line()
    {
        var inventory = _folder.Write("bad.yaml", "treat-as-public: [198.51.100.0/24, 2001:db8::1/32]\n");

        var (exitCode, _, error) = await Cli.RunAsync("probe", inventory);

        Assert.Equal(2, exitCode);
        Assert.Contains("bad.yaml:1: treat-as-public: '2001:db8::1/32' has bits set beyond /32", error);
    }

    [Fact]
    public async Task Cancelling_writes_what_finished_then_gives_up()
    {
        using var silent = await SilentListener.StartAsync(IPAddress.Loopback);
        var inventory = _folder.Write("slow.yaml", $"""
            treat-as-public: [127.0.0.0/8]
            services:
              - name: quick
                kind: web
                hosts: [v4only.cli.test]
              - name: hanging
                kind: web
                hosts: [127.0.0.1]
                ports: [{silent.EndPoint.Port}]
            """);
        var request = ProbeCommand.Request(inventory, new ProbeOverrides
        {
            Resolver = EndPointText.Parse(Resolver, "--resolver"),
            Paths = [ProbePath.V4],
            Timeout = TimeSpan.FromSeconds(60),
        }) with { Format = OutputFormat.Json };
        var output = new StringWriter();
        using var cancel = new CancellationTokenSource();
        // Ctrl+C as soon as the quick service's checks are done, while the silent port still hangs.
        var progress = new CancelWhen(p => p.Last.Service == "quick" && p.Last.Check == "dns-special-purpose", cancel);
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProbeRunner.RunAsync(request, output, TextWriter.Null, progress, cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        var assessment = AssessmentJson.Deserialize(output.ToString());
        Assert.Contains(assessment.Probes, p => p.Service == "quick" && p.Check == "dns-special-purpose" && p.Outcome == Outcome.Pass);
        Assert.DoesNotContain(assessment.Probes, p => p.Service == "hanging" && p.Check == "tcp-connect");
    }

    [Fact]
    public async Task Cancelling_jsonl_keeps_the_lines_already_written()
    {
        using var silent = await SilentListener.StartAsync(IPAddress.Loopback);
        var inventory = _folder.Write("slow.yaml", $"""
            services:
              - name: hanging
                kind: web
                hosts: [127.0.0.1]
                ports: [{silent.EndPoint.Port}]
            """);
        var request = ProbeCommand.Request(inventory, new ProbeOverrides { Resolver = EndPointText.Parse(Resolver, "--resolver"), Paths = [ProbePath.V4, ProbePath.V6], Timeout = TimeSpan.FromSeconds(60) })
            with { Format = OutputFormat.JsonLines };
        var output = new StringWriter();
        using var cancel = new CancellationTokenSource();
        var progress = new CancelWhen(p => p.Last.Path == ProbePath.V6 && p.Last.Check == "tcp-connect", cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProbeRunner.RunAsync(request, output, TextWriter.Null, progress, cancel.Token));

        // The literal 127.0.0.1 has no v6 path: that verdict came at once and was written before Ctrl+C.
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("\"path\":\"v6\"", StringComparison.Ordinal) && l.Contains("\"outcome\":\"skipped\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("\"path\":\"v4\"", StringComparison.Ordinal) && l.Contains("tcp-connect", StringComparison.Ordinal));
    }

    /// <summary>Presses Ctrl+C when a check matching <paramref name="when"/> has finished.</summary>
    private sealed class CancelWhen(Func<EngineProgress, bool> when, CancellationTokenSource cancel) : IProgress<EngineProgress>
    {
        public void Report(EngineProgress value)
        {
            if (when(value)) cancel.Cancel();
        }
    }
}
