using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Mtu;
using Coexist.Probes.PathBench;
using Coexist.Probes.Paths;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.PathBench;

/// <summary>
/// The bench against a real echo server on loopback: v4 on 127.0.0.1, v6 on ::1, and a NAT64 address sent to ::1 by
/// the network seam, so that the translated path's figures, baseline and cost are all filled in as a user sees them.
/// </summary>
public sealed class PathBenchRunnerTests
{
    private static readonly IPAddress Nat64Address = IPAddress.Parse("2001:db8:c0e:64::c633:647d");
    private static readonly IPAddress Nat64Server = IPAddress.Parse("198.51.100.125");

    /// <summary>Short runs: the figures are not the point here, that every one of them is measured is.</summary>
    private static PathBenchOptions Quick(int port, IProbeNetwork? network = null) => new()
    {
        Port = port,
        Repeat = 2,
        LatencySamples = 3,
        LatencyInterval = TimeSpan.FromMilliseconds(1),
        ThroughputDuration = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromSeconds(2),
        Mtu = MtuCheckOptions.Default with { StallWindow = TimeSpan.FromSeconds(2), Ceiling = 1500 },
        Network = network ?? SystemNetwork.Instance,
    };

    [LoopbackFact]
    public async Task Every_path_gets_latency_throughput_MTU_and_translated_paths_their_cost()
    {
        var port = EchoServerTests.FreePort();
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.IPv6Any, port)]);
        var network = new RedirectingNetwork().Redirect(Nat64Address, new IPEndPoint(IPAddress.IPv6Loopback, port));
        var reports = new List<BenchProgress>();
        var results = await PathBenchRunner.RunAsync(
            [
                PathBenchRunner.Target(ProbePath.V4, IPAddress.Loopback),
                PathBenchRunner.Target(ProbePath.V6, IPAddress.IPv6Loopback),
                PathBenchRunner.Target(ProbePath.Nat64, Nat64Address, Nat64Server),
            ],
            Quick(port, network), new SynchronousProgress<BenchProgress>(reports.Add));

        Assert.Equal([ProbePath.V4, ProbePath.V6, ProbePath.Nat64], results.Select(r => r.Path));
        Assert.All(results, r =>
        {
            Assert.Equal(Outcome.Pass, r.Outcome);
            Assert.Equal(PathBenchRunner.TcpConnect, r.LatencySource);
            Assert.Equal(r.TcpConnectMs, r.LatencyMs);
            Assert.True(r.LatencyMs!.Median > 0 && r.LatencyMs.Min <= r.LatencyMs.Median && r.LatencyMs.Median <= r.LatencyMs.Max, $"{r.Path}: {r.LatencyMs}");
            Assert.True(r.UdpEchoMs!.Median > 0, $"{r.Path}: no UDP echo");
            Assert.Equal("6/6", r.UdpEchoAnswered);
            Assert.True(r.ThroughputMbps!.Median > 1, $"{r.Path}: {r.ThroughputMbps}");
            Assert.Equal(Outcome.Pass, r.Mtu!.Outcome);
            Assert.Equal("not-needed", r.Mtu.PacketTooBig);
            Assert.Null(r.Detail);
        });

        var nat64 = results[2];
        Assert.Equal(Nat64Address.ToString(), nat64.Address);     // the address asked for, not where the seam sent it
        Assert.Equal(Nat64Server.ToString(), nat64.ServerAddress);
        Assert.Equal(ProbePath.V6, nat64.Baseline);
        Assert.NotNull(nat64.OverheadMs);
        Assert.Equal(Math.Round(nat64.ThroughputMbps!.Median / results[1].ThroughputMbps!.Median, 3), nat64.ThroughputRatio);
        Assert.Equal((ProbePath.V4, 0.0, 1.0), (results[0].Baseline!.Value, results[0].OverheadMs!.Value, results[0].ThroughputRatio!.Value));

        // One MTU check and two repeats per path.
        Assert.Equal(9, reports.Count);
        Assert.All(reports, r => Assert.Equal(9, r.Total));
        Assert.Equal(9, reports[^1].Done);
    }

    [Fact]
    public async Task Upload_is_counted_by_the_server()
    {
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.Loopback, 0)]);
        var results = await PathBenchRunner.RunAsync([PathBenchRunner.Target(ProbePath.V4, IPAddress.Loopback)],
            Quick(server.EndPoints[0].Port) with { Direction = ThroughputDirection.Upload, CheckMtu = false });
        Assert.True(results[0].ThroughputMbps!.Median > 1);
        Assert.True(server.DiscardedBytes > 0);
        Assert.Null(results[0].Mtu);
    }

    [Fact]
    public async Task A_closed_port_fails_the_path_and_paths_that_lead_nowhere_keep_their_reason()
    {
        var port = EchoServerTests.FreePort();   // nothing listens there
        var noAddress = new PathTarget { Path = ProbePath.V6, Target = "v4only.example", Status = PathStatus.NoAddress, Reason = "v4only.example has no AAAA records" };
        var notApplicable = new PathTarget { Path = ProbePath.Siit, Target = "127.0.0.1", Status = PathStatus.NotApplicable, Reason = "127.0.0.1 is not in the SIIT map" };
        var results = await PathBenchRunner.RunAsync([PathBenchRunner.Target(ProbePath.V4, IPAddress.Loopback), noAddress, notApplicable], Quick(port));

        Assert.Equal(Outcome.Fail, results[0].Outcome);
        Assert.Contains("connection refused", results[0].Detail, StringComparison.Ordinal);
        Assert.Null(results[0].LatencyMs);
        Assert.Null(results[0].Mtu);   // a path that does not answer has no MTU to speak of
        Assert.Equal((Outcome.Fail, "v4only.example has no AAAA records"), (results[1].Outcome, results[1].Detail));
        Assert.Equal(Outcome.Skipped, results[2].Outcome);
        Assert.All(results, r => Assert.Null(r.OverheadMs));
    }

    [Fact]
    public async Task A_TCP_service_that_is_no_echo_server_still_gets_its_latency_and_says_what_was_not_measured()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(64);   // the kernel completes handshakes; nobody ever answers
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var options = Quick(port) with { Repeat = 1, Timeout = TimeSpan.FromMilliseconds(500), Mtu = MtuCheckOptions.Default with { StallWindow = TimeSpan.FromMilliseconds(500) } };
        var result = (await PathBenchRunner.RunAsync([PathBenchRunner.Target(ProbePath.V4, IPAddress.Loopback)], options))[0];

        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.True(result.LatencyMs!.Median > 0);
        Assert.Null(result.UdpEchoMs);
        Assert.Null(result.ThroughputMbps);
        Assert.Contains("no UDP echo", result.Detail, StringComparison.Ordinal);
        Assert.Contains("throughput not measured: the transfer stalled", result.Detail, StringComparison.Ordinal);
        Assert.Equal(Outcome.Error, result.Mtu!.Outcome);
        Assert.Contains("needs coexist echo-server", result.Mtu.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_the_bench()
    {
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.Loopback, 0)]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var options = Quick(server.EndPoints[0].Port) with { Repeat = 50, ThroughputDuration = TimeSpan.FromSeconds(1) };
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PathBenchRunner.RunAsync([PathBenchRunner.Target(ProbePath.V4, IPAddress.Loopback)], options, null, cancel.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Options_outside_their_limits_are_refused()
    {
        PathTarget[] none = [];
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PathBenchRunner.RunAsync(none, new PathBenchOptions { Repeat = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PathBenchRunner.RunAsync(none, new PathBenchOptions { LatencySamples = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PathBenchRunner.RunAsync(none, new PathBenchOptions { Port = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => PathBenchRunner.RunAsync(none, new PathBenchOptions { ThroughputDuration = TimeSpan.Zero }));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the count at the end must be exact.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
