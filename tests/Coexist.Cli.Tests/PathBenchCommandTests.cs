using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.PathBench;
using Coexist.Probes.Tests.Support;

namespace Coexist.Cli.Tests;

/// <summary>
/// <c>coexist path-bench</c> in process against a real echo server on loopback (one port, both families) and a
/// loopback resolver that knows the bench's name: the JSON DESIGN.md promises, the seed's table, exit codes and bad input.
/// </summary>
public sealed class PathBenchCommandTests : IAsyncLifetime
{
    private readonly int _port = FreePort();
    private EchoServer? _echo;
    private TestDnsServer? _resolver;

    /// <summary>Short runs: these tests are about the command, the probe tests about the figures.</summary>
    private string[] Quick => ["--port", P(_port), "--repeat", "2", "--samples", "3", "--duration", "0.1", "--timeout", "2"];

    public Task InitializeAsync()
    {
        _echo = EchoServer.Start([new IPEndPoint(IPAddress.IPv6Any, _port)]);
        var zone = new TestZoneData().Zone("bench.test", "ns.bench.test").Addresses("echo.bench.test", "127.0.0.1", "::1");
        _resolver = TestDnsServer.Start(IPAddress.Loopback, zone, TestServerRole.Resolver);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _echo?.Dispose();
        if (_resolver is not null) await _resolver.DisposeAsync();
    }

    [LoopbackFact]
    public async Task Json_has_the_shape_DESIGN_md_promises()
    {
        var (exitCode, output, error) = await Cli.RunAsync(["path-bench", "echo.bench.test", "--resolver", $"127.0.0.1:{_resolver!.EndPoint.Port}", "--paths", "v4,v6", "--format", "json", .. Quick]);
        Assert.True(exitCode == 0, error);
        var json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(["schema", "target", "paths"], json.Select(p => p.Key).Take(3));
        Assert.Equal("coexist.pathbench/v1", (string?)json["schema"]);
        Assert.Equal("echo.bench.test", (string?)json["target"]);
        var paths = json["paths"]!.AsArray();
        Assert.Equal(["v4", "v6"], paths.Select(p => (string?)p!["path"]));
        foreach (var path in paths.Select(p => p!.AsObject()))
        {
            // DESIGN.md: {"path", "address", "latencyMs": {median, min, max}, "throughputMbps": {...}, "overheadMs", "throughputRatio"}, in that order; additions follow.
            Assert.Equal(["path", "address", "latencyMs", "throughputMbps", "overheadMs", "throughputRatio"], path.Select(p => p.Key).Take(6));
            foreach (var spread in new[] { "latencyMs", "throughputMbps" })
            {
                var values = path[spread]!.AsObject();
                Assert.Equal(["median", "min", "max"], values.Select(v => v.Key));
                Assert.All(values, v => Assert.True(v.Value!.GetValue<double>() > 0, $"{spread}.{v.Key}"));
                Assert.True((double)values["min"]! <= (double)values["median"]! && (double)values["median"]! <= (double)values["max"]!);
            }
            // Native paths are their own baseline.
            Assert.Equal(0.0, (double)path["overheadMs"]!);
            Assert.Equal(1.0, (double)path["throughputRatio"]!);
        }
        Assert.Equal("127.0.0.1", (string?)paths[0]!["address"]);
        Assert.Equal("::1", (string?)paths[1]!["address"]);
        Assert.Equal("pass", (string?)paths[0]!["mtu"]!["outcome"]);
    }

