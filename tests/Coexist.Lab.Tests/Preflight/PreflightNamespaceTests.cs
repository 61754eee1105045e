using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Preflight;

/// <summary>
/// up.sh --check, for real, inside scratch network namespaces made to look like hosts that already use
/// part of the lab's space: each must be refused with a one-line reason, and a clean one must pass.
/// The namespaces are not named coexist-*, so the lab's tear-down never touches them.
/// </summary>
public sealed class PreflightNamespaceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [NamespaceTheory]
    [InlineData("address")]
    [InlineData("route")]
    [InlineData("gateway")]
    [InlineData("resolver")]
    [InlineData("registry")]
    [InlineData("none")]
    public async Task Check_refuses_a_host_that_uses_part_of_the_lab_and_passes_one_that_does_not(string conflict)
    {
        var prefixes = await LabShell.RootPrefixesAsync();
        var v4 = prefixes.First(p => p.BaseAddress.AddressFamily == AddressFamily.InterNetwork);
        var v6 = prefixes.First(p => p.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6);
        var name = $"labcheck-{Environment.ProcessId}-{conflict}";
        var etc = Path.Combine("/etc/netns", name);
        try
        {
            await Run("ip", "netns", "add", name);
            await Run("ip", "-n", name, "link", "add", "check0", "type", "veth", "peer", "name", "check1");
            await Run("ip", "-n", name, "link", "set", "check0", "up");
            await Run("ip", "-n", name, "link", "set", "check1", "up");
            var expected = conflict switch
            {
                "address" => await Address(name, v4, Offset(v4, 77)),
                "route" => await Route(name, v6),
                "gateway" => await Gateway(name, v4, Offset(v4, 9)),
                "resolver" => await InEtc(etc, "resolv.conf", $"nameserver {Offset(v6, 0x53)}", v6, $"{Offset(v6, 0x53)} (name server in /etc/resolv.conf)"),
                "registry" => await InEtc(etc, "hosts", $"{Offset(v4, 80)} api.nuget.org", v4, $"{Offset(v4, 80)} (address of api.nuget.org, a package registry)"),
                _ => null,
            };

            var check = await LabProcess.RunAsync("ip", ["netns", "exec", name, Path.Combine(LabPrerequisites.LabDirectory, "up.sh"), "--check"], Timeout);
            if (expected is null)
            {
                Assert.True(check.ExitCode == 0, check.Describe("up.sh --check"));
                return;
            }
            Assert.Equal(LabPrerequisites.PreflightRefused, check.ExitCode);
            var line = Assert.Single(check.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal($"lab: refusing to start: {expected}", line);
        }
        finally
        {
            await LabProcess.RunAsync("ip", ["netns", "del", name], Timeout);
            if (Directory.Exists(etc)) Directory.Delete(etc, recursive: true);
        }
    }

    private static async Task<string> Address(string ns, IPNetwork lab, IPAddress inside)
    {
        await Run("ip", "-n", ns, "addr", "add", $"{inside}/30", "dev", "check0");
        return $"the lab's {lab} overlaps {inside}/30 (address on check0)";
    }

    /// <summary>A route wider than the lab's prefix: it holds the lab rather than sitting inside it.</summary>
    private static async Task<string> Route(string ns, IPNetwork lab)
    {
        var wider = new IPNetwork(Mask(lab.BaseAddress, lab.PrefixLength - 16), lab.PrefixLength - 16);
        await Run("ip", "-n", ns, "-6", "route", "add", wider.ToString(), "dev", "check0");
        return $"the lab's {lab} overlaps {wider} (route dev check0)";
    }

    private static async Task<string> Gateway(string ns, IPNetwork lab, IPAddress gateway)
    {
        await Run("ip", "-n", ns, "addr", "add", "10.9.0.2/24", "dev", "check0");
        await Run("ip", "-n", ns, "route", "add", "default", "via", gateway.ToString(), "dev", "check0", "onlink");
        return $"the lab's {lab} overlaps {gateway} (default gateway on check0)";
    }

    /// <summary>ip netns exec mounts /etc/netns/NS/FILE over /etc/FILE.</summary>
    private static async Task<string> InEtc(string etc, string file, string content, IPNetwork lab, string what)
    {
        Directory.CreateDirectory(etc);
        await File.WriteAllTextAsync(Path.Combine(etc, file), content + "\n");
        return $"the lab's {lab} overlaps {what}";
    }

    private static IPAddress Offset(IPNetwork network, int offset)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        for (var i = bytes.Length - 1; offset > 0 && i >= 0; i--, offset >>= 8)
        {
            bytes[i] = (byte)(bytes[i] + (offset & 0xff));
        }
        return new IPAddress(bytes);
    }

    private static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < bytes.Length * 8; bit++) bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IPAddress(bytes);
    }

    private static async Task Run(params string[] command)
    {
        var result = await LabProcess.RunAsync(command[0], command[1..], Timeout);
        Assert.True(result.ExitCode == 0, result.Describe(string.Join(' ', command)));
    }
}
