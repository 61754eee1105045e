using System.Net.Sockets;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>postfix: which MTA answers on which address, and whether its EHLO offers STARTTLS. No mail is sent.</summary>
[Collection(LabCollection.Name)]
public sealed class MailTests(LabFixture fixture)
{
    private LabDescription Lab => fixture.Lab;

    public static TheoryData<string, AddressFamily> Listeners => new()
    {
        { "mail-dual-stack", AddressFamily.InterNetwork },
        { "mail-dual-stack", AddressFamily.InterNetworkV6 },
        { "mail-v4-only", AddressFamily.InterNetwork },
        { "mail-v6-no-starttls", AddressFamily.InterNetwork },
        { "mail-v6-no-starttls", AddressFamily.InterNetworkV6 },
    };

    [LabTheory]
    [MemberData(nameof(Listeners))]
    public async Task Listener_greets_with_its_name_and_offers_STARTTLS_as_designed(string caseId, AddressFamily family)
    {
        var mta = Lab.Case(caseId);
        var address = Assert.Single(mta.Addresses, a => a.AddressFamily == family);
        var greeting = await SmtpGreeting.ReadAsync(address);
        Assert.StartsWith($"220 {mta.Name} ", greeting.Banner, StringComparison.Ordinal);
        Assert.StartsWith("250", greeting.EhloReply[^1], StringComparison.Ordinal);
        var key = family == AddressFamily.InterNetwork ? "starttlsIPv4" : "starttlsIPv6";
        Assert.Equal(mta.FactIsYes(key), greeting.OffersStartTls);
    }

    [LabFact]
    public async Task IPv4_only_MTA_is_reached_from_IPv6_through_NAT64_only()
    {
        var mta = Lab.Case("mail-v4-only");
        Assert.Empty(mta.IPv6);
        var greeting = await SmtpGreeting.ReadAsync(Lab.Nat64.Prefix.Embed(mta.IPv4[0]));
        Assert.StartsWith($"220 {mta.Name} ", greeting.Banner, StringComparison.Ordinal);
    }
}
