using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>
/// A small telephony estate on loopback, one service per server behaviour, probed once on v4, v6, nat64 and dual
/// with --allow-invite (and once more without, for the media checks' skip); the tests read the verdicts.
/// </summary>
public sealed class SipEstate : IAsyncLifetime
{
    public static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dual];

    /// <summary>Long enough for every exchange on two busy cores, short enough for the silent server's checks.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(6);

    private readonly SipWorld _world = new();

    public List<ProbeResult> Results { get; private set; } = [];

    public List<ProbeResult> WithoutInvite { get; private set; } = [];

    internal LoopbackSipPeer Good { get; private set; } = null!;

    internal LoopbackSipPeer Silent { get; private set; } = null!;

    public static class A
    {
        public const string Good4 = "198.51.100.40", Good6 = "2001:db8:5060::40";
        public const string V4Contact4 = "198.51.100.41", V4Contact6 = "2001:db8:5060::41";
        public const string V4Only4 = "198.51.100.42";
        public const string Careless4 = "198.51.100.43", Careless6 = "2001:db8:5060::43";
        public const string Big4 = "198.51.100.44", Big6 = "2001:db8:5060::44";
        public const string Silent4 = "198.51.100.45", Silent6 = "2001:db8:5060::45";
        public const string Hostile4 = "198.51.100.46", Hostile6 = "2001:db8:5060::46";
        public const string Ice4 = "198.51.100.47", Ice6 = "2001:db8:5060::47";
        public const string IceBoth4 = "198.51.100.48", IceBoth6 = "2001:db8:5060::48";
        public const string Anat4 = "198.51.100.49", Anat6 = "2001:db8:5060::49";
        public const string Refuses4 = "198.51.100.50", Refuses6 = "2001:db8:5060::50";
        public const string Fallback4 = "198.51.100.51", Fallback6 = "2001:db8:5060::51";
    }

    public static IReadOnlyList<ServiceSpec> Services { get; } =
    [
        new() { Name = "good", Kind = ServiceKind.Sip, Telephony = Telephony.AllIp, Domain = "shop.test" },
        new() { Name = "v4contact", Kind = ServiceKind.Sip, Telephony = Telephony.AllIp, Domain = "v4contact.shop.test" },
        new() { Name = "v4only", Kind = ServiceKind.Sip, Telephony = Telephony.AllIp, Domain = "v4only.shop.test" },
        new() { Name = "careless", Kind = ServiceKind.Sip, Hosts = ["careless.shop.test"] },
        new() { Name = "oversized", Kind = ServiceKind.Sip, Hosts = ["big.shop.test"] },
        new() { Name = "silent", Kind = ServiceKind.Sip, Hosts = ["silent.shop.test"] },
        new() { Name = "hostile", Kind = ServiceKind.Sip, Hosts = ["hostile.shop.test"] },
        new() { Name = "ice-one-family", Kind = ServiceKind.Sip, Hosts = ["ice.shop.test"] },
        new() { Name = "ice-both", Kind = ServiceKind.Sip, Hosts = ["ice-both.shop.test"] },
        new() { Name = "anat", Kind = ServiceKind.Sip, Hosts = ["anat.shop.test"] },
        new() { Name = "refuses", Kind = ServiceKind.Sip, Hosts = ["refuses.shop.test"] },
        new() { Name = "fallback", Kind = ServiceKind.Sip, Domain = "fallback.shop.test" },
        new() { Name = "dangling", Kind = ServiceKind.Sip, Domain = "dangling.shop.test" },
        new() { Name = "relay", Kind = ServiceKind.Sip, Telephony = Telephony.Relay, Hosts = ["sip.shop.test"], MediaGateways = ["mg.shop.test"] },
    ];

    public async Task InitializeAsync()
    {
        Good = _world.Serve(PeerBehaviours.FollowsFamily(A.Good4, A.Good6), "sip.shop.test", A.Good4, A.Good6);
        _world.Records("shop.test", "sip.shop.test");
        _world.Serve(PeerBehaviours.V4Minded(A.V4Contact4), "sip.v4contact.shop.test", A.V4Contact4, A.V4Contact6);
        _world.Records("v4contact.shop.test", "sip.v4contact.shop.test", naptr: false);
        _world.Serve(PeerBehaviours.V4Minded(A.V4Only4), "sip.v4only.shop.test", A.V4Only4, null);
        _world.Records("v4only.shop.test", "sip.v4only.shop.test");
        _world.Serve(PeerBehaviours.CarelessBrackets(A.Careless4, A.Careless6), "careless.shop.test", A.Careless4, A.Careless6);
        _world.Serve(PeerBehaviours.Oversized(A.Big4, A.Big6), "big.shop.test", A.Big4, A.Big6);
        Silent = _world.Serve(PeerBehaviours.Silent, "silent.shop.test", A.Silent4, A.Silent6);
        _world.Serve(PeerBehaviours.Hostile, "hostile.shop.test", A.Hostile4, A.Hostile6);
        _world.Serve(PeerBehaviours.FollowsFamily(A.Ice4, A.Ice6, (t, a) => PeerReplies.Sdp(t, a, Candidate(a))), "ice.shop.test", A.Ice4, A.Ice6);
        _world.Serve(PeerBehaviours.FollowsFamily(A.IceBoth4, A.IceBoth6, (t, a) => PeerReplies.Sdp(t, a, Candidate(A.IceBoth4) + Candidate(A.IceBoth6))), "ice-both.shop.test", A.IceBoth4, A.IceBoth6);
        _world.Serve(PeerBehaviours.FollowsFamily(A.Anat4, A.Anat6, (t, a) => t == "IP6" ? PeerBehaviours.AnatAnswer(t, a, "IP4", A.Anat4) : PeerBehaviours.AnatAnswer(t, a, "IP6", A.Anat6)), "anat.shop.test", A.Anat4, A.Anat6);
        _world.Serve(PeerBehaviours.RefusesOffers(A.Refuses4), "refuses.shop.test", A.Refuses4, A.Refuses6);
        _world.Serve(PeerBehaviours.FollowsFamily(A.Fallback4, A.Fallback6), "fallback.shop.test", A.Fallback4, A.Fallback6);
        // NAPTR promises TCP at a name with no SRV records.
        _world.Data.Add("dangling.shop.test", new NaptrData(10, 10, "S", "SIP+D2U", "", DnsName.Parse("_sip._udp.dangling.shop.test")))
            .Add("dangling.shop.test", new NaptrData(20, 10, "S", "SIP+D2T", "", DnsName.Parse("_sip._tcp.dangling.shop.test")))
            .Add("_sip._udp.dangling.shop.test", new SrvData(10, 10, 5060, DnsName.Parse("sip.shop.test")));
        _world.Data.Addresses("mg.shop.test", A.Good4, A.Good6);

        Results = await _world.ProbeAsync(Services, Paths, new SipProbeOptions { AllowInvite = true }, CheckTimeout);
        WithoutInvite = await _world.ProbeAsync([Services[0]], Paths, SipProbeOptions.Default, CheckTimeout);
    }

    private static string Candidate(string address) => $"a=candidate:1 1 UDP 2130706431 {address} 40000 typ host\r\n";

    public async Task DisposeAsync() => await _world.DisposeAsync();

    public IEnumerable<ProbeResult> Of(string service, string check, ProbePath path) =>
        Results.Where(r => r.Service == service && r.Check == check && r.Path == path);
}
