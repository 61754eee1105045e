using System.Globalization;
using System.Net;
using System.Text.Json;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>
/// The MTU-1280 hop: large responses stall where Packet Too Big is dropped and complete where it passes,
/// per path (v4, v6, nat64, siit) as each case's expectations in lab.json say.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MtuTests(LabFixture fixture)
{
    /// <summary>Long enough for a few retransmissions of a full-size segment (the first RTO is 1 s, RFC 6298).</summary>
    private static readonly TimeSpan StallWindow = TimeSpan.FromSeconds(3);

    /// <summary>64 KiB over veth takes milliseconds; this leaves room for a loaded machine.</summary>
    private static readonly TimeSpan CompleteWithin = TimeSpan.FromSeconds(10);

    private LabDescription Lab => fixture.Lab;

    public static TheoryData<string, string> CasePaths()
    {
        var data = new TheoryData<string, string>();
        foreach (var caseId in new[] { "mtu-blackhole", "mtu-ptb-ok" })
        {
            foreach (var path in new[] { "v4", "v6", "nat64", "siit" }) data.Add(caseId, path);
        }
        return data;
    }

    [LabTheory]
    [MemberData(nameof(CasePaths))]
    public async Task Small_responses_pass_and_large_ones_complete_or_stall_as_designed(string caseId, string path)
    {
        var mtu = Lab.Case(caseId);
        var address = Address(mtu, path);
        var port = Assert.Single(mtu.Ports);

        var small = await HttpDownload.GetAsync(address, port, mtu.Name, mtu.Fact("smallPath"), CompleteWithin);
        Assert.True(small.Complete, $"{caseId} {path} [{address}] small: {small}");

        var expected = mtu.Fact(path);
        var large = await HttpDownload.GetAsync(address, port, mtu.Name, mtu.Fact("largePath"), expected == "stalls" ? StallWindow : CompleteWithin);
        var size = long.Parse(mtu.Fact("largeBytes"), CultureInfo.InvariantCulture);
        if (expected == "completes")
        {
            Assert.True(large.Complete, $"{caseId} {path} [{address}] large: {large}");
            Assert.Equal(size, large.BodyBytes);
        }
        else
        {
            Assert.Equal("stalls", expected);
            Assert.False(large.Complete, $"{caseId} {path} [{address}] large should have stalled: {large}");
            Assert.True(large.BodyBytes < size, $"{large}");
        }
    }

    [LabFact]
    public async Task Firewall_drops_the_too_big_messages_of_the_black_hole_and_passes_the_others()
    {
        var blackHole = Lab.Case("mtu-blackhole");
        var firewall = blackHole.Fact("firewall");
        var before = await FirewallCountersAsync(firewall);
        foreach (var path in new[] { "v6", "nat64", "siit" })
        {
            await HttpDownload.GetAsync(Address(blackHole, path), blackHole.Ports[0], blackHole.Name, blackHole.Fact("largePath"), StallWindow);
        }
        var after = await FirewallCountersAsync(firewall);
        // The hop really sent Packet Too Big (and tayga its translation), and the firewall dropped them.
        Assert.True(after["ptb-dropped"] > before["ptb-dropped"], "no ICMPv6 Packet Too Big reached the firewall on the IPv6 path");
        Assert.True(after["frag-needed-dropped"] > before["frag-needed-dropped"], "no ICMPv4 fragmentation needed reached the firewall on the NAT64 path");

        var ok = Lab.Case("mtu-ptb-ok");
        foreach (var path in new[] { "v6", "nat64" })
        {
            var download = await HttpDownload.GetAsync(Address(ok, path), ok.Ports[0], ok.Name, ok.Fact("largePath"), CompleteWithin);
            Assert.True(download.Complete, $"mtu-ptb-ok {path}: {download}");
        }
        // Passed at least once since the lab came up: the server then remembers the path MTU for a while.
        var passed = await FirewallCountersAsync(firewall);
        Assert.True(passed["ptb-passed"] > 0 && passed["frag-needed-passed"] > 0, string.Join(", ", passed));
    }

    [LabFact]
    public async Task Hop_is_1280_for_IPv6_and_1500_for_IPv4()
    {
        var ok = Lab.Case("mtu-ptb-ok");
        var ipv6Mtu = int.Parse(ok.Fact("ipv6LinkMtu"), CultureInfo.InvariantCulture);
        // ICMP echo with DF: 40 (IPv6) + 8 (ICMPv6) + payload; 20 + 8 + payload for IPv4.
        var fits = await PingAsync(ok.IPv6[0], ipv6Mtu - 48);
        Assert.True(fits.ExitCode == 0, fits.Describe("ping -6"));
        var tooBig = await PingAsync(ok.IPv6[0], ipv6Mtu - 48 + 1);
        Assert.NotEqual(0, tooBig.ExitCode);
        Assert.Contains(ipv6Mtu.ToString(CultureInfo.InvariantCulture), tooBig.Output + tooBig.Error, StringComparison.Ordinal);
        var fullSizeIPv4 = await PingAsync(ok.IPv4[0], 1500 - 28);
        Assert.True(fullSizeIPv4.ExitCode == 0, fullSizeIPv4.Describe("ping -4"));
    }

    [LabFact]
    public void MTU_cases_carry_their_NAT64_addresses_and_stay_out_of_the_inventory()
    {
        var cases = Lab.CasesOfKind("mtu").ToList();
        Assert.Equal(["mtu-blackhole", "mtu-ptb-ok"], cases.Select(c => c.Id).Order());
        foreach (var mtu in cases)
        {
            Assert.Equal(mtu.IPv4.Select(Lab.Nat64.Prefix.Embed), mtu.Nat64);
            Assert.All(new[] { "v4", "v6", "nat64", "siit" }, path => Assert.Contains(mtu.Fact(path), new[] { "completes", "stalls" }));
            Assert.Equal(IPAddress.Parse(mtu.Fact("siitAddress")), Lab.Siit!.V4For(mtu.IPv6[0]));
        }
        // They are paths, not services: a probe of the whole inventory would wait out the black hole.
        var services = Coexist.Model.InventoryReader.Load(Lab.Inventory).Services.Select(s => s.Name);
        Assert.DoesNotContain(services, name => cases.Any(c => c.Id == name));
    }

    private static IPAddress Address(LabCase mtu, string path) => path switch
    {
        "v4" => mtu.IPv4[0],
        "v6" => mtu.IPv6[0],
        "nat64" => mtu.Nat64[0],
        "siit" => IPAddress.Parse(mtu.Fact("siitAddress")),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "a path is v4, v6, nat64 or siit"),
    };

    private static Task<ProcessResult> PingAsync(IPAddress address, int payload) =>
        LabProcess.RunAsync("ping", ["-n", "-M", "do", "-c", "1", "-W", "2", "-s", payload.ToString(CultureInfo.InvariantCulture), address.ToString()],
            TimeSpan.FromSeconds(10));

    /// <summary>The firewall's packet counters by rule comment (samples/lab/lib/mtu.sh).</summary>
    private static async Task<Dictionary<string, long>> FirewallCountersAsync(string @namespace)
    {
        var result = await LabProcess.InNamespaceAsync(@namespace, "nft", "-j", "list", "table", "inet", "coexist_lab");
        Assert.True(result.ExitCode == 0, result.Describe("nft -j list table"));
        using var json = JsonDocument.Parse(result.Output);
        var counters = new Dictionary<string, long>();
        foreach (var item in json.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (!item.TryGetProperty("rule", out var rule) || !rule.TryGetProperty("comment", out var comment)) continue;
            foreach (var expression in rule.GetProperty("expr").EnumerateArray())
            {
                if (expression.TryGetProperty("counter", out var counter))
                {
                    counters[comment.GetString()!] = counter.GetProperty("packets").GetInt64();
                }
            }
        }
        return counters;
    }
}
