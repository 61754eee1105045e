using System.Net;
using System.Text.Json.Nodes;
using Coexist.Cli.Commands;
using Coexist.Cli.Probe;
using Coexist.Model;
using Coexist.Probes.Paths;
using Coexist.Probes.Tests.Sip.Probe;
using Coexist.Probes.Tests.Support;

namespace Coexist.Cli.Tests;

/// <summary>
/// <c>coexist probe</c> with a sip service: the SIP probe is registered, <c>--allow-invite</c> turns the media
/// checks on, and SARIF knows the COEX6xxx rules. The server is a scripted
/// peer on loopback that the run reaches through a redirect of its documentation address.
/// </summary>
public sealed class SipProbeCommandTests : IAsyncLifetime, IDisposable
{
    private const string Server = "198.51.100.40";
    private readonly TempFolder _folder = new();
    private TestDnsServer? _resolver;
    private LoopbackSipPeer? _sip;

    public Task InitializeAsync()
    {
        _resolver = TestDnsServer.Start(IPAddress.Loopback, new TestZoneData().Zone("cli.test", "ns.cli.test"), TestServerRole.Resolver);
        // Over IPv4 it answers with an IPv6 Contact and c=IN IP6: wrong for every IPv4 client.
        _sip = LoopbackSipPeer.Start(PeerBehaviours.FollowsFamily("2001:db8:5060::40", "2001:db8:5060::40"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_resolver is not null) await _resolver.DisposeAsync();
        if (_sip is not null) await _sip.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();

    private async Task<(int ExitCode, string Output)> ProbeAsync(bool allowInvite, OutputFormat format)
    {
        var inventory = _folder.Write("coexist.yaml", $"""
            paths: [v4]
            services:
              - name: voip
                kind: sip
                telephony: all-ip
                hosts: [{Server}]
                transports: [udp]
            """);
        var network = new RedirectingNetwork().Redirect(IPAddress.Parse(Server), _sip!.EndPoint4);
        var request = ProbeCommand.Request(inventory, new ProbeOverrides
        {
            Resolver = EndPointText.Parse($"127.0.0.1:{_resolver!.EndPoint.Port}", "--resolver"),
            Network = network,
            AllowInvite = allowInvite,
            Timeout = TimeSpan.FromSeconds(6),
        }) with { Format = format, FailOn = Severity.Error };
        var output = new StringWriter();
        var exitCode = await ProbeRunner.RunAsync(request, output, TextWriter.Null, null, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    [Fact]
    public async Task Without_allow_invite_the_media_checks_are_skipped_and_the_server_gets_no_INVITE()
    {
        var (_, output) = await ProbeAsync(allowInvite: false, OutputFormat.Json);

        var probes = AssessmentJson.Deserialize(output).Probes;
        Assert.Contains(probes, p => p.Check == "sip-options" && p.Outcome == Outcome.Pass && p.Address == Server);
        var media = Assert.Single(probes, p => p.Check == "sip-media-family");
        Assert.Equal(Outcome.Skipped, media.Outcome);
        Assert.Contains("--allow-invite", media.Detail);
        Assert.DoesNotContain(_sip!.Received, r => r.Request.Method == "INVITE");
    }

    [Fact]
    public async Task With_allow_invite_the_call_is_made_and_ended_and_SARIF_names_the_SIP_rules()
    {
        var (exitCode, output) = await ProbeAsync(allowInvite: true, OutputFormat.Sarif);

        Assert.Equal(1, exitCode);
        var sarif = JsonNode.Parse(output)!;
        var results = sarif["runs"]![0]!["results"]!.AsArray();
        Assert.Contains(results, r => r!["ruleId"]!.GetValue<string>() == "COEX6005" && r["level"]!.GetValue<string>() == "error");
        Assert.Contains(results, r => r!["ruleId"]!.GetValue<string>() == "COEX6004");
        var rules = sarif["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();
        Assert.Contains(rules, r => r!["id"]!.GetValue<string>() == "COEX6005" && r["helpUri"]!.GetValue<string>().EndsWith("docs/rules/COEX6005.md", StringComparison.Ordinal));
        // The one call of the run (one path, one server) was answered, so acknowledged and hung up.
        Assert.Equal(["UDP ACK", "UDP BYE", "UDP INVITE", "UDP OPTIONS"], _sip!.Methods.Distinct().Order(StringComparer.Ordinal));
        Assert.Single(_sip.Received, r => r.Request.Method == "INVITE");
        Assert.Single(_sip.Received, r => r.Request.Method == "BYE");
    }

    [Fact]
    public async Task Help_lists_allow_invite()
    {
        var (exitCode, output, _) = await Cli.RunAsync("probe", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--allow-invite", output);
    }

    [Fact]
    public void The_request_hands_allow_invite_to_the_registered_SIP_probe()
    {
        var plain = ProbeCommand.Request("www.cli.test", new ProbeOverrides());
        var allowed = ProbeCommand.Request("www.cli.test", new ProbeOverrides { AllowInvite = true });

        Assert.False(Assert.Single(plain.Probes.OfType<Coexist.Probes.Sip.Probe.SipProbe>()).Options.AllowInvite);
        Assert.True(Assert.Single(allowed.Probes.OfType<Coexist.Probes.Sip.Probe.SipProbe>()).Options.AllowInvite);
    }
}
