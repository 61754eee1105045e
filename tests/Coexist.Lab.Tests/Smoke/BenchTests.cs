using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;
using Xunit.Abstractions;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>The bench paths: iperf3 and ICMP echo on routed IPv4, routed IPv6, NAT64 and SIIT (to an IPv6-only server).</summary>
[Collection(LabCollection.Name)]
public sealed partial class BenchTests(LabFixture fixture, ITestOutputHelper output)
{
    private LabDescription Lab => fixture.Lab;

    public static TheoryData<string> Paths => ["v4", "v6", "nat64", "siit"];

    [LabTheory]
    [MemberData(nameof(Paths))]
    public async Task Iperf3_measures_a_rate_on_the_path(string path)
    {
        var bench = Lab.Bench.Path(path);
        var run = await Iperf3.RunAsync(bench.Address, Lab.Bench.Port);
        Assert.True(run.ReceivedBitsPerSecond > 0 && run.ReceivedBytes > 0, $"{path}: {run}");
        output.WriteLine($"{path} [{bench.Address}]: {run}");
    }

    [LabTheory]
    [MemberData(nameof(Paths))]
    public async Task Ping_answers_on_the_path(string path)
    {
        var bench = Lab.Bench.Path(path);
        var result = await LabProcess.RunAsync("ping", ["-n", "-c", "3", "-i", "0.2", "-W", "2", bench.Echo.ToString()], TimeSpan.FromSeconds(15));
        Assert.True(result.ExitCode == 0, result.Describe($"ping {bench.Echo}"));
        Assert.Contains("3 received", result.Output, StringComparison.Ordinal);
        var rtt = RoundTrip().Match(result.Output);
        Assert.True(rtt.Success, result.Output);
        output.WriteLine($"{path} [{bench.Echo}]: rtt min/avg/max {rtt.Groups[1].Value}/{rtt.Groups[2].Value}/{rtt.Groups[3].Value} ms");
    }

    [LabFact]
    public async Task NAT64_path_goes_through_tayga_to_an_IPv4_only_server()
    {
        var nat64 = Lab.Bench.Path("nat64");
        Assert.Equal(Lab.Nat64.Prefix.Embed(nat64.ServerAddress), nat64.Address);
        Assert.Equal(nat64.Address, nat64.Echo);
        var server = Lab.Server(nat64.Server);
        Assert.Equal([nat64.ServerAddress], server.IPv4);
        Assert.Empty(server.IPv6);

        await Iperf3.RunAsync(nat64.Address, Lab.Bench.Port);
        // The server saw a NAT64 pool address, not the host's IPv6 address.
        var accepted = AcceptedFrom().Matches(await File.ReadAllTextAsync(server.Log)).Select(m => IPAddress.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(accepted);
        Assert.True(IPNetwork.Parse(Lab.Nat64.Pool).Contains(accepted[^1]), $"the iperf3 server saw {accepted[^1]}");
    }

    [LabFact]
    public async Task SIIT_path_goes_through_the_stateless_map_to_an_IPv6_only_server()
    {
        var siit = Lab.Bench.Path("siit");
        var map = Assert.IsType<LabSiit>(Lab.Siit);
        Assert.Equal(map.V4For(siit.ServerAddress), siit.Address);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, siit.ServerAddress.AddressFamily);
        var server = Lab.Server(siit.Server);
        Assert.Equal([siit.ServerAddress], server.IPv6);
        Assert.Empty(server.IPv4);
        var v6only = Lab.Namespace("v6only");
        Assert.Equal(v6only.Name, siit.Namespace);
        Assert.Empty(v6only.IPv4);

        await Iperf3.RunAsync(siit.Address, Lab.Bench.Port);
        // The IPv6-only server saw the host's IPv4 address inside the SIIT prefix (RFC 6052), with no pool or state between.
        var accepted = AcceptedFrom().Matches(await File.ReadAllTextAsync(server.Log)).Select(m => IPAddress.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(accepted);
        Assert.Equal(map.Prefix.Embed(Lab.Host.IPv4), accepted[^1]);
    }

    [LabFact]
    public void Routed_paths_reach_their_server_directly()
    {
        foreach (var path in new[] { "v4", "v6" })
        {
            var bench = Lab.Bench.Path(path);
            Assert.Equal(bench.ServerAddress, bench.Address);
            Assert.Contains(bench.Address, Lab.Server(bench.Server).IPv4.Concat(Lab.Server(bench.Server).IPv6));
            Assert.Contains(bench.Address, Lab.Namespace("bench").IPv4.Concat(Lab.Namespace("bench").IPv6));
        }
        Assert.Equal(Lab.Namespace("bench").Name, Lab.Bench.Namespace);
    }

    [GeneratedRegex(@"rtt min/avg/max/mdev = ([\d.]+)/([\d.]+)/([\d.]+)/")]
    private static partial Regex RoundTrip();

    [GeneratedRegex(@"Accepted connection from ([0-9a-fA-F.:]+), port")]
    private static partial Regex AcceptedFrom();
}
