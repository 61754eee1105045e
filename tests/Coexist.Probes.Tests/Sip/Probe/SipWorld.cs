using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Probe;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>
/// SIP servers at documentation addresses, each really a <see cref="LoopbackSipPeer"/> reached through the
/// <see cref="TestWorld"/>'s redirects, with their names, NAPTR and SRV records at a loopback resolver. The NAT64
/// address of an IPv4 server leads to a second peer with the same behaviour that sees every request as IPv4 from
/// the translator's pool, as a server behind a real NAT64 does.
/// </summary>
internal sealed class SipWorld : IAsyncDisposable
{
    public static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");

    /// <summary>Where a translator's IPv4 side sends from (the lab's pool is 198.51.100.128/25).</summary>
    public static readonly IPAddress PoolAddress = IPAddress.Parse("198.51.100.200");

    private readonly List<LoopbackSipPeer> _peers = [];

    public SipWorld()
    {
        World.Data.Zone("shop.test", "ns.shop.test");
        World.ServeResolver();
        World.ServeAt(TestServerRole.Resolver, Prefix.Embed(TestWorld.ResolverAddress).ToString());
    }

    public TestWorld World { get; } = new();

    public TestZoneData Data => World.Data;

    /// <summary>
    /// A server at <paramref name="v4"/> and <paramref name="v6"/> (either may be null), with A/AAAA for
    /// <paramref name="name"/> when given; its NAT64 address reaches a translated twin.
    /// </summary>
    public LoopbackSipPeer Serve(SipPeerBehaviour behaviour, string? name, string? v4, string? v6)
    {
        var peer = Start(behaviour);
        if (name is not null) Data.Addresses(name, [.. new[] { v4, v6 }.OfType<string>()]);
        if (v4 is not null)
        {
            World.Network.Redirect(IPAddress.Parse(v4), peer.EndPoint4);
            var translated = Start(r => behaviour(r with { Family = AddressFamily.InterNetwork, Remote = new IPEndPoint(PoolAddress, r.Remote.Port) }));
            if (translated.EndPoint6 is { } behindNat64) World.Network.Redirect(Prefix.Embed(IPAddress.Parse(v4)), behindNat64);
        }
        if (v6 is not null && peer.EndPoint6 is { } endPoint6) World.Network.Redirect(IPAddress.Parse(v6), endPoint6);
        return peer;
    }

    public LoopbackSipPeer Start(SipPeerBehaviour behaviour, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var peer = LoopbackSipPeer.Start(behaviour, certificate);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>NAPTR (when <paramref name="naptr"/>) and SRV records of <paramref name="domain"/> for UDP and TCP, all pointing at <paramref name="host"/>.</summary>
    public SipWorld Records(string domain, string host, bool naptr = true, bool tcp = true)
    {
        if (naptr)
        {
            Data.Add(domain, new NaptrData(10, 10, "S", "SIP+D2U", "", DnsName.Parse($"_sip._udp.{domain}")));
            if (tcp) Data.Add(domain, new NaptrData(20, 10, "S", "SIP+D2T", "", DnsName.Parse($"_sip._tcp.{domain}")));
        }
        Data.Add($"_sip._udp.{domain}", new SrvData(10, 10, 5060, DnsName.Parse(host)));
        if (tcp) Data.Add($"_sip._tcp.{domain}", new SrvData(10, 10, 5060, DnsName.Parse(host)));
        return this;
    }

    public ProbeSettings Settings(TimeSpan checkTimeout) => World.Settings(new EngineOptions
    {
        CheckTimeout = checkTimeout,
        PerTargetInterval = TimeSpan.Zero,
        Retry = RetryPolicy.None,
    }) with { Nat64Prefix = Prefix };

    public async Task<List<ProbeResult>> ProbeAsync(IEnumerable<ServiceSpec> services, IReadOnlyList<ProbePath> paths, SipProbeOptions options, TimeSpan checkTimeout,
        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? authorities = null)
    {
        var settings = Settings(checkTimeout) with { CertificateAuthorities = authorities ?? [] };
        var (_, results) = await TestWorld.ProbeAsync(settings, services, paths, [new SipProbe(options)]);
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _peers) await peer.DisposeAsync();
        await World.DisposeAsync();
    }
}
