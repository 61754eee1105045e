using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Tests.Support;
using Coexist.Probes.Web;
using Microsoft.AspNetCore.Http;

namespace Coexist.Probes.Tests.Web;

/// <summary>
/// Servers that misbehave on purpose, on real loopback sockets, probed in one run beside a healthy one: each gets a
/// typed <c>fail</c> (or its verdict) within the check's time, the run goes on, and every word and every evidence
/// string is fit for a report (no control characters, nothing long).
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class HostilePeerTests(HostilePeerTests.HostileWorld world) : IClassFixture<HostilePeerTests.HostileWorld>
{
    private List<ProbeResult> Results => world.Results;

    /// <summary>The hostile servers and the healthy one, probed once for all the tests.</summary>
    public sealed class HostileWorld : IAsyncLifetime
    {
        public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);
        private readonly TestWorld _dns = new();
        private readonly List<HostileWebServer> _hostile = [];

        public List<ProbeResult> Results => _results;

        public TimeSpan Elapsed => _elapsed;

        internal IReadOnlyList<HostileWebServer> Servers => _hostile;

        private LoopbackWebServer? _healthy;
        private List<ProbeResult> _results = [];
        private TimeSpan _elapsed;

        internal static readonly (string Service, Hostility Hostility, int Port, string Address)[] Cases =
        [
            ("silent", Hostility.Silent, 80, "198.51.100.90"),
            ("silent-tls", Hostility.Silent, 443, "198.51.100.91"),
            ("tls-close", Hostility.CloseDuringTls, 443, "198.51.100.92"),
            ("endless", Hostility.EndlessRedirects, 80, "198.51.100.93"),
            ("loop", Hostility.RedirectLoop, 80, "198.51.100.94"),
            ("huge", Hostility.HugeBody, 80, "198.51.100.95"),
            ("garbage", Hostility.GarbageHeaders, 80, "198.51.100.96"),
            ("deep", Hostility.DeepNesting, 80, "198.51.100.97"),
        ];

        public async Task InitializeAsync()
        {
            var network = new WebNetwork(_dns.Network);
            foreach (var (service, hostility, port, address) in Cases)
            {
                var server = new HostileWebServer(hostility, IPAddress.Loopback);
                _hostile.Add(server);
                _dns.Data.Addresses($"{service}.hostile.test", address);
                network.Map(address, port, server.EndPoint);
            }
            _dns.Data.Zone("hostile.test", "ns.hostile.test").Addresses("ok.hostile.test", "198.51.100.98");
            _dns.ServeResolver();
            _healthy = await LoopbackWebServer.StartAsync(TestCertificates.Server(["ok.hostile.test"]), context => context.Response.WriteAsync("<title>ok</title>fine"));
            network.Serve("198.51.100.98", _healthy);

            var settings = _dns.Settings(new EngineOptions { CheckTimeout = CheckTimeout, PerTargetInterval = TimeSpan.Zero, Retry = RetryPolicy.None }) with { Network = network };
            var services = Cases.Select(c => new ServiceSpec { Name = c.Service, Kind = ServiceKind.Web, Hosts = [$"{c.Service}.hostile.test"], Ports = [c.Port] })
                .Append(new ServiceSpec { Name = "healthy", Kind = ServiceKind.Web, Hosts = ["ok.hostile.test"], Ports = [80] });
            var clock = Stopwatch.StartNew();
            (_, _results) = await TestWorld.ProbeAsync(settings, services, [ProbePath.V4], [new WebProbe()]);
            _elapsed = clock.Elapsed;
        }

        public async Task DisposeAsync()
        {
            foreach (var server in _hostile) server.Dispose();
            if (_healthy is not null) await _healthy.DisposeAsync();
            await _dns.DisposeAsync();
        }
    }

    private ProbeResult Http(string service) => Assert.Single(Results, r => r.Service == service && r.Check == "web-http");

    [Fact]
    public void A_server_that_accepts_and_never_answers_fails_by_timeout_within_the_check()
    {
        foreach (var service in new[] { "silent", "silent-tls" })
        {
            var http = Http(service);
            Assert.Equal(Outcome.Fail, http.Outcome);
            Assert.Equal("timeout", http.Evidence!["fetch"]!["failure"]!.GetValue<string>());
            Assert.Matches(@"^no complete HTTP answer from 198\.51\.100\.9[01] port (80|443) within 2\.7 s$", http.Detail);
            Assert.True(http.DurationMs < HostileWorld.CheckTimeout.TotalMilliseconds, $"{http.DurationMs} ms");
            // It does accept connections: reachability is not the problem.
            Assert.Equal(Outcome.Pass, Assert.Single(Results, r => r.Service == service && r.Check == "web-reach").Outcome);
        }
    }

    [Fact]
    public void A_close_in_the_middle_of_the_TLS_handshake_fails_http_and_tls()
    {
        var http = Http("tls-close");
        Assert.Equal(Outcome.Fail, http.Outcome);
        Assert.Equal("tls", http.Evidence!["fetch"]!["failure"]!.GetValue<string>());
        Assert.Equal("TLS handshake with 198.51.100.92 port 443 failed: the server closed the connection during the handshake", http.Detail);
        var tls = Assert.Single(Results, r => r.Service == "tls-close" && r.Check == "web-tls");
        Assert.Equal(Outcome.Fail, tls.Outcome);
        Assert.Equal(http.Detail, tls.Detail);
    }

    [Fact]
    public void Endless_redirects_and_a_redirect_loop_fail_with_what_they_are()
    {
        var endless = Http("endless");
        Assert.Equal(Outcome.Fail, endless.Outcome);
        Assert.Equal("more than 10 redirects on endless.hostile.test; gave up", endless.Detail);
        // Ten followed, the eleventh refused.
        Assert.Equal(WebLimits.MaxRedirects + 1, endless.Evidence!["fetch"]!["redirects"]!.AsArray().Count);
        var loop = Http("loop");
        Assert.Equal(Outcome.Fail, loop.Outcome);
        Assert.Equal("redirect loop: /a redirects back to a URL already visited after 3 redirects", loop.Detail);
    }

    [Fact]
    public void A_2_GiB_body_is_read_to_500_kB_and_no_further()
    {
        var http = Http("huge");
        Assert.Equal(Outcome.Pass, http.Outcome);
        Assert.EndsWith(", body read to 500,000 bytes", http.Detail);
        Assert.Equal(WebLimits.MaxBodyBytes, http.Evidence!["fetch"]!["bodyBytes"]!.GetValue<long>());
        Assert.Equal(2147483648, http.Evidence["fetch"]!["headers"]!["content-length"]!.GetValue<long>());
        var sent = world.Servers[Array.FindIndex(HostileWorld.Cases, c => c.Service == "huge")].BytesSent;
        Assert.True(sent < 64L * 1024 * 1024, $"the server got to send {sent:N0} bytes");
    }

    [Fact]
    public void Hostile_headers_and_titles_come_out_clean_and_short()
    {
        var http = Http("garbage");
        Assert.Equal(Outcome.Pass, http.Outcome);
        var server = http.Evidence!["fetch"]!["headers"]!["server"]!.GetValue<string>();
        Assert.True(server.Length <= WebLimits.MaxHeaderText, $"{server.Length} characters");
        // The escape and the bell are gone; what was between them stays, as text.
        Assert.StartsWith("]0;owned SSSS", server);
        Assert.Equal("a b", http.Evidence["fetch"]!["headers"]!["x-powered-by"]!.GetValue<string>());
        Assert.Contains("title \"[31mred evil Injected: yes\"", http.Detail);
    }

    [Fact]
    public void A_page_too_deep_to_parse_in_time_is_compared_as_markup_and_its_resources_are_skipped()
    {
        Assert.Equal(Outcome.Pass, Http("deep").Outcome);
        var resources = Assert.Single(Results, r => r.Service == "deep" && r.Check == "web-resources");
        Assert.Equal(Outcome.Skipped, resources.Outcome);
        Assert.Contains("did not parse within 2 s", resources.Detail);
    }

    [Fact]
    public void The_run_goes_on_the_healthy_site_passes_and_nothing_outlives_its_deadline()
    {
        Assert.Equal(Outcome.Pass, Http("healthy").Outcome);
        Assert.DoesNotContain(Results, r => r.Outcome == Outcome.Error);
        Assert.DoesNotContain(Results, r => (r.Detail ?? "").Contains("deadline", StringComparison.Ordinal));
        Assert.True(world.Elapsed < TimeSpan.FromSeconds(20), $"the run took {world.Elapsed}");
    }

    [Fact]
    public void Every_word_and_every_evidence_string_is_fit_for_a_report()
    {
        foreach (var result in Results)
        {
            var detail = result.Detail ?? "";
            AssertClean(detail, $"{result.Service} {result.Check} detail");
            Assert.True(detail.Length < 1000, $"{result.Service} {result.Check}: detail of {detail.Length} characters");
            if (result.Evidence is { } evidence) AssertClean(evidence, $"{result.Service} {result.Check} evidence");
        }
    }

    private static void AssertClean(JsonNode node, string where)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    AssertClean(key, where);
                    if (value is not null) AssertClean(value, $"{where}.{key}");
                }
                break;
            case JsonArray array:
                foreach (var item in array) if (item is not null) AssertClean(item, where);
                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && text is not null:
                AssertClean(text, where);
                Assert.True(text.Length <= 2 * WebLimits.MaxUrlText, $"{where}: {text.Length} characters");
                break;
        }
    }

    private static void AssertClean(string text, string where) =>
        Assert.False(text.Any(c => char.IsControl(c) || c is '\u202e' or '\u202d' or '\u2066' or '\u2067' or '\u2068' or '\u2069'), $"{where} holds a control character: {text}");
}
