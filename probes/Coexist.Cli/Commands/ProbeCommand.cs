using System.CommandLine;
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
        var common = new CommonOptions("text", "json", "sarif", "jsonl");
        common.Format.Description = "Output format: text, json (coexist.assessment/v1), sarif (SARIF 2.1.0) or jsonl (one result per line, as each finishes)";
        var command = new Command("probe", "Test services over IPv4, IPv6, NAT64/DNS64 and SIIT paths (rules COEX3xxx, COEX6xxx)")
        {
            target,
        };
        var probeOptions = new ProbeOptions();
        probeOptions.AddTo(command);
        common.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = probeOptions.Read(parse);
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
    internal static ProbeRequest Request(string target, ProbeOverrides overrides)
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
}
