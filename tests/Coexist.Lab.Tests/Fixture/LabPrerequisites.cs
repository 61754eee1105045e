namespace Coexist.Lab.Tests.Fixture;

/// <summary>
/// Whether this machine can run the lab: root, every program the lab and its tests call, and up.sh's
/// preflight (no lab prefix may overlap an address, route, gateway, name server or package registry of
/// the host). Where the preflight refuses, lab tests skip with its one-line reason instead of breaking
/// the machine's own traffic.
/// </summary>
public static class LabPrerequisites
{
    /// <summary>Programs up.sh needs (see samples/lab/lib/lab.sh) plus those the smoke tests call.</summary>
    public static readonly IReadOnlyList<string> Programs =
    [
        "ip", "nft", "ss", "flock", "sha256sum", "jq", "timeout", "getent", "tayga", "named", "dnssec-keygen", "dnssec-signzone",
        "arpaname", "nginx", "postfix", "kamailio", "iperf3", "openssl", "dig", "curl", "ping",
    ];

    /// <summary>up.sh's exit code when its preflight refuses to start (samples/lab/lib/common.sh).</summary>
    public const int PreflightRefused = 3;

    private static readonly TimeSpan PreflightTimeout = TimeSpan.FromSeconds(30);

    private static readonly Lazy<string?> Reason = new(FindReason);
    private static readonly Lazy<string?> FoundDirectory = new(FindLabDirectory);

    /// <summary>True when the lab can run; otherwise <paramref name="why"/> says what is missing.</summary>
    public static bool CanRun(out string why)
    {
        why = Reason.Value ?? "";
        return Reason.Value is null;
    }

    /// <summary>samples/lab of this repository (found above the test assembly).</summary>
    /// <summary>Where up.sh keeps the running lab's state (lab.json among it): one folder per machine, as in lib/common.sh.</summary>
    public static string RunDirectory => Environment.GetEnvironmentVariable("COEXIST_LAB_RUN_DIR") is { Length: > 0 } configured ? configured : "/run/coexist-lab";

    public static string LabDirectory => FoundDirectory.Value
        ?? throw new DirectoryNotFoundException($"no samples/lab/up.sh above {AppContext.BaseDirectory}");

    private static string? FindReason()
    {
        if (!OperatingSystem.IsLinux()) return "the lab needs Linux network namespaces";
        if (!IsRoot()) return "the lab needs root (network namespaces, veth, nftables): run the tests with sudo -E";
        var missing = Programs.Where(p => !OnPath(p)).ToList();
        if (missing.Count > 0) return $"the lab needs {string.Join(", ", missing)}: run scripts/install-prerequisites.sh as root";
        if (FoundDirectory.Value is null) return $"no samples/lab/up.sh above {AppContext.BaseDirectory}";
        return PreflightRefusal();
    }

    /// <summary>up.sh --check: its reason when it refuses; null when it passes (any other failure is the fixture's to report).</summary>
    private static string? PreflightRefusal()
    {
        var up = Path.Combine(LabDirectory, "up.sh");
        var check = LabProcess.RunAsync(up, ["--check"], PreflightTimeout).GetAwaiter().GetResult();
        return check.ExitCode == PreflightRefused
            ? $"the lab cannot run on this machine: {check.Error.Trim()}"
            : null;
    }

    /// <summary>Effective uid 0, read from /proc so that no interop is needed.</summary>
    public static bool IsRoot()
    {
        if (!OperatingSystem.IsLinux()) return false;
        var uid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = uid?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 2 } && fields[2] == "0";
    }

    public static bool OnPath(string program) =>
        LabProcess.SearchPath.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, program)));

    private static string? FindLabDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "lab");
            if (File.Exists(Path.Combine(candidate, "up.sh"))) return candidate;
        }
        return null;
    }
}
