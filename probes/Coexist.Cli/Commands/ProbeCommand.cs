using System.CommandLine;
using System.Globalization;
using Coexist.Cli.Probe;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;

namespace Coexist.Cli.Commands;

/// <summary>
/// <c>coexist probe INVENTORY.yaml | HOST</c>: tests services over IPv4, IPv6 and translated paths (DNS first;
/// rules COEX3xxx) and writes the results in the assessment contract.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("INVENTORY|HOST") { Description = "An inventory (coexist.yaml, or the folder that holds it), or one host name or address" };
        var paths = new Option<string?>("--paths")
        {
            Description = $"Paths to probe, comma-separated: {string.Join(", ", WireNames.All<ProbePath>())} (default: the inventory's, or v4,v6 plus the translated paths that are configured)",
            HelpName = "PATH,...",
        };
        var resolver = new Option<string?>("--resolver") { Description = "Recursive resolver (default: the system's)", HelpName = "ADDR[:PORT]" };
        var dns64 = new Option<string?>("--dns64") { Description = "DNS64 resolver for the dns64 path, and for NAT64 prefix discovery", HelpName = "ADDR[:PORT]" };
        var prefix = new Option<string?>("--nat64-prefix") { Description = "NAT64 prefix (RFC 6052), else discovered through ipv4only.arpa (RFC 7050)", HelpName = "PREFIX" };
        var treatAsPublic = new Option<string[]>("--treat-as-public")
        {
            Description = "A special-purpose range that is the estate's own public space (a lab in documentation space); repeatable",
            HelpName = "PREFIX",
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Deadline of each check, retries included, in seconds",
            DefaultValueFactory = _ => EngineOptions.DefaultCheckTimeout.TotalSeconds,
            HelpName = "SECONDS",
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Checks in flight at once",
            DefaultValueFactory = _ => EngineOptions.DefaultConcurrency,
            HelpName = "N",
        };
        var allowInvite = new Option<bool>("--allow-invite")
        {
            Description = "Let the SIP media checks send an INVITE to each SIP server (cancelled at once, or acknowledged and hung up; no call is completed). Off: those checks are skipped",
        };
        var common = new CommonOptions("text", "json", "sarif", "jsonl");
        common.Format.Description = "Output format: text, json (coexist.assessment/v1), sarif (SARIF 2.1.0) or jsonl (one result per line, as each finishes)";
        var command = new Command("probe", "Test services over IPv4, IPv6, NAT64/DNS64 and SIIT paths (rules COEX3xxx, COEX6xxx)")
        {
            target, paths, resolver, dns64, prefix, treatAsPublic, timeout, concurrency, allowInvite,
        };
        common.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new ProbeOverrides
            {
                Paths = ParsePaths(parse.GetValue(paths)),
                Resolver = EndPoint(parse.GetValue(resolver), "--resolver"),
                Dns64 = EndPoint(parse.GetValue(dns64), "--dns64"),
                Nat64Prefix = Prefix(parse.GetValue(prefix)),
                TreatAsPublic = [.. (parse.GetValue(treatAsPublic) ?? []).Select(text => IPPrefixText.TryParse(text, out var network, out var error) ? network : throw new UsageException($"--treat-as-public: {error}"))],
                Timeout = Timeout(parse.GetValue(timeout)),
                Concurrency = Concurrency(parse.GetValue(concurrency)),
                AllowInvite = parse.GetValue(allowInvite),
            };
            var request = Request(parse.GetValue(target)!, overrides) with
            {
                Format = common.FormatOf(parse),
                OutputPath = parse.GetValue(common.Output),
                FailOn = common.FailOnOf(parse),
            };
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            return await TerminalProgress.RunAsync("probing", progress => ProbeRunner.RunAsync(request, stdout, stderr,
                progress is null ? null : new Progress<EngineProgress>(p => progress.Report(($"{p.Last.Service} {p.Last.Check} {WireNames.Of(p.Last.Path)}", p.Done, p.Total))),
                cancellationToken));
        });
        return command;
    }

    /// <summary>An existing file or folder is an inventory; anything else must be a host name or an address.</summary>
    internal static ProbeRequest Request(string target, ProbeOverrides overrides) => Estate(target, overrides) with { Sip = overrides.SipOptions() };

    private static ProbeRequest Estate(string target, ProbeOverrides overrides)
    {
        if (File.Exists(target) || Directory.Exists(target))
            return ProbeRequest.FromInventory(InventoryReader.Load(target), overrides);
        if (target.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"{target}: no such inventory file");
        if (IPText.TryParse(target, out _)) return ProbeRequest.ForHost(target, overrides);
        if (!DnsName.TryParse(target, out var name, out var why) || name.IsRoot || !target.Contains('.'))
            throw new UsageException($"'{target}' is neither an inventory file nor a host name{(why is null ? "" : $" ({why})")}");
        return ProbeRequest.ForHost(name.ToString(), overrides);
    }

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

    private static EndPointText? EndPoint(string? text, string option) =>
        text is null ? null : EndPointText.TryParse(text, out var value) ? value
            : throw new UsageException($"{option} '{text}' is not an address or ADDR:PORT (write IPv6 with a port as [ADDR]:PORT)");

    private static Nat64Prefix? Prefix(string? text) =>
        text is null ? null : Nat64Prefix.TryParse(text, out var value, out var error) ? value : throw new UsageException($"--nat64-prefix: {error}");

    private static int Concurrency(int n) => n >= 1 ? n : throw new UsageException($"--concurrency must be at least 1, not {n}");

    private static TimeSpan Timeout(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"--timeout must be a number of seconds above 0 and at most 3600, not {seconds.ToString(CultureInfo.InvariantCulture)}");
}
