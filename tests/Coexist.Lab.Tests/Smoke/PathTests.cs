using System.Net;
using System.Net.Sockets;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>The topology: single-stack clients, the root namespace as probing host, and NAT64 through tayga.</summary>
[Collection(LabCollection.Name)]
public sealed class PathTests(LabFixture fixture)
{
    private LabDescription Lab => fixture.Lab;

    [LabFact]
    public async Task IPv6_only_client_reaches_the_IPv4_only_web_server_through_NAT64_by_name()
    {
        var client6 = Lab.Namespace("client6");
        var site = Lab.Case("web-v4-only");
        // curl resolves through the namespace's resolver, the DNS64 one, and connects to the synthesized address.
        var result = await LabProcess.InNamespaceAsync(client6.Name, "curl", "-sS", "--max-time", "5", "-w", " %{remote_ip}", $"http://{site.Name}/whoami");
        Assert.True(result.ExitCode == 0, result.Describe("curl"));
        var fields = result.Output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var seenByServer = IPAddress.Parse(fields[0]);
        var connectedTo = IPAddress.Parse(fields[1]);
        Assert.Equal(Lab.Nat64.Prefix.Embed(site.IPv4[0]), connectedTo);
        Assert.True(IPNetwork.Parse(Lab.Nat64.Pool).Contains(seenByServer), $"the server saw {seenByServer}, not an address of the NAT64 pool {Lab.Nat64.Pool}");
    }

    [LabFact]
    public async Task Single_stack_clients_have_only_their_family()
    {
        var client4 = Lab.Namespace("client4");
        var client6 = Lab.Namespace("client6");
        Assert.Empty(client4.IPv6);
        Assert.Empty(client6.IPv4);
        var v6In4 = await LabProcess.InNamespaceAsync(client4.Name, "ip", "-6", "-o", "addr", "show");
        Assert.Equal("", v6In4.Output.Trim());
        var v4In6 = await LabProcess.InNamespaceAsync(client6.Name, "ip", "-4", "-o", "addr", "show", "scope", "global");
        Assert.Equal("", v4In6.Output.Trim());

        var www = Lab.Case("web-dual-stack");
        var result = await LabProcess.InNamespaceAsync(client4.Name, "curl", "-sS", "--max-time", "5", $"http://{www.Name}/whoami");
        Assert.True(result.ExitCode == 0, result.Describe("curl"));
        Assert.Equal(client4.IPv4[0], IPAddress.Parse(result.Output.Trim()));
    }

    [LabFact]
    public async Task Host_reaches_every_IPv4_service_through_the_NAT64_prefix()
    {
        var failures = new List<string>();
        foreach (var (address, port) in TcpServices())
        {
            var embedded = Lab.Nat64.Prefix.Embed(address);
            try { await TcpConnect.ConnectAsync(embedded, port); }
            catch (Exception e) when (e is SocketException or OperationCanceledException) { failures.Add($"[{embedded}]:{port} ({address}): {e.Message}"); }
        }
        Assert.Empty(failures);
    }

    [LabFact]
    public async Task Host_reaches_every_service_address_natively()
    {
        var failures = new List<string>();
        foreach (var (address, port) in TcpServices().Concat(Lab.Cases.Where(c => c.Kind != "dns").SelectMany(c => c.IPv6.SelectMany(a => c.Ports.Select(p => (a, p))))))
        {
            try { await TcpConnect.ConnectAsync(address, port); }
            catch (Exception e) when (e is SocketException or OperationCanceledException) { failures.Add($"{address}:{port}: {e.Message}"); }
        }
        Assert.Empty(failures);
    }

    [LabFact]
    public async Task Host_routes_only_the_lab_prefixes_into_the_lab()
    {
        var routes = new List<string>();
        foreach (var family in new[] { "-4", "-6" })
        {
            var result = await LabProcess.RunAsync("ip", family, "route", "show", "dev", Lab.Host.Interface);
            routes.AddRange(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(line => line.Contains(" via ", StringComparison.Ordinal) || line.StartsWith("default", StringComparison.Ordinal))
                .Select(line => line.Split(' ')[0])
                .Select(prefix => prefix.Contains('/', StringComparison.Ordinal) ? prefix : prefix + (family == "-4" ? "/32" : "/128")));
        }
        Assert.Equal(Lab.Host.Routes.Order(), routes.Order());
    }

    [LabFact]
    public async Task Special_purpose_addresses_in_answers_stay_inside_the_lab()
    {
        // A probe that connects to them anyway is routed into the lab, where the gateway answers "unreachable".
        foreach (var address in Lab.Case("dns-private-v4").IPv4.Concat(Lab.Case("dns-ula-v6").IPv6))
        {
            var result = await LabProcess.RunAsync("ip", "route", "get", address.ToString());
            Assert.Contains($"dev {Lab.Host.Interface}", result.Output, StringComparison.Ordinal);
            await Assert.ThrowsAsync<SocketException>(() => TcpConnect.ConnectAsync(address, 80));
        }
    }

    [LabFact]
    public void Cases_list_their_IPv4_addresses_embedded_in_the_NAT64_prefix()
    {
        // up.sh embeds with bash arithmetic; the model embeds per RFC 6052: they must agree.
        foreach (var labCase in Lab.Cases)
        {
            var expected = labCase.Kind == "dns" ? [] : labCase.IPv4.Select(Lab.Nat64.Prefix.Embed).ToList();
            Assert.Equal(expected, labCase.Nat64);
        }
    }

    /// <summary>Every IPv4 address of a web, mail or SIP case with its TCP ports, and each name server's TCP/53 but the UDP-only one's.</summary>
    private IEnumerable<(IPAddress Address, int Port)> TcpServices()
    {
        var udpOnly = Lab.Case("dns-udp-only").Addresses.ToHashSet();
        return Lab.Cases.Where(c => c.Kind is "web" or "mail" or "sip")
            .SelectMany(c => c.IPv4.SelectMany(a => c.Ports.Select(p => (a, p))))
            .Concat(Lab.Server("dns-auth").IPv4.Where(a => !udpOnly.Contains(a)).Select(a => (a, 53)))
            .Distinct();
    }
}
