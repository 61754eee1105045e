using System.Net;
using System.Net.Sockets;
using Coexist.Lab.Tests.Clients;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Smoke;

/// <summary>
/// While the lab is up, the machine's own traffic is untouched: package restores and apt run beside
/// these tests in CI, and their registries, resolvers and gateways must not be routed into the lab.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MachineTests(LabFixture fixture)
{
    public const string Registry = "api.nuget.org";
    private const int Https = 443;

    private LabDescription Lab => fixture.Lab;

    [RegistryFact]
    public async Task NuGet_registry_still_resolves_and_connects_at_its_real_address()
    {
        var addresses = await RegistryFactAttribute.ResolveAsync();
        var connected = new List<string>();
        var failures = new List<string>();
        foreach (var address in addresses)
        {
            Assert.False(IntoTheLab(address, out var route), $"{Registry} {address} is routed into the lab by {route}");
            var path = await LabProcess.RunAsync("ip", "route", "get", address.ToString());
            Assert.DoesNotContain($"dev {Lab.Host.Interface}", path.Output, StringComparison.Ordinal);
            // A TCP connection only: nothing is sent.
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var deadline = new CancellationTokenSource(TcpConnect.Timeout);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, Https), deadline.Token);
                var local = ((IPEndPoint)socket.LocalEndPoint!).Address;
                Assert.NotEqual(Lab.Host.IPv4, local);
                Assert.NotEqual(Lab.Host.IPv6, local);
                connected.Add($"{address} from {local}");
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                failures.Add($"{address}: {e.Message}");   // e.g. an AAAA on a machine without IPv6 egress
            }
        }
        Assert.True(connected.Count > 0, $"no address of {Registry} accepted a connection on {Https}: {string.Join("; ", failures)}");
    }

    [LabFact]
    public async Task Lab_routes_leave_the_machine_s_gateways_and_name_servers_alone()
    {
        var used = new List<IPAddress>();
        foreach (var family in new[] { "-4", "-6" })
        {
            var defaults = await LabProcess.RunAsync("ip", family, "route", "show", "default");
            var words = defaults.Output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            used.AddRange(words.Zip(words.Skip(1)).Where(pair => pair.First == "via").Select(pair => IPAddress.Parse(pair.Second)));
        }
        used.AddRange(File.ReadLines("/etc/resolv.conf")
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 1 && fields[0] == "nameserver")
            .Select(fields => IPAddress.TryParse(fields[1].Split('%')[0], out var address) ? address : null)
            .OfType<IPAddress>());
        foreach (var address in used)
        {
            Assert.False(IntoTheLab(address, out var route), $"{address} is routed into the lab by {route}");
        }
    }

    [LabFact]
    public async Task Preflight_passes_on_this_machine_while_the_lab_is_up()
    {
        // The lab's own link and routes are not a conflict: a second test run must be able to share the lab.
        var check = await LabProcess.RunAsync(Path.Combine(fixture.LabDirectory, "up.sh"), ["--check"], TimeSpan.FromSeconds(30));
        Assert.True(check.ExitCode == 0, check.Describe("up.sh --check"));
    }

    private bool IntoTheLab(IPAddress address, out string route)
    {
        route = Lab.Host.Routes.FirstOrDefault(r => IPNetwork.Parse(r).Contains(address)) ?? "";
        return route.Length > 0;
    }
}

/// <summary>Needs the lab, and the registry's name to resolve on this machine (else skipped with the reason).</summary>
public sealed class RegistryFactAttribute : FactAttribute
{
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lazy<string?> Reason = new(() =>
    {
        try { return ResolveAsync().GetAwaiter().GetResult().Count > 0 ? null : $"{MachineTests.Registry} has no address here"; }
        catch (Exception e) when (e is SocketException or OperationCanceledException) { return $"{MachineTests.Registry} does not resolve on this machine: {e.Message}"; }
    });

    public RegistryFactAttribute()
    {
        if (!LabPrerequisites.CanRun(out var why)) Skip = why;
        else if (Reason.Value is { } reason) Skip = reason;
    }

    public static async Task<IReadOnlyList<IPAddress>> ResolveAsync()
    {
        using var deadline = new CancellationTokenSource(LookupTimeout);
        return await Dns.GetHostAddressesAsync(MachineTests.Registry, deadline.Token).ConfigureAwait(false);
    }
}
