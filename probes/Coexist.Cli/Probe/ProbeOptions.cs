using System.CommandLine;
using System.Globalization;
using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Cli.Probe;

/// <summary>The probe options DESIGN.md names, shared by <c>coexist probe</c> and <c>coexist assess</c>.</summary>
internal sealed class ProbeOptions
{
    private readonly Option<string?> _paths = new("--paths")
    {
        Description = $"Paths to probe, comma-separated: {string.Join(", ", WireNames.All<ProbePath>())} (default: the inventory's, or v4,v6 plus the translated paths that are configured)",
        HelpName = "PATH,...",
    };
    private readonly Option<string?> _resolver = new("--resolver") { Description = "Recursive resolver (default: the system's)", HelpName = "ADDR[:PORT]" };
    private readonly Option<string?> _dns64 = new("--dns64") { Description = "DNS64 resolver for the dns64 path, and for NAT64 prefix discovery", HelpName = "ADDR[:PORT]" };
    private readonly Option<string?> _prefix = new("--nat64-prefix") { Description = "NAT64 prefix (RFC 6052), else discovered through ipv4only.arpa (RFC 7050)", HelpName = "PREFIX" };
    private readonly Option<string[]> _treatAsPublic = new("--treat-as-public")
    {
        Description = "A special-purpose range that is the estate's own public space (a lab in documentation space); repeatable",
        HelpName = "PREFIX",
    };
    private readonly Option<string[]> _caFile = new("--ca-file")
    {
        Description = "A private certificate authority (PEM or DER) trusted beside the system's for the TLS checks; repeatable",
        HelpName = "FILE",
    };
    private readonly Option<double> _timeout = new("--timeout")
    {
        Description = "Deadline of each check, retries included, in seconds",
        DefaultValueFactory = _ => EngineOptions.DefaultCheckTimeout.TotalSeconds,
        HelpName = "SECONDS",
    };
    private readonly Option<int> _concurrency = new("--concurrency")
    {
        Description = "Checks in flight at once",
        DefaultValueFactory = _ => EngineOptions.DefaultConcurrency,
        HelpName = "N",
    };

    private readonly Option<bool> _allowInvite = new("--allow-invite")
    {
        Description = "Let the SIP media checks send an INVITE to each SIP server (cancelled at once, or acknowledged and hung up; no call is completed). Off: those checks are skipped",
    };

    public void AddTo(Command command)
    {
        command.Add(_paths);
        command.Add(_resolver);
        command.Add(_dns64);
        command.Add(_prefix);
        command.Add(_treatAsPublic);
        command.Add(_caFile);
        command.Add(_timeout);
        command.Add(_concurrency);
        command.Add(_allowInvite);
    }

    /// <summary>The options as overrides of the inventory; bad values are a <see cref="UsageException"/>.</summary>
    public ProbeOverrides Read(ParseResult parse) => new()
    {
        Paths = ParsePaths(parse.GetValue(_paths)),
        Resolver = EndPoint(parse.GetValue(_resolver), "--resolver"),
        Dns64 = EndPoint(parse.GetValue(_dns64), "--dns64"),
        Nat64Prefix = Prefix(parse.GetValue(_prefix)),
        TreatAsPublic = [.. (parse.GetValue(_treatAsPublic) ?? []).Select(text => IPPrefixText.TryParse(text, out var network, out var error) ? network : throw new UsageException($"--treat-as-public: {error}"))],
        CaFiles = parse.GetValue(_caFile) ?? [],
        Timeout = Timeout(parse.GetValue(_timeout)),
        Concurrency = Concurrency(parse.GetValue(_concurrency)),
        AllowInvite = parse.GetValue(_allowInvite),
    };

    internal static IReadOnlyList<ProbePath>? ParsePaths(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new UsageException("--paths needs at least one path");
        try
        {
            return [.. parts.Select(p => WireNames.Parse<ProbePath>(p, "--paths: path")).Distinct()];
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    internal static EndPointText? EndPoint(string? text, string option) =>
        text is null ? null : EndPointText.TryParse(text, out var value) ? value
            : throw new UsageException($"{option} '{text}' is not an address or ADDR:PORT (write IPv6 with a port as [ADDR]:PORT)");

    internal static Nat64Prefix? Prefix(string? text) =>
        text is null ? null : Nat64Prefix.TryParse(text, out var value, out var error) ? value : throw new UsageException($"--nat64-prefix: {error}");

    private static int Concurrency(int n) => n >= 1 ? n : throw new UsageException($"--concurrency must be at least 1, not {n}");

    private static TimeSpan Timeout(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"--timeout must be a number of seconds above 0 and at most 3600, not {seconds.ToString(CultureInfo.InvariantCulture)}");
}
