using System.Net;
using Coexist.Model;
using Coexist.Probes.Mtu;
using Coexist.Probes.PathBench;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Mtu;

/// <summary>The MTU check over real loopback sockets, against the real echo server and against one that plays a narrow hop.</summary>
public sealed class PathMtuCheckTests
{
    // Shorter than a real path's, but with room for a loaded 2-core machine running other test assemblies at the same
    // time: at 150 ms a UDP probe's answer was once late enough to count as lost, and the path came out narrower.
    private static readonly MtuCheckOptions Quick = MtuCheckOptions.Default with
    {
        StallWindow = TimeSpan.FromSeconds(2),
        ProbeTimeout = TimeSpan.FromMilliseconds(500),
        Ceiling = 1500,
    };

    [LoopbackTheory]
    [InlineData("127.0.0.1", ProbePath.V4)]
    [InlineData("::1", ProbePath.V6)]
    public async Task Against_the_echo_server_on_loopback_nothing_is_narrower_than_the_link(string loopback, ProbePath path)
    {
        using var server = EchoServer.Start([new IPEndPoint(IPAddress.Parse(loopback), 0)]);
        var mtu = await PathMtuCheck.RunAsync(path, server.EndPoints[0], Quick, CancellationToken.None);
        Assert.Equal(Outcome.Pass, mtu.Outcome);
        Assert.Equal((1500, 1500), (mtu.LargestPacket, mtu.ProbedUpTo));
        Assert.Equal(("completes", "completes", "not-needed"), (mtu.SmallExchange, mtu.LargeExchange, mtu.PacketTooBig));
        Assert.Null(mtu.RuleId);
    }

    [LoopbackFact]
    public async Task Large_responses_that_stall_while_small_ones_pass_are_a_black_hole()
    {
        using var server = new NarrowEchoServer(IPAddress.IPv6Loopback, pathMtu: 1280, blackHole: true);
        var mtu = await PathMtuCheck.RunAsync(ProbePath.V6, server.EndPoint, Quick, CancellationToken.None);
        Assert.Equal(Outcome.Fail, mtu.Outcome);
        Assert.Equal(MtuRules.BlackHole.Id, mtu.RuleId);
        Assert.Equal(("completes", "stalls", "not-honoured"), (mtu.SmallExchange, mtu.LargeExchange, mtu.PacketTooBig));
        Assert.Equal(1280, mtu.LargestPacket);
        Assert.Contains("stalls", mtu.Detail, StringComparison.Ordinal);
    }

    [LoopbackFact]
    public async Task A_narrower_hop_with_large_responses_completing_means_Packet_Too_Big_is_honoured()
    {
        using var server = new NarrowEchoServer(IPAddress.IPv6Loopback, pathMtu: 1280, blackHole: false);
        var mtu = await PathMtuCheck.RunAsync(ProbePath.Nat64, server.EndPoint, Quick, CancellationToken.None);
        Assert.Equal(Outcome.Pass, mtu.Outcome);
        Assert.Equal((1280, "honoured"), (mtu.LargestPacket, mtu.PacketTooBig));
    }

    [LoopbackFact]
    public async Task An_IPv6_path_narrower_than_1280_breaks_the_minimum()
    {
        using var server = new NarrowEchoServer(IPAddress.IPv6Loopback, pathMtu: 1200, blackHole: false);
        var mtu = await PathMtuCheck.RunAsync(ProbePath.V6, server.EndPoint, Quick, CancellationToken.None);
        Assert.Equal(Outcome.Fail, mtu.Outcome);
        Assert.Equal(MtuRules.BelowMinimum.Id, mtu.RuleId);
        Assert.Equal(1200, mtu.LargestPacket);
    }

    [Fact]
    public async Task Plain_IPv4_has_no_such_minimum_but_a_SIIT_front_must_carry_what_1280_becomes()
    {
        using var server = new NarrowEchoServer(IPAddress.Loopback, pathMtu: 1250, blackHole: false);
        var v4 = await PathMtuCheck.RunAsync(ProbePath.V4, server.EndPoint, Quick, CancellationToken.None);
        Assert.Equal((Outcome.Pass, 1250), (v4.Outcome, v4.LargestPacket));
        var siit = await PathMtuCheck.RunAsync(ProbePath.Siit, server.EndPoint, Quick, CancellationToken.None);
        Assert.Equal((Outcome.Fail, MtuRules.BelowMinimum.Id), (siit.Outcome, siit.RuleId));
        Assert.Contains("1,260", siit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_is_an_error_of_the_check_not_a_fault_of_the_path()
    {
        var port = PathBench.EchoServerTests.FreePort();
        var mtu = await PathMtuCheck.RunAsync(ProbePath.V4, new IPEndPoint(IPAddress.Loopback, port), Quick, CancellationToken.None);
        Assert.Equal(Outcome.Error, mtu.Outcome);
        Assert.Equal("failed", mtu.SmallExchange);
        Assert.Null(mtu.LargeExchange);
    }
}
