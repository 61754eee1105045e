using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Tcp;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Tcp;

/// <summary>The smallest protocol probe, end to end through the session: one verdict per host, address and path.</summary>
public sealed class TcpConnectProbeTests : IAsyncLifetime
{
    private static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");
    private readonly TestWorld _world = new();
    private readonly TcpListener _v4 = new(IPAddress.Loopback, 0);
    private readonly TcpListener _v6 = new(IPAddress.IPv6Loopback, 0);
    private SilentListener? _silent;

    public async Task InitializeAsync()
    {
        _v4.Start();
        _v6.Start();
        _silent = await SilentListener.StartAsync(IPAddress.IPv6Loopback);
        _world.Data.Zone("shop.test", "ns.shop.test")
            .Addresses("www.shop.test", "198.51.100.80", "2001:db8:80::80")
            .Addresses("broken6.shop.test", "198.51.100.81", "2001:db8:80::81")
            .Addresses("v4only.shop.test", "198.51.100.82");
        _world.ServeResolver();
        _world.ServeAt(TestServerRole.Resolver, Prefix.Embed(TestWorld.ResolverAddress).ToString());
        var v4 = (IPEndPoint)_v4.LocalEndpoint;
        var v6 = (IPEndPoint)_v6.LocalEndpoint;
        _world.Network
            .Redirect(IPAddress.Parse("198.51.100.80"), v4).Redirect(IPAddress.Parse("198.51.100.81"), v4).Redirect(IPAddress.Parse("198.51.100.82"), v4)
            .Redirect(IPAddress.Parse("2001:db8:80::80"), v6)
            .Redirect(IPAddress.Parse("2001:db8:80::81"), _silent.EndPoint)
            // The translator: the NAT64 address of the IPv4-only server reaches it over IPv6.
            .Redirect(Prefix.Embed(IPAddress.Parse("198.51.100.82")), v6);
    }

    public async Task DisposeAsync()
    {
        _v4.Stop();
        _v6.Stop();
        _silent?.Dispose();
        await _world.DisposeAsync();
    }

    private async Task<List<ProbeResult>> ProbeAsync(string host, params ProbePath[] paths)
    {
        var settings = _world.Settings(new EngineOptions { CheckTimeout = TimeSpan.FromSeconds(2), PerTargetInterval = TimeSpan.Zero, Retry = RetryPolicy.None }) with { Nat64Prefix = Prefix };
        var service = new ServiceSpec { Name = "web", Kind = ServiceKind.Web, Hosts = [host], Ports = [80] };
        var (_, results) = await TestWorld.ProbeAsync(settings, [service], paths, [new TcpConnectProbe()]);
        return results;
    }

    [LoopbackFact]
    public async Task A_dual_stack_host_passes_on_v4_v6_and_dual()
    {
        var results = await ProbeAsync("www.shop.test", ProbePath.V4, ProbePath.V6, ProbePath.Dual);

        Assert.Equal(Outcome.Pass, results.Single("tcp-connect", ProbePath.V4).Outcome);
        Assert.Equal("198.51.100.80", results.Single("tcp-connect", ProbePath.V4).Address);
        Assert.Equal(Outcome.Pass, results.Single("tcp-connect", ProbePath.V6).Outcome);
        var dual = results.Single("tcp-connect", ProbePath.Dual);
        Assert.Equal(Outcome.Pass, dual.Outcome);
        Assert.Equal("2001:db8:80::80", dual.Address);
        Assert.Equal(80, dual.Port);
    }

    [LoopbackFact]
    public async Task A_black_holed_IPv6_address_fails_v6_at_its_deadline_while_dual_falls_back_to_IPv4()
    {
        var results = await ProbeAsync("broken6.shop.test", ProbePath.V6, ProbePath.Dual);

        var v6 = results.Single("tcp-connect", ProbePath.V6);
        Assert.Equal(Outcome.Fail, v6.Outcome);
        Assert.Matches(@"^2001:db8:80::81 port 80 did not answer within 1\.[0-8][0-9]* s$", v6.Detail);
        var dual = results.Single("tcp-connect", ProbePath.Dual);
        Assert.Equal(Outcome.Pass, dual.Outcome);
        Assert.Equal("198.51.100.81", dual.Address);
        var attempts = dual.Evidence!["happyEyeballs"]!["attempts"]!.AsArray();
        Assert.Equal(["2001:db8:80::81", "198.51.100.81"], attempts.Select(a => a!["address"]!.GetValue<string>()));
        Assert.Equal("abandoned", attempts[0]!["outcome"]!.GetValue<string>());
    }

    [LoopbackFact]
    public async Task An_IPv4_only_host_fails_v6_for_want_of_AAAA_and_passes_through_NAT64()
    {
        var results = await ProbeAsync("v4only.shop.test", ProbePath.V6, ProbePath.Nat64);

        var v6 = results.Single("tcp-connect", ProbePath.V6);
        Assert.Equal(Outcome.Fail, v6.Outcome);
        Assert.Contains("no AAAA", v6.Detail);
        var nat64 = results.Single("tcp-connect", ProbePath.Nat64);
        Assert.Equal(Outcome.Pass, nat64.Outcome);
        Assert.Equal("2001:db8:64::c633:6452", nat64.Address);
    }

    [Fact]
    public async Task A_closed_port_fails_with_the_reason()
    {
        _world.Network.Redirect(IPAddress.Parse("198.51.100.82"), new IPEndPoint(IPAddress.Loopback, 9));

        var result = (await ProbeAsync("v4only.shop.test", ProbePath.V4)).Single("tcp-connect", ProbePath.V4);

        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Contains("connection refused", result.Detail);
    }
}
