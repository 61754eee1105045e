using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Mail;

/// <summary>
/// A small mail estate on loopback, probed once by the mail probe on v4, v6, nat64, dns64 and dual: a resolver and a
/// DNS64 (real DNS over UDP), and MTAs that are <see cref="LoopbackSmtpServer"/>s reached through a
/// <see cref="RedirectingNetwork"/> at documentation addresses. A NAT64 address reaches a server on ::1 that stands
/// for the IPv4 MTA behind the translator; where a case needs the translated path to differ (a middlebox that strips
/// STARTTLS), that server says something else. Healthy and broken cases side by side, hostile MTAs among them.
/// </summary>
public sealed class MailWorld : IAsyncLifetime
{
    public static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");
    public static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit, ProbePath.Dual];

    private readonly TestWorld _world = new();
    private readonly List<LoopbackSmtpServer> _mtas = [];

    public List<ProbeResult> Results { get; private set; } = [];

    public TimeSpan Elapsed { get; private set; }

    /// <summary>The test MTAs by name and family ("mx4.shop.test/v4").</summary>
    internal Dictionary<string, LoopbackSmtpServer> Mtas { get; } = [];

    internal IEnumerable<LoopbackSmtpServer> AllMtas => _mtas;

    public static IReadOnlyList<ServiceSpec> Services { get; } =
    [
        new() { Name = "shop-mail", Kind = ServiceKind.Mail, Domain = "shop.test" },
        new() { Name = "v4only-mail", Kind = ServiceKind.Mail, Domain = "v4only.shop.test" },
        new() { Name = "notls6-mail", Kind = ServiceKind.Mail, Domain = "notls6.shop.test" },
        new() { Name = "stripped-mail", Kind = ServiceKind.Mail, Domain = "stripped.shop.test" },
        new() { Name = "null-mail", Kind = ServiceKind.Mail, Domain = "nullmx.shop.test" },
        new() { Name = "mixed-mail", Kind = ServiceKind.Mail, Domain = "mixed.shop.test" },
        new() { Name = "alias-mail", Kind = ServiceKind.Mail, Domain = "alias.shop.test" },
        new() { Name = "nospf-mail", Kind = ServiceKind.Mail, Domain = "nospf.shop.test" },
        new() { Name = "submission", Kind = ServiceKind.Mail, Hosts = ["smtp.shop.test"], Ports = [587] },
        new() { Name = "submissions", Kind = ServiceKind.Mail, Hosts = ["smtps.shop.test"], Ports = [465] },
        new() { Name = "silent-mail", Kind = ServiceKind.Mail, Hosts = ["silent.shop.test"] },
        new() { Name = "flood-mail", Kind = ServiceKind.Mail, Hosts = ["flood.shop.test"] },
        new() { Name = "tlsdrop-mail", Kind = ServiceKind.Mail, Hosts = ["tlsdrop.shop.test"] },
        new() { Name = "v6only-mail", Kind = ServiceKind.Mail, Hosts = ["mx6only.shop.test"] },
        new() { Name = "literal-mail", Kind = ServiceKind.Mail, Hosts = ["2001:db8:25::25"] },
    ];

    public static string Nat64(string v4) => Prefix.Embed(IPAddress.Parse(v4)).ToString();

    public async Task InitializeAsync()
    {
        var d = _world.Data;
        d.Zone("shop.test", "ns1.shop.test").Zone("in-addr.arpa", "ns1.shop.test").Zone("ip6.arpa", "ns1.shop.test")
            .Zone("ipv4only.arpa", "ns1.shop.test").Addresses("ipv4only.arpa", "192.0.0.170", "192.0.0.171");
        MxDomain(d, "shop.test", "mx.shop.test", "v=spf1 mx ip6:2001:db8:25::99 -all", "v=DMARC1; p=reject; rua=mailto:dmarc@shop.test");
        d.Addresses("mx.shop.test", "198.51.100.25", "2001:db8:25::25").Ptr("198.51.100.25", "mx.shop.test").Ptr("2001:db8:25::25", "mx.shop.test")
            .Addresses("out.shop.test", "2001:db8:25::99").Ptr("2001:db8:25::99", "out.shop.test");
        MxDomain(d, "v4only.shop.test", "mx4.shop.test", "v=spf1 ip4:198.51.100.26 -all", "v=DMARC1; p=none");
        d.Addresses("mx4.shop.test", "198.51.100.26");
        MxDomain(d, "notls6.shop.test", "mx6.shop.test", "v=spf1 ip4:198.51.100.27 -all", dmarc: null);
        d.Addresses("mx6.shop.test", "198.51.100.27", "2001:db8:25::27").Ptr("2001:db8:25::27", "mx.shop.test");
        MxDomain(d, "stripped.shop.test", "mxstrip.shop.test", "v=spf1 a:mxstrip.shop.test -all", "v=DMARC1; p=quarantine");
        d.Addresses("mxstrip.shop.test", "198.51.100.28", "2001:db8:25::28");
        d.Add("nullmx.shop.test", new MxData(0, DnsName.Root)).Add("nullmx.shop.test", new TxtData("v=spf1 -all")).Add("_dmarc.nullmx.shop.test", new TxtData("v=DMARC1; p=reject"));
        d.Add("mixed.shop.test", new MxData(0, DnsName.Root)).Add("mixed.shop.test", new MxData(10, DnsName.Parse("mx.shop.test")));
        d.Add("alias.shop.test", new MxData(10, DnsName.Parse("mxalias.shop.test"))).Add("mxalias.shop.test", new CnameData(DnsName.Parse("mx.shop.test")));
        d.Add("nospf.shop.test", new MxData(10, DnsName.Parse("mx.shop.test"))).Add("_dmarc.nospf.shop.test", new TxtData("v=DMARC1; pct=100"));
        d.Addresses("smtp.shop.test", "198.51.100.30", "2001:db8:25::30")
            .Addresses("smtps.shop.test", "198.51.100.31", "2001:db8:25::31")
            .Addresses("silent.shop.test", "198.51.100.40", "2001:db8:25::40")
            .Addresses("flood.shop.test", "198.51.100.41")
            .Addresses("tlsdrop.shop.test", "198.51.100.42")
            .Addresses("mx6only.shop.test", "2001:db8:25::60");

        var healthy = SmtpServerScript.Healthy;
        Mta("mx.shop.test", healthy, "198.51.100.25", "2001:db8:25::25");
        Mta("mx4.shop.test", healthy, "198.51.100.26");
        Mta("mx6.shop.test", healthy, "198.51.100.27");
        Mta("mx6.shop.test", healthy.WithoutStartTls(), "2001:db8:25::27");
        Mta("mxstrip.shop.test", healthy, "198.51.100.28", "2001:db8:25::28");
        // A middlebox on the translated path that strips STARTTLS from the EHLO reply.
        Mta("mxstrip.shop.test", healthy.WithoutStartTls(), nat64: false, Nat64("198.51.100.28"));
        Mta("smtp.shop.test", healthy, "198.51.100.30", "2001:db8:25::30");
        Mta("smtps.shop.test", healthy with { ImplicitTls = true }, "198.51.100.31", "2001:db8:25::31");
        Mta("silent.shop.test", new SmtpServerScript { Hostility = SmtpHostility.Silent }, "198.51.100.40", "2001:db8:25::40");
        Mta("flood.shop.test", new SmtpServerScript { Hostility = SmtpHostility.MegabyteLine }, "198.51.100.41");
        Mta("tlsdrop.shop.test", new SmtpServerScript { Hostility = SmtpHostility.ClosesDuringTls }, "198.51.100.42");
        // An IPv6-only MTA that IPv4 clients reach through a stateless translator (SIIT, RFC 7757): 198.51.100.60 ↔ ::60.
        Mta("mx6only.shop.test", healthy, "2001:db8:25::60");
        Mta("mx6only.shop.test", healthy, nat64: false, "198.51.100.60");

        _world.ServeAt(TestServerRole.Resolver, TestWorld.ResolverAddress.ToString(), Nat64(TestWorld.ResolverAddress.ToString()));
        _world.ServeAt(TestServerRole.Resolver with { Dns64 = Prefix }, "192.0.2.64");
        var settings = _world.Settings() with
        {
            Dns64 = new IPEndPoint(IPAddress.Parse("192.0.2.64"), 53),
            Siit = [new SiitMapping(IPAddress.Parse("198.51.100.60"), IPAddress.Parse("2001:db8:25::60"))],
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (_, Results) = await TestWorld.ProbeAsync(settings, Services, Paths, [new MailProbe()]);
        Elapsed = clock.Elapsed;
    }

    private static void MxDomain(TestZoneData d, string domain, string mx, string spf, string? dmarc)
    {
        d.Add(domain, new MxData(10, DnsName.Parse(mx))).Add(domain, new TxtData(spf));
        if (dmarc is not null) d.Add($"_dmarc.{domain}", new TxtData(dmarc));
    }

    private void Mta(string name, SmtpServerScript script, params string[] addresses) => Mta(name, script, nat64: true, addresses);

    /// <summary>One test MTA per family for <paramref name="addresses"/>; IPv4 ones also at their NAT64 address unless told otherwise.</summary>
    private void Mta(string name, SmtpServerScript script, bool nat64, params string[] addresses)
    {
        var all = addresses.Concat(nat64 ? addresses.Where(a => IPAddress.Parse(a).AddressFamily == AddressFamily.InterNetwork).Select(Nat64) : []);
        foreach (var family in all.Select(IPAddress.Parse).GroupBy(a => a.AddressFamily))
        {
            var server = LoopbackSmtpServer.Start(family.Key == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, script);
            _mtas.Add(server);
            Mtas[$"{name}/{(family.Key == AddressFamily.InterNetwork ? "v4" : family.All(a => Prefix.Contains(a)) ? "nat64" : "v6")}"] = server;
            foreach (var address in family) _world.Network.Redirect(address, server.EndPoint);
        }
    }

    public IEnumerable<ProbeResult> Of(string service) => Results.Where(r => r.Service == service);

    public async Task DisposeAsync()
    {
        foreach (var mta in _mtas) await mta.DisposeAsync();
        await _world.DisposeAsync();
    }
}
