using System.Net;
using System.Net.Sockets;
using System.Text;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Tests.Support;
using Coexist.Probes.Web;
using Microsoft.AspNetCore.Http;

namespace Coexist.Probes.Tests.Web;

/// <summary>
/// A small web estate on loopback, one site per case, each at made-up documentation addresses (A and AAAA at a
/// loopback resolver, a DNS64 resolver, NAT64 addresses under 2001:db8:64::/96), served by real Kestrel servers
/// with certificates from a test CA. The IPv4 server of a site also answers at the site's NAT64 address, as a
/// translator would carry IPv6 clients to it. Probed once on v4, v6, nat64, dns64 and dual; tests read the verdicts.
/// </summary>
public sealed class WebWorld : IAsyncLifetime
{
    public static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");
    public static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Dual];
    private static readonly IPAddress Dns64Resolver = IPAddress.Parse("192.0.2.64");

    private readonly TestWorld _dns = new();
    private readonly List<IAsyncDisposable> _servers = [];

    internal WebNetwork Network { get; private set; } = null!;

    public List<ProbeResult> Results { get; private set; } = [];

    /// <summary>The IPv4 server of every site (by Host header); the NAT64 addresses lead here too.</summary>
    internal LoopbackWebServer Main { get; private set; } = null!;

    /// <summary>The sites, their addresses, and what their IPv6 side does differently.</summary>
    public static class Site
    {
        public const string Same = "www.shop.test", SameV4 = "198.51.100.80", SameV6 = "2001:db8:80::80";
        public const string V4Only = "v4only.shop.test", V4OnlyV4 = "198.51.100.81";
        public const string Split = "split.shop.test", SplitV4 = "198.51.100.82", SplitV6 = "2001:db8:80::82";
        public const string Literal = "literal.shop.test", LiteralV4 = "198.51.100.83", LiteralV6 = "2001:db8:80::83";
        public const string Ports = "ports.shop.test", PortsV4 = "198.51.100.84", PortsV6 = "2001:db8:80::84";
        public const string Status = "status.shop.test", StatusV4 = "198.51.100.85", StatusV6 = "2001:db8:80::85";
        public const string Cert = "cert.shop.test", CertV4 = "198.51.100.86", CertV6 = "2001:db8:80::86";
        public const string Partial = "partial.shop.test", PartialV4 = "198.51.100.87", PartialV6 = "2001:db8:80::87";
        public const string Cdn = "cdn4.shop.test", CdnV4 = "198.51.100.88";
    }

    public static IReadOnlyList<ServiceSpec> Services { get; } =
    [
        Web("same", Site.Same), Web("v4only", Site.V4Only), Web("split", Site.Split), Web("literal", Site.Literal),
        Web("ports", Site.Ports), Web("status", Site.Status), Web("cert", Site.Cert), Web("partial", Site.Partial),
    ];

    private static ServiceSpec Web(string name, string host) => new() { Name = name, Kind = ServiceKind.Web, Hosts = [host], Ports = [80, 443] };

    public static string Page(string title, string text, string head = "") =>
        $"<!doctype html>\n<html><head><title>{title}</title>{head}</head>\n<body><p id=\"site\">{text}</p></body></html>\n";

    public async Task InitializeAsync()
    {
        _dns.Data.Zone("shop.test", "ns.shop.test")
            .Addresses(Site.Same, Site.SameV4, Site.SameV6)
            .Addresses(Site.V4Only, Site.V4OnlyV4)
            .Addresses(Site.Split, Site.SplitV4, Site.SplitV6)
            .Addresses(Site.Literal, Site.LiteralV4, Site.LiteralV6)
            .Addresses(Site.Ports, Site.PortsV4, Site.PortsV6)
            .Addresses(Site.Status, Site.StatusV4, Site.StatusV6)
            .Addresses(Site.Cert, Site.CertV4, Site.CertV6)
            .Addresses(Site.Partial, Site.PartialV4, Site.PartialV6)
            .Addresses(Site.Cdn, Site.CdnV4);
        // RFC 7050: what the DNS64 resolver synthesizes for ipv4only.arpa reveals the prefix.
        _dns.Data.Zone("ipv4only.arpa", "ns.shop.test").Addresses("ipv4only.arpa", "192.0.0.170", "192.0.0.171");
        _dns.ServeAt(TestServerRole.Resolver, TestWorld.ResolverAddress.ToString(), Prefix.Embed(TestWorld.ResolverAddress).ToString());
        _dns.ServeAt(TestServerRole.Resolver with { Dns64 = Prefix }, Dns64Resolver.ToString());
        Network = new WebNetwork(_dns.Network);

        var names = new[] { Site.Same, Site.V4Only, Site.Split, Site.Literal, Site.Ports, Site.Status, Site.Cert, Site.Partial, Site.Cdn };
        Main = await Start(TestCertificates.Server(names), MainSite);
        // Another server for the IPv6 side of split and status: its own Server header, its own certificate.
        var alternative = await Start(TestCertificates.Server(names), AlternativeSite);
        var wrongName = await Start(TestCertificates.Server(["other.test"]), MainSite);

        foreach (var v4 in new[] { Site.SameV4, Site.V4OnlyV4, Site.SplitV4, Site.LiteralV4, Site.PortsV4, Site.StatusV4, Site.CertV4, Site.PartialV4, Site.CdnV4 })
        {
            Network.Serve(v4, Main).Serve(Prefix.Embed(IPAddress.Parse(v4)).ToString(), Main);
        }
        Network.Serve(Site.SameV6, Main).Serve(Site.LiteralV6, Main).Serve(Site.PartialV6, Main)
            .Serve(Site.PortsV6, Main, https: false)
            .Serve(Site.SplitV6, alternative).Serve(Site.StatusV6, alternative)
            .Serve(Site.CertV6, wrongName);

        var settings = _dns.Settings(new EngineOptions { CheckTimeout = TimeSpan.FromSeconds(8), PerTargetInterval = TimeSpan.Zero }) with
        {
            Network = Network,
            Nat64Prefix = Prefix,
            Dns64 = new IPEndPoint(Dns64Resolver, 53),
            CertificateAuthorities = [TestCertificates.Authority],
        };
        (_, Results) = await TestWorld.ProbeAsync(settings, Services, Paths, [new WebProbe()]);
    }

    private async Task<LoopbackWebServer> Start(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, Func<HttpContext, Task> handler)
    {
        var server = await LoopbackWebServer.StartAsync(certificate, handler);
        _servers.Add(server);
        return server;
    }

    /// <summary>The IPv4 server: the same page for every family it is reached on, by Host header.</summary>
    private static Task MainSite(HttpContext context)
    {
        var host = context.Request.Host.Host;
        context.Response.Headers.Server = "main/1.0";
        context.Response.Headers.ETag = $"\"main-{host}\"";
        switch (context.Request.Path.Value)
        {
            case "/app.js" or "/logo.png" or "/style.css":
                return Text(context, "text/plain", "resource");
            case { } image when image.StartsWith("/img/", StringComparison.Ordinal):
                return Text(context, "image/png", "png");
        }
        return host switch
        {
            Site.Literal => Html(context, Page(host, "pulls a script from an IPv4 literal",
                $"<script src=\"http://{Site.V4OnlyV4}/app.js\"></script><link rel=\"stylesheet\" href=\"/style.css\">")),
            Site.Partial => Html(context, Page(host, "nine images here, one on an IPv4-only host",
                string.Concat(Enumerable.Range(1, 9).Select(i => $"<img src=\"/img/{i}.png\">")) + $"<img src=\"http://{Site.Cdn}/img/cdn.png\">")),
            _ => Html(context, Page(host, $"{host}: the same page over IPv4 and IPv6")),
        };
    }

    /// <summary>The other IPv6 server: another page for split, 503 for status.</summary>
    private static Task AlternativeSite(HttpContext context)
    {
        var host = context.Request.Host.Host;
        context.Response.Headers.Server = "other/2.0";
        if (host == Site.Status)
        {
            context.Response.StatusCode = 503;
            return Html(context, Page(host, "down for maintenance"));
        }
        return Html(context, Page(host, $"{host} over IPv6: a different site"));
    }

    private static Task Html(HttpContext context, string html) => Text(context, "text/html; charset=utf-8", html);

    private static async Task Text(HttpContext context, string type, string text)
    {
        context.Response.ContentType = type;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    public IEnumerable<ProbeResult> Of(string service, string check, ProbePath path) =>
        Results.Where(r => r.Service == service && r.Check == check && r.Path == path);

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        await _dns.DisposeAsync();
    }

    internal static bool HasIPv6Loopback => Socket.OSSupportsIPv6;
}
