using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Mtu;

/// <summary>The COEX7xxx rules (docs/rules/COEX7nnn.md): network paths, translation and MTU.</summary>
public static class MtuRules
{
    public static readonly ProbeRule BlackHole = new("COEX7001", "mtu-black-hole", "Path MTU black hole: large packets are lost and Packet Too Big does not get through", Severity.Error,
        "Small exchanges pass but large ones stall: full-size packets do not fit a hop on the path and the ICMPv6 Packet Too Big (or ICMPv4 fragmentation needed) that should tell the sender never arrives (RFC 8201, RFC 2923 §2.1).");

    public static readonly ProbeRule BelowMinimum = new("COEX7002", "mtu-ipv6-minimum", "Path carries less than the IPv6 minimum MTU of 1280 bytes", Severity.Error,
        "Every IPv6 link must carry 1,280-byte packets (RFC 8200 §5), and a translator must carry what that becomes in IPv4, 1,260 bytes (RFC 7915 §4, §5); a path that loses them breaks IPv6 clients that rely on the minimum.");

    public static IReadOnlyList<ProbeRule> All { get; } = [BlackHole, BelowMinimum];

    public static IReadOnlyList<RuleInfo> Infos { get; } = [.. All.Select(rule => rule.ToRuleInfo())];
}
