using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Paths;
using Coexist.Probes.Tests.Dns;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Paths;

public sealed class HappyEyeballsTests : IDisposable
{
    private static readonly IPAddress V6a = IPAddress.Parse("2001:db8::a");
    private static readonly IPAddress V6b = IPAddress.Parse("2001:db8::b");
    private static readonly IPAddress V4a = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress V4b = IPAddress.Parse("198.51.100.2");
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private readonly TcpListener _v4 = new(IPAddress.Loopback, 0);
    private readonly TcpListener _v6 = new(IPAddress.IPv6Loopback, 0);

    public HappyEyeballsTests()
    {
        _v4.Start();
        if (Loopback.IPv6Available(out _)) _v6.Start();
    }

    public void Dispose()
    {
        _v4.Stop();
        _v6.Stop();
    }

    private IPEndPoint Working(AddressFamily family) => (IPEndPoint)(family == AddressFamily.InterNetwork ? _v4 : _v6).LocalEndpoint;

    [Fact]
    public void Addresses_alternate_families_after_the_first_IPv6_one()
    {
        var ordered = HappyEyeballs.Interleave([V6a, V6b, IPAddress.Parse("2001:db8::c")], [V4a, V4b]);

        Assert.Equal([V6a, V4a, V6b, V4b, IPAddress.Parse("2001:db8::c")], ordered);
        Assert.Equal([V6a, V6b, V4a, V4b], HappyEyeballs.Interleave([V6a, V6b], [V4a, V4b], firstFamilyCount: 2));
        Assert.Equal([V4a, V4b], HappyEyeballs.Interleave([], [V4a, V4b]));
    }

