using System.Net;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Dns.Checks;

/// <summary>
/// A small estate on loopback with a healthy zone and one broken case per rule, probed once on v4, v6, nat64 and
/// dns64; the tests read the verdicts. The parent zone "test" is served by a.nic.test; every zone below it is
/// delegated with glue. The NAT64 prefix is discovered at the DNS64 resolver; addresses under it reach the same
/// servers (the loopback stands in for the translator).
/// </summary>
public sealed class DnsWorld : IAsyncLifetime
{
    public static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");
    public static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64];

    private readonly TestWorld _world = new();

    public List<ProbeResult> Results { get; private set; } = [];

    public ProbeSession Session { get; private set; } = null!;

    public static IReadOnlyList<ServiceSpec> Services { get; } =
    [
        new() { Name = "shop-web", Kind = ServiceKind.Web, Hosts = ["www.shop.test"] },
        new() { Name = "v4only-web", Kind = ServiceKind.Web, Hosts = ["v4only.shop.test"] },
        new() { Name = "mapped-web", Kind = ServiceKind.Web, Hosts = ["mapped.shop.test"] },
        new() { Name = "private-web", Kind = ServiceKind.Web, Hosts = ["private.shop.test"] },
        new() { Name = "signed-web", Kind = ServiceKind.Web, Hosts = ["signed.shop.test"] },
        new() { Name = "shop-mail", Kind = ServiceKind.Mail, Domain = "shop.test" },
        new() { Name = "unconfirmed-mail", Kind = ServiceKind.Mail, Domain = "unconfirmed.shop.test" },
        new() { Name = "null-mail", Kind = ServiceKind.Mail, Domain = "nullmx.shop.test" },
        new() { Name = "shop-sip", Kind = ServiceKind.Sip, Domain = "shop.test" },
        new() { Name = "shop-dns", Kind = ServiceKind.Dns, Zone = "shop.test", Hosts = ["big.shop.test"] },
        new() { Name = "one-v6-dns", Kind = ServiceKind.Dns, Zone = "one-v6.test" },
        new() { Name = "udp-only-dns", Kind = ServiceKind.Dns, Zone = "udp-only.test" },
        new() { Name = "glue-dns", Kind = ServiceKind.Dns, Zone = "glue.test" },
        new() { Name = "lame-dns", Kind = ServiceKind.Dns, Zone = "lame.test" },
        new() { Name = "frag-dns", Kind = ServiceKind.Dns, Zone = "frag.test", Hosts = ["big.frag.test"] },
    ];

    /// <summary>The address plan, one place.</summary>
    private static class A
    {
        public const string Nic4 = "192.0.2.2", Nic6 = "2001:db8:53::2";
        public const string Ns1v4 = "198.51.100.3", Ns1v6 = "2001:db8:53::3";
        public const string Ns2v4 = "203.0.113.4", Ns2v6 = "2001:db8:aaaa::4";
        public const string OneV6 = "198.51.100.11";
        public const string UdpOnly4 = "198.51.100.12", UdpOnly6 = "2001:db8:53::12";
        public const string GlueParent4 = "198.51.100.13", GlueParent6 = "2001:db8:53::13", GlueChild4 = "198.51.100.14", GlueChild6 = "2001:db8:53::14";
        public const string Lame4 = "198.51.100.15";
        public const string Frag4 = "198.51.100.16", Frag6 = "2001:db8:53::16";
    }

    public async Task InitializeAsync()
    {
        var d = _world.Data;
        d.Zone("test", "a.nic.test").Addresses("a.nic.test", A.Nic4, A.Nic6)
            .Delegate("shop.test", ["ns1.shop.test", "ns2.shop.test"], ("ns1.shop.test", A.Ns1v4), ("ns1.shop.test", A.Ns1v6), ("ns2.shop.test", A.Ns2v4), ("ns2.shop.test", A.Ns2v6))
            .Delegate("one-v6.test", ["ns1.shop.test", "ns.one-v6.test"], ("ns.one-v6.test", A.OneV6))
            .Delegate("udp-only.test", ["ns1.shop.test", "ns.udp-only.test"], ("ns.udp-only.test", A.UdpOnly4), ("ns.udp-only.test", A.UdpOnly6))
            .Delegate("glue.test", ["ns1.shop.test", "ns.glue.test"], ("ns.glue.test", A.GlueParent4), ("ns.glue.test", A.GlueParent6))
            .Delegate("lame.test", ["ns.lame.test"], ("ns.lame.test", A.Lame4))
            .Delegate("frag.test", ["ns.frag.test", "ns1.shop.test"], ("ns.frag.test", A.Frag4), ("ns.frag.test", A.Frag6));

        d.Zone("shop.test", "ns1.shop.test", "ns2.shop.test")
            .Addresses("ns1.shop.test", A.Ns1v4, A.Ns1v6).Addresses("ns2.shop.test", A.Ns2v4, A.Ns2v6)
            .Addresses("www.shop.test", "198.51.100.80", "2001:db8:80::80")
            .Addresses("v4only.shop.test", "198.51.100.81")
            .Addresses("mapped.shop.test", "198.51.100.82", "::ffff:198.51.100.82")
            .Addresses("private.shop.test", "10.113.0.83", "fd6c:6162::83")
            .Addresses("signed.shop.test", "198.51.100.84").Signed("signed.shop.test", DnsRecordType.A)
            .Add("shop.test", new MxData(10, DnsName.Parse("mx.shop.test")))
            .Addresses("mx.shop.test", "198.51.100.25", "2001:db8:25::25")
            .Ptr("198.51.100.25", "mx.shop.test").Ptr("2001:db8:25::25", "mx.shop.test")
            .Add("unconfirmed.shop.test", new MxData(10, DnsName.Parse("mx2.shop.test")))
            .Addresses("mx2.shop.test", "198.51.100.27", "2001:db8:25::27")
            .Ptr("2001:db8:25::27", "mx.shop.test")
            .Add("nullmx.shop.test", new MxData(0, DnsName.Root))
            .Add("shop.test", new NaptrData(10, 10, "S", "SIP+D2U", "", DnsName.Parse("_sip._udp.shop.test")))
            .Add("_sip._udp.shop.test", new SrvData(10, 10, 5060, DnsName.Parse("sip.shop.test")))
            .Addresses("sip.shop.test", "198.51.100.40", "2001:db8:5060::40")
            .Ptr("198.51.100.40", "sip.shop.test").Ptr("2001:db8:5060::40", "sip.shop.test")
            .Addresses("big.shop.test", [.. Enumerable.Range(1, 60).Select(i => $"2001:db8:80::1:{i:x}")]);
        d.Zone("one-v6.test", "ns1.shop.test", "ns.one-v6.test").Addresses("ns.one-v6.test", A.OneV6);
        d.Zone("udp-only.test", "ns1.shop.test", "ns.udp-only.test").Addresses("ns.udp-only.test", A.UdpOnly4, A.UdpOnly6);
        d.Zone("glue.test", "ns1.shop.test", "ns.glue.test").Addresses("ns.glue.test", A.GlueChild4, A.GlueChild6);
        d.Zone("lame.test", "ns.lame.test").Addresses("ns.lame.test", A.Lame4);
        d.Zone("frag.test", "ns.frag.test", "ns1.shop.test").Addresses("ns.frag.test", A.Frag4, A.Frag6)
            .Addresses("big.frag.test", [.. Enumerable.Range(1, 60).Select(i => $"2001:db8:81::1:{i:x}")]);
        d.Zone("in-addr.arpa", "a.nic.test").Zone("ip6.arpa", "a.nic.test");
        d.Zone("ipv4only.arpa", "a.nic.test").Addresses("ipv4only.arpa", "192.0.0.170", "192.0.0.171");

        string Nat64(string v4) => Prefix.Embed(IPAddress.Parse(v4)).ToString();
        _world.ServeAt(TestServerRole.Resolver, TestWorld.ResolverAddress.ToString(), Nat64(TestWorld.ResolverAddress.ToString()));
        _world.ServeAt(TestServerRole.Resolver with { Dns64 = Prefix }, "192.0.2.64");
        _world.ServeAt(TestServerRole.AuthoritativeFor("test"), A.Nic4, A.Nic6, Nat64(A.Nic4));
        _world.ServeAt(TestServerRole.AuthoritativeFor("shop.test", "one-v6.test", "udp-only.test", "glue.test", "frag.test"), A.Ns1v4, A.Ns1v6, Nat64(A.Ns1v4));
        _world.ServeAt(TestServerRole.AuthoritativeFor("shop.test"), A.Ns2v4, A.Ns2v6, Nat64(A.Ns2v4));
        _world.ServeAt(TestServerRole.AuthoritativeFor("one-v6.test"), A.OneV6, Nat64(A.OneV6));
        _world.ServeAt(TestServerRole.AuthoritativeFor("udp-only.test") with { Tcp = false }, A.UdpOnly4, A.UdpOnly6, Nat64(A.UdpOnly4));
        _world.ServeAt(TestServerRole.AuthoritativeFor("glue.test"), A.GlueChild4, A.GlueChild6, A.GlueParent4, A.GlueParent6, Nat64(A.GlueChild4));
        _world.ServeAt(TestServerRole.AuthoritativeFor("lame.test") with { Authoritative = false }, A.Lame4, Nat64(A.Lame4));
        _world.ServeAt(TestServerRole.AuthoritativeFor("frag.test") with { IgnoreUdpSize = true }, A.Frag4, A.Frag6, Nat64(A.Frag4));

        var settings = _world.Settings() with
        {
            Dns64 = new IPEndPoint(IPAddress.Parse("192.0.2.64"), 53),
            TreatAsPublic = [IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("203.0.113.0/24"), IPNetwork.Parse("2001:db8::/32")],
        };
        (Session, Results) = await TestWorld.ProbeAsync(settings, Services, Paths);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    public IEnumerable<ProbeResult> Of(string service) => Results.Where(r => r.Service == service);
}
