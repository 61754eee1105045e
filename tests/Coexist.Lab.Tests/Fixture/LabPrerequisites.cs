namespace Coexist.Lab.Tests.Fixture;

/// <summary>Whether this machine can run the lab: root, and every program the lab and its tests call.</summary>
public static class LabPrerequisites
{
    /// <summary>Programs up.sh needs (see samples/lab/lib/lab.sh) plus those the smoke tests call.</summary>
    public static readonly IReadOnlyList<string> Programs =
    [
        "ip", "nft", "ss", "flock", "sha256sum", "jq", "tayga", "named", "dnssec-keygen", "dnssec-signzone", "arpaname",
        "nginx", "postfix", "kamailio", "openssl", "dig", "curl",
    ];

    private static readonly Lazy<string?> Reason = new(FindReason);

    /// <summary>True when the lab can run; otherwise <paramref name="why"/> says what is missing.</summary>
    public static bool CanRun(out string why)
    {
        why = Reason.Value ?? "";
        return Reason.Value is null;
    }

    private static string? FindReason()
    {
        if (!OperatingSystem.IsLinux()) return "the lab needs Linux network namespaces";
        if (!IsRoot()) return "the lab needs root (network namespaces, veth, nftables): run the tests with sudo -E";
        var missing = Programs.Where(p => !OnPath(p)).ToList();
        return missing.Count == 0
            ? null
            : $"the lab needs {string.Join(", ", missing)}: run scripts/install-prerequisites.sh as root";
    }

    /// <summary>Effective uid 0, read from /proc so that no interop is needed.</summary>
    private static bool IsRoot()
    {
        var uid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = uid?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 2 } && fields[2] == "0";
    }

    private static bool OnPath(string program) =>
        LabProcess.SearchPath.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, program)));
}
