using System.Net;

namespace Coexist.Lab.Tests.Preflight;

/// <summary>
/// The preflight's overlap logic (samples/lab/lib/preflight.sh), in bash as up.sh runs it: pure functions
/// fed with chosen host facts, so no namespace and no root are needed.
/// </summary>
public sealed class PreflightLogicTests
{
    [ShellTheory]
    [InlineData("198.51.100.0/24", "198.51.0.0/16", true)]        // a wider route holds the lab
    [InlineData("198.51.100.0/24", "198.51.100.77", true)]        // an address inside it
    [InlineData("198.51.100.0/24", "198.51.100.77/30", true)]
    [InlineData("198.51.100.0/24", "198.51.101.0/24", false)]
    [InlineData("198.51.100.0/24", "203.0.113.80", false)]        // where the build machines reach their registries
    [InlineData("198.51.100.0/24", "0.0.0.0/0", true)]
    [InlineData("2001:db8:c0e::/48", "2001:db8::/32", true)]
    [InlineData("2001:db8:c0e::/48", "2001:db8:c0e:5353::1", true)]
    [InlineData("2001:db8:c0e::/48", "2001:db8:c0e::/47", true)]  // 0c0e-0c0f
    [InlineData("2001:db8:c0e::/48", "2001:db8:c0c::/47", false)] // 0c0c-0c0d: differs in the 47th bit
    [InlineData("2001:db8:c0e::/48", "2001:db8:c0f::/48", false)]
    [InlineData("fd6c:6162::80/128", "fc00::/7", true)]
    [InlineData("fd6c:6162::80/128", "fd00::/64", false)]
    [InlineData("10.113.0.80/32", "10.0.0.0/8", true)]
    [InlineData("10.113.0.80/32", "10.255.255.53", false)]
    [InlineData("::ffff:198.51.100.0/120", "::ffff:198.51.100.1", true)]
    [InlineData("198.51.100.0/24", "::ffff:198.51.100.1", false)]  // families never overlap
    [InlineData("198.51.100.0/24", "fe80::1%eth0", false)]
    [InlineData("198.51.100.0/24", "not-an-address", false)]
    [InlineData("198.51.100.0/24", "198.51.100.256", false)]
    [InlineData("2001:db8:c0e::/48", "2001:db8::c0e::1", false)]
    public async Task Prefixes_overlap_when_their_common_leading_bits_agree(string lab, string used, bool overlap)
    {
        var result = await LabShell.RunAsync("if prefixes_overlap \"$1\" \"$2\"; then echo overlap; else echo apart; fi", lab, used);
        Assert.True(result.ExitCode == 0, result.Describe("prefixes_overlap"));
        Assert.Equal(overlap ? "overlap" : "apart", result.Output.Trim());
    }

    /// <summary>What the build machines look like (uplink 192.0.2.0/24, ULA fd00::/64, resolver 10.255.255.53, registries at 203.0.113.80).</summary>
    private const string BuildMachine = """
        192.0.2.2/24 address on eth0
        fd00::2/64 address on eth0
        192.0.2.0/24 route dev eth0
        192.0.2.1 default gateway on eth0
        fd00::1 default gateway on eth0
        10.255.255.53 name server in /etc/resolv.conf
        203.0.113.80 address of api.nuget.org, a package registry
        203.0.113.80 address of deb.debian.org, a package registry
        """;

    [ShellFact]
    public async Task Lab_plan_leaves_a_build_machine_alone_where_the_old_plan_took_its_registries()
    {
        var plan = await LabShell.RunAsync("printf '%s\\n' \"$1\" | first_overlap $(lab_root_prefixes) || echo none", BuildMachine);
        Assert.True(plan.ExitCode == 0, plan.Describe("first_overlap"));
        Assert.Equal("none", plan.Output.Trim());

        // The plan before this check existed routed 203.0.113.0/24 into the lab, registries and all.
        var old = await LabShell.RunAsync("printf '%s\\n' \"$1\" | first_overlap 203.0.113.0/24 $(lab_root_prefixes)", BuildMachine);
        Assert.Equal("the lab's 203.0.113.0/24 overlaps 203.0.113.80 (address of api.nuget.org, a package registry)", old.Output.Trim());
    }

    [ShellFact]
    public async Task First_overlap_names_the_lab_prefix_and_what_the_host_uses_it_for()
    {
        const string host = """
            garbage that does not parse
            192.0.2.0/24 route dev eth0
            2001:db8::/32 route dev tun0 table 100
            """;
        var result = await LabShell.RunAsync("printf '%s\\n' \"$1\" | first_overlap $(lab_root_prefixes)", host);
        Assert.True(result.ExitCode == 0, result.Describe("first_overlap"));
        var prefixes = await LabShell.RootPrefixesAsync();
        var v6 = Assert.Single(prefixes, p => p.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && p.PrefixLength < 64);
        Assert.Equal($"the lab's {v6} overlaps 2001:db8::/32 (route dev tun0 table 100)", result.Output.Trim());
    }

    [ShellFact]
    public async Task NAT64_embedding_of_the_scripts_agrees_with_the_model()
    {
        // The MTU servers' block: its first address, and the block as the gateway routes it to the MTU translator.
        var result = await LabShell.RunAsync(
            "echo \"$NAT64_PREFIX\"; echo \"$MTU_BH_V4\"; nat64_embed \"$MTU_BH_V4\"; echo \"$MTU_V4_SERVERS\"; nat64_embed \"${MTU_V4_SERVERS%/*}\" \"${MTU_V4_SERVERS#*/}\"");
        Assert.True(result.ExitCode == 0, result.Describe("nat64_embed"));
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var prefix = Coexist.Model.Nat64Prefix.Parse(lines[0]);
        Assert.Equal(prefix.Embed(IPAddress.Parse(lines[1])), IPAddress.Parse(lines[2]));
        var block = IPNetwork.Parse(lines[3]);
        Assert.Equal($"{prefix.Embed(block.BaseAddress)}/{96 + block.PrefixLength}", lines[4]);
    }
}
