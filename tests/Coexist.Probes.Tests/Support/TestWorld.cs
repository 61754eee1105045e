using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Tests.Support;

/// <summary>
/// A small Internet on loopback: DNS servers at made-up addresses (documentation space), each really a
/// <see cref="TestDnsServer"/> on 127.0.0.1 or ::1 reached through a <see cref="RedirectingNetwork"/>. Any address
/// without a server goes to a closed loopback port, so nothing a test does leaves the machine.
/// </summary>
internal sealed class TestWorld : IAsyncDisposable
{
    /// <summary>The resolver every world has (192.0.2.53, a recursive view of all the data).</summary>
    public static readonly IPAddress ResolverAddress = IPAddress.Parse("192.0.2.53");

    private readonly List<TestDnsServer> _servers = [];

    public TestWorld(IReadOnlyCollection<AddressFamily>? families = null)
    {
        Network = new RedirectingNetwork(
            address => new IPEndPoint(address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 9),
            families ?? [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6]);
    }

    public TestZoneData Data { get; } = new();

    public RedirectingNetwork Network { get; }

    public Dictionary<IPAddress, TestDnsServer> Servers { get; } = [];

    /// <summary>Starts a server at <paramref name="address"/> answering from <see cref="Data"/> in <paramref name="role"/>.</summary>
    public TestDnsServer Serve(string address, TestServerRole role)
    {
        var logical = IPAddress.Parse(address);
        var loopback = logical.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        var server = TestDnsServer.Start(loopback, Data, role);
        _servers.Add(server);
        Servers[logical] = server;
        Network.Redirect(logical, server.EndPoint);
        return server;
    }

    /// <summary>
    /// One server answering at several addresses: one instance per family, every address of that family sent to
    /// it (a name server's IPv4 address, and the NAT64 address a translator would carry to it).
    /// </summary>
    public void ServeAt(TestServerRole role, params string[] addresses)
    {
        foreach (var family in addresses.Select(IPAddress.Parse).GroupBy(a => a.AddressFamily))
        {
            var server = TestDnsServer.Start(family.Key == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, Data, role);
            _servers.Add(server);
            foreach (var address in family)
            {
                Servers[address] = server;
                Network.Redirect(address, server.EndPoint);
            }
        }
    }

    public TestDnsServer ServeResolver(TestServerRole? role = null) => Serve(ResolverAddress.ToString(), role ?? TestServerRole.Resolver);

    public ProbeSettings Settings(EngineOptions? engine = null) => new()
    {
        Resolvers = [new IPEndPoint(ResolverAddress, DnsLimits.Port)],
        Network = Network,
        Engine = engine ?? new EngineOptions { CheckTimeout = TimeSpan.FromSeconds(15), PerTargetInterval = TimeSpan.Zero },
    };

    /// <summary>Runs the given probes (the DNS probe by default) over <paramref name="services"/> and collects every result.</summary>
    public static async Task<(ProbeSession Session, List<ProbeResult> Results)> ProbeAsync(ProbeSettings settings, IEnumerable<ServiceSpec> services,
        IReadOnlyList<ProbePath> paths, IEnumerable<IServiceProbe>? probes = null, CancellationToken cancellationToken = default)
    {
        var session = await ProbeSession.StartAsync(settings, paths.ToHashSet(), cancellationToken);
        var checks = session.Plan(services.Select(s => (s, paths)), probes ?? [new DnsProbe()]);
        var results = new List<ProbeResult>();
        await foreach (var result in session.RunAsync(checks, cancellationToken: cancellationToken)) results.Add(result);
        return (session, results);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
    }
}

internal static class ResultQueries
{
    public static ProbeResult Single(this IEnumerable<ProbeResult> results, string check, ProbePath path, string? target = null, string? address = null) =>
        Assert.Single(results, r => r.Check == check && r.Path == path && (target is null || r.Target == target) && (address is null || r.Address == address));

    public static string Describe(this IEnumerable<ProbeResult> results) =>
        string.Join('\n', results.Select(r => $"{r.Service} {r.Check} {WireNames.Of(r.Path)} {r.Target} {r.Address}: {WireNames.Of(r.Outcome)} {r.Detail}"));
}
