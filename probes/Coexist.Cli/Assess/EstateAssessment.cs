using System.Text.Json.Nodes;
using Coexist.Cli.Probe;
using Coexist.Model;
using Coexist.Scan;
using Coexist.Schema;

namespace Coexist.Cli.Assess;

/// <summary>
/// Everything <c>coexist assess DIR</c> runs, in order: the code under the inventory's <c>code:</c>, the
/// schemas under <c>schemas:</c>, the services under <c>services:</c>. Each part's trouble becomes a note
/// and the other parts still run; paths in findings are made relative to the inventory's folder, so that the
/// planner can match them against the services' <c>code:</c> and the schemas' files.
/// </summary>
internal sealed class EstateAssessment(Inventory inventory, TextWriter log)
{
    public async Task<Assessment> ScanCodeAsync(IProgress<(string, int, int)>? progress, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var code in inventory.Code.Concat(inventory.Services.SelectMany(s => s.Code)).Distinct(StringComparer.Ordinal))
        {
            var path = inventory.Resolve(code);
            try
            {
                var result = await CodeScanner.ScanAsync(path, new ScanOptions
                {
                    Progress = progress is null ? null : new Progress<ScanProgress>(p => progress.Report(($"code {code}: {p.Step}", p.Done, p.Total))),
                }, cancellationToken);
                foreach (var notice in result.Notices)
                    log.WriteLine($"coexist: {(notice.Kind == NoticeKind.Warning ? "warning" : "note")}: {code}: {notice}");
                findings.AddRange(result.Findings.Select(f => Rebase(f, result.Root)));
            }
            catch (ScanInputException e)
            {
                log.WriteLine($"coexist: warning: code '{code}' was not scanned: {e.Message}");
            }
        }
        // A file reached through two code entries (a folder and its solution) is reported once.
        return new Assessment { Findings = findings.DistinctBy(f => (f.RuleId, f.Location?.File, f.Location?.Line, f.Location?.Column)).ToList() };
    }

    public async Task<Assessment> AssessSchemasAsync(CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var source in inventory.Schemas)
        {
            var label = source.Name ?? source.File ?? $"env:{source.ConnectionVariable}";
            try
            {
                var options = new SchemaOptions { Dialect = source.Dialect is { } d ? SchemaOptions.ParseDialect(d) : null };
                SchemaAssessment result;
                if (source.File is { } file)
                {
                    var path = inventory.Resolve(file);
                    result = await SchemaInputs.AssessFileAsync(path, options, cancellationToken);
                }
                else
                {
                    var connection = Environment.GetEnvironmentVariable(source.ConnectionVariable!);
                    if (string.IsNullOrEmpty(connection))
                    {
                        log.WriteLine($"coexist: warning: schema '{label}' was not assessed: environment variable {source.ConnectionVariable} is not set");
                        continue;
                    }
                    result = await SchemaAssessor.AssessLiveAsync(connection, options, cancellationToken);
                }
                foreach (var skipped in result.Skipped)
                    log.WriteLine($"coexist: note: schema '{label}': {skipped}");
                findings.AddRange(result.Findings.Select(f => Named(Rebase(f, inventory.BaseDirectory), source.Name)));
            }
            catch (SchemaException e)
            {
                // One unreachable database must not stop the report; the message never holds a password.
                log.WriteLine($"coexist: warning: schema '{label}' was not assessed: {e.Message}");
            }
        }
        return new Assessment { Findings = findings };
    }

    public async Task<Assessment> ProbeServicesAsync(ProbeOverrides overrides, IProgress<(string, int, int)>? progress, CancellationToken cancellationToken)
    {
        ProbeRequest request;
        try
        {
            request = ProbeRequest.FromInventory(inventory, overrides);
        }
        catch (UsageException e)
        {
            // A probe setting that cannot be used (a CA file the lab has not written yet, say) stops the probes,
            // not the report: the plans then say reachability was not tested.
            log.WriteLine($"coexist: warning: the services were not probed: {e.Message}");
            return new Assessment();
        }
        if (request.Services.Count == 0) return new Assessment();
        var (results, _, _) = await ProbeRunner.CollectAsync(
            request,
            log,
            progress is null ? null : new Progress<Probes.Engine.EngineProgress>(p => progress.Report(("probing services", p.Done, p.Total))),
            onResult: null,
            cancellationToken);
        return new Assessment
        {
            Services = [.. request.Services.Select(s => s.Service.ToServiceInfo(s.Paths))],
            Probes = results,
        };
    }

    /// <summary>The services as the inventory describes them, for plans of services no probe reached.</summary>
    public Assessment Services() =>
        new() { Services = [.. inventory.Services.Select(s => s.ToServiceInfo(inventory.PathsFor(s)))] };

    /// <summary>A finding's file made relative to the inventory's folder (a rooted path stays as it is before that).</summary>
    private Finding Rebase(Finding finding, string root) =>
        finding.Location?.File is { } file
            ? finding with { Location = finding.Location with { File = Relative(Path.Combine(root, file)) } }
            : finding;

    private string Relative(string path) =>
        Path.GetRelativePath(inventory.BaseDirectory, Path.GetFullPath(path)).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The schema's inventory name goes into the evidence: the planner links it to the services that list it in <c>backends:</c>.</summary>
    private static Finding Named(Finding finding, string? name)
    {
        if (name is null) return finding;
        var evidence = finding.Evidence?.DeepClone().AsObject() ?? new JsonObject();
        evidence["schema"] = name;
        return finding with { Evidence = evidence };
    }
}
