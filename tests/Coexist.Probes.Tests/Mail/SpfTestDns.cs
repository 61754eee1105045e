using System.Net;
using Coexist.Probes.Dns;
using Coexist.Probes.Mail.Spf;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Mail;

/// <summary>
/// The DNS data of RFC 7208 Appendix A, retyped, served by a real resolver on loopback (<see cref="TestDnsServer"/>),
/// with room for each test's own records. The evaluator asks it over UDP as it would ask any resolver.
/// </summary>
internal sealed class SpfTestDns : IAsyncDisposable
{
    private TestDnsServer? _server;

    public TestZoneData Data { get; } = AppendixA();

    /// <summary>RFC 7208 Appendix A: example.com with two MX and two hosts, example.org with one MX, their reverse zone, and a rogue PTR.</summary>
    public static TestZoneData AppendixA()
    {
        var d = new TestZoneData();
        d.Zone("example.com", "ns.example.com").Zone("example.org", "ns.example.org").Zone("example.net", "ns.example.net")
            .Zone("in-addr.arpa", "ns.example.net").Zone("ip6.arpa", "ns.example.net");
        d.Add("example.com", new MxData(10, DnsName.Parse("mail-a.example.com"))).Add("example.com", new MxData(20, DnsName.Parse("mail-b.example.com")))
            .Addresses("example.com", "192.0.2.10", "192.0.2.11")
            .Addresses("amy.example.com", "192.0.2.65")
            .Addresses("bob.example.com", "192.0.2.66")
            .Addresses("mail-a.example.com", "192.0.2.129")
            .Addresses("mail-b.example.com", "192.0.2.130")
            .Add("www.example.com", new CnameData(DnsName.Parse("example.com")));
        d.Add("example.org", new MxData(10, DnsName.Parse("mail-c.example.org"))).Addresses("mail-c.example.org", "192.0.2.140");
        d.Ptr("192.0.2.10", "example.com").Ptr("192.0.2.11", "example.com").Ptr("192.0.2.65", "amy.example.com").Ptr("192.0.2.66", "bob.example.com")
            .Ptr("192.0.2.129", "mail-a.example.com").Ptr("192.0.2.130", "mail-b.example.com").Ptr("192.0.2.140", "mail-c.example.org")
            // "A rogue reverse IP domain that claims to be something it's not."
            .Ptr("10.0.0.4", "bob.example.com");
        return d;
    }

    /// <summary>Sets <paramref name="domain"/>'s TXT record(s).</summary>
    public SpfTestDns Txt(string domain, params string[] records)
    {
        foreach (var record in records) Data.Add(domain, new TxtData(record));
        return this;
    }

    public SpfEvaluator Evaluator()
    {
        _server ??= TestDnsServer.Start(IPAddress.Loopback, Data, TestServerRole.Resolver);
        return new SpfEvaluator(new DnsLookup(new DnsSocketClient(), _server.EndPoint));
    }

    public Task<SpfEvaluation> CheckAsync(string ip, string domain = "example.com", string? sender = null) =>
        Evaluator().CheckHostAsync(IPAddress.Parse(ip), domain, sender);

    /// <summary>One evaluation against Appendix A with example.com's record set to <paramref name="record"/>.</summary>
    public static async Task<SpfEvaluation> EvaluateAsync(string record, string ip, Action<SpfTestDns>? more = null, string? sender = null)
    {
        await using var dns = new SpfTestDns().Txt("example.com", record);
        more?.Invoke(dns);
        return await dns.CheckAsync(ip, sender: sender);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