    [Fact]
    public async Task Text_is_the_seeds_table_with_the_MTU_of_each_path()
    {
        var (exitCode, output, error) = await Cli.RunAsync(["path-bench", "127.0.0.1", "--paths", "v4", .. Quick]);
        Assert.True(exitCode == 0, error);
        Assert.Contains($"coexist path-bench 127.0.0.1 port {_port}: 2 repeats of 3 round trips and 0.1 s of TCP download per path", output, StringComparison.Ordinal);
        Assert.Matches(@"IPv4 only, routed\s+v4\s+127\.0\.0\.1\s+\d+\.\d{3} \(\d+\.\d{3}-\d+\.\d{3}\)\s+\d+\.\d \(\d+\.\d-\d+\.\d\)\s+baseline", output);
        Assert.Contains("MTU\n  v4     pass: small and 65,536-byte TCP responses complete", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SIIT_mapping_makes_a_translated_row_compared_with_v4()
    {
        // 127.0.0.2 stands for the translator's IPv4 front; ::1 for the IPv6-only server behind it.
        var (exitCode, output, error) = await Cli.RunAsync(["path-bench", "127.0.0.2", "--paths", "v4,siit", "--siit", "127.0.0.2=::1", "--no-mtu", "--format", "json", .. Quick]);
        Assert.True(exitCode == 0, error);
        var siit = JsonNode.Parse(output)!["paths"]!.AsArray().Single(p => (string?)p!["path"] == "siit")!;
        Assert.Equal(("127.0.0.2", "::1", "v4"), ((string?)siit["address"], (string?)siit["serverAddress"], (string?)siit["baseline"]));
        Assert.NotNull(siit["overheadMs"]);
        Assert.True((double)siit["throughputRatio"]! > 0);
        Assert.Equal("translated (SIIT, 1:1)", (string?)siit["configuration"]);
    }

    [Fact]
    public async Task A_path_the_target_does_not_answer_on_fails_the_run_at_the_default_threshold()
    {
        var closed = FreePort();
        string[] args = ["path-bench", "127.0.0.1", "--paths", "v4", "--port", P(closed), "--repeat", "1", "--samples", "2", "--duration", "0.1"];
        var (exitCode, output, error) = await Cli.RunAsync(args);
        Assert.True(exitCode == 1, error);
        Assert.Contains("connection refused", output, StringComparison.Ordinal);
        Assert.Equal(0, (await Cli.RunAsync([.. args, "--fail-on", "none"])).ExitCode);
    }

    [Fact]
    public async Task Output_goes_to_a_file_and_the_report_takes_it_as_a_path_bench()
    {
        using var folder = new TempFolder();
        var bench = Path.Combine(folder.Root, "bench.json");
        var (exitCode, _, error) = await Cli.RunAsync(["path-bench", "127.0.0.1", "--paths", "v4", "--format", "json", "--output", bench, .. Quick]);
        Assert.True(exitCode == 0, error);
        var assessment = folder.Write("probe.json", AssessmentJson.Serialize(new Assessment { Services = [new ServiceInfo { Name = "shop-web", Kind = ServiceKind.Web }] }));
        var report = await Cli.RunAsync("report", assessment, bench, "--format", "md");
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Contains("## Translated paths", report.Output, StringComparison.Ordinal);
        Assert.Contains("| IPv4 only, routed | v4 | 127.0.0.1 |", report.Output, StringComparison.Ordinal);

        var broken = folder.Write("broken.json", """{"schema": "coexist.pathbench/v1", "target": 7}""");
        var refused = await Cli.RunAsync("report", broken, "--format", "md");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("broken.json", refused.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--repeat", "0", "--repeat must be 1 to 100")]
    [InlineData("--repeat", "101", "--repeat must be 1 to 100")]
    [InlineData("--samples", "0", "--samples must be 1 to")]
    [InlineData("--duration", "0", "--duration must be above 0")]
    [InlineData("--duration", "61", "--duration must be above 0")]
    [InlineData("--timeout", "-1", "--timeout must be above 0")]
    [InlineData("--port", "70000", "--port must be 1 to 65535")]
    [InlineData("--paths", "v4,dual", "path-bench measures single paths")]
    [InlineData("--paths", "dns64", "the dns64 path needs --dns64")]
    [InlineData("--paths", "v5", "--paths: path 'v5' is not one of")]
    [InlineData("--siit", "127.0.0.2", "--siit '127.0.0.2' is not V4=V6")]
    [InlineData("--siit", "::1=127.0.0.2", "is not V4=V6")]
    [InlineData("--nat64-prefix", "2001:db8::/95", "--nat64-prefix")]
    [InlineData("--resolver", "not-an-address", "--resolver 'not-an-address' is not an address")]
    public async Task Bad_options_exit_2_with_one_line(string option, string value, string message)
    {
        var (exitCode, output, error) = await Cli.RunAsync("path-bench", "127.0.0.1", option, value);
        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_target_that_is_neither_name_nor_address_and_a_map_with_one_address_twice_exit_2()
    {
        var badTarget = await Cli.RunAsync("path-bench", "bad name!");
        Assert.Equal(2, badTarget.ExitCode);
        Assert.Contains("neither a host name nor an address", badTarget.Error, StringComparison.Ordinal);
        var twice = await Cli.RunAsync("path-bench", "127.0.0.2", "--siit", "127.0.0.2=::1", "--siit", "127.0.0.2=::2");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("mapped twice", twice.Error, StringComparison.Ordinal);
    }

    internal static int FreePort()
    {
        // A port free for TCP and UDP on both families: bound and released at once (a small race the tests accept).
        using var tcp = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        tcp.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        return ((IPEndPoint)tcp.LocalEndPoint!).Port;
    }

    private static string P(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