    [Fact]
    public void The_delays_are_the_ones_RFC_8305_recommends()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(250), HappyEyeballs.ConnectionAttemptDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(50), HappyEyeballs.ResolutionDelay);
    }

    [LoopbackFact]
    public async Task A_black_holed_IPv6_address_loses_to_IPv4_after_the_connection_attempt_delay()
    {
        using var blackHole = await SilentListener.StartAsync(IPAddress.IPv6Loopback);
        var network = new RedirectingNetwork().Redirect(V6a, blackHole.EndPoint).Redirect(V4a, Working(AddressFamily.InterNetwork));

        using var result = await HappyEyeballs.ConnectAsync([V6a, V4a], 80, network, Generous);

        Assert.True(result.Connected);
        Assert.Equal(V4a, result.Winner);
        Assert.Equal([V6a, V4a], result.Attempts.Select(a => a.Address));
        var v6 = result.Attempts[0];
        var v4 = result.Attempts[1];
        Assert.Equal(AttemptOutcome.Abandoned, v6.Outcome);
        Assert.Equal(AttemptOutcome.Connected, v4.Outcome);
        // The IPv4 attempt waits the whole connection attempt delay, and not much more.
        Assert.InRange(v4.StartedAt - v6.StartedAt, HappyEyeballs.ConnectionAttemptDelay - TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1.5));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(2), $"took {result.Elapsed}");
    }

    [LoopbackFact]
    public async Task A_working_IPv6_address_wins_at_once_and_IPv4_is_never_tried()
    {
        var network = new RedirectingNetwork().Redirect(V6a, Working(AddressFamily.InterNetworkV6)).Redirect(V4a, Working(AddressFamily.InterNetwork));

        using var result = await HappyEyeballs.ConnectAsync([V4a, V6a], 80, network, Generous);

        Assert.Equal(V6a, result.Winner);
        Assert.Equal(AddressFamily.InterNetworkV6, result.Socket!.AddressFamily);
        Assert.Equal(V6a, Assert.Single(result.Attempts).Address);
    }

    [LoopbackFact]
    public async Task A_refused_IPv6_attempt_starts_IPv4_without_waiting_for_the_delay()
    {
        var closed = new IPEndPoint(IPAddress.IPv6Loopback, ClosedPort(AddressFamily.InterNetworkV6));
        var network = new RedirectingNetwork().Redirect(V6a, closed).Redirect(V4a, Working(AddressFamily.InterNetwork));

        using var result = await HappyEyeballs.ConnectAsync([V6a, V4a], 80, network, Generous);

        Assert.Equal(V4a, result.Winner);
        Assert.Equal(AttemptOutcome.Failed, result.Attempts[0].Outcome);
        Assert.Equal("ConnectionRefused", result.Attempts[0].Error);
        Assert.True(result.Attempts[1].StartedAt < HappyEyeballs.ConnectionAttemptDelay, $"IPv4 started at {result.Attempts[1].StartedAt}");
    }

    [LoopbackFact]
    public async Task When_A_answers_first_IPv6_still_goes_first_if_AAAA_comes_within_the_resolution_delay()
    {
        var network = new RedirectingNetwork().Redirect(V6a, Working(AddressFamily.InterNetworkV6)).Redirect(V4a, Working(AddressFamily.InterNetwork));

        using var result = await HappyEyeballs.ConnectAsync(Later([V6a], 10), Task.FromResult<IReadOnlyList<IPAddress>>([V4a]), 80, network, Generous);

        Assert.Equal(V6a, result.Winner);
        Assert.Equal(V6a, result.Attempts[0].Address);
    }

    [LoopbackFact]
    public async Task When_AAAA_lags_past_the_resolution_delay_IPv4_goes_first_and_late_IPv6_joins_the_race()
    {
        using var blackHole = await SilentListener.StartAsync(IPAddress.Loopback);
        var network = new RedirectingNetwork().Redirect(V4a, blackHole.EndPoint).Redirect(V6a, Working(AddressFamily.InterNetworkV6));

        using var result = await HappyEyeballs.ConnectAsync(Later([V6a], 150), Task.FromResult<IReadOnlyList<IPAddress>>([V4a]), 80, network, Generous);

        Assert.Equal(V4a, result.Attempts[0].Address);
        Assert.InRange(result.Attempts[0].StartedAt, HappyEyeballs.ResolutionDelay - TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(140));
        Assert.Equal(V6a, result.Winner);
        Assert.InRange(result.Attempts[1].StartedAt, TimeSpan.FromMilliseconds(140), TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task When_every_address_refuses_the_race_ends_with_each_attempt_as_evidence()
    {
        var network = new RedirectingNetwork()
            .Redirect(V4a, new IPEndPoint(IPAddress.Loopback, ClosedPort(AddressFamily.InterNetwork)))
            .Redirect(V4b, new IPEndPoint(IPAddress.Loopback, ClosedPort(AddressFamily.InterNetwork)));

        using var result = await HappyEyeballs.ConnectAsync([V4a, V4b], 80, network, Generous);

        Assert.False(result.Connected);
        Assert.Equal("every attempt failed", result.Error);
        Assert.All(result.Attempts, a => Assert.Equal(AttemptOutcome.Failed, a.Outcome));
        Assert.Equal(2, result.Attempts.Length);
    }

    [Fact]
    public async Task A_race_that_outlives_its_timeout_ends_with_every_attempt_abandoned()
    {
        using var blackHole = await SilentListener.StartAsync(IPAddress.Loopback);
        var network = new RedirectingNetwork().Redirect(V4a, blackHole.EndPoint).Redirect(V4b, blackHole.EndPoint);
        var clock = Stopwatch.StartNew();

        using var result = await HappyEyeballs.ConnectAsync([V4a, V4b], 80, network, TimeSpan.FromMilliseconds(600));

        Assert.False(result.Connected);
        Assert.Contains("no connection within 0.6 s", result.Error);
        Assert.All(result.Attempts, a => Assert.Equal(AttemptOutcome.Abandoned, a.Outcome));
        Assert.Equal(2, result.Attempts.Length);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_an_exception_not_a_result()
    {
        using var blackHole = await SilentListener.StartAsync(IPAddress.Loopback);
        var network = new RedirectingNetwork().Redirect(V4a, blackHole.EndPoint);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => HappyEyeballs.ConnectAsync([V4a], 80, network, Generous, cancel.Token));
    }

    private static async Task<IReadOnlyList<IPAddress>> Later(IReadOnlyList<IPAddress> addresses, int milliseconds)
    {
        await Task.Delay(milliseconds);
        return addresses;
    }

    private static int ClosedPort(AddressFamily family)
    {
        using var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
