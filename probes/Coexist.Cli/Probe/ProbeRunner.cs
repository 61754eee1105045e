using Coexist.Model;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Checks;
using Coexist.Reports.Sarif;

namespace Coexist.Cli.Probe;

/// <summary>
/// Runs a probe request and writes its results: JSON lines as each result finishes, the other formats at the
/// end. On cancellation (Ctrl+C) what finished is written, then <see cref="OperationCanceledException"/> goes up
/// for the 130 exit code.
/// </summary>
internal static class ProbeRunner
{
    public static async Task<int> RunAsync(ProbeRequest request, TextWriter output, TextWriter error, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var session = await ProbeSession.StartAsync(request.Settings, request.AllPaths, cancellationToken);
        // Text output shows the vantage point itself; the other formats have no place for it, stderr does.
        if (request.Format != OutputFormat.Text)
            foreach (var line in session.Vantage.Describe()) error.WriteLine($"coexist: vantage point: {line}");
        var checks = session.Plan(request.Services, request.Probes);

        var results = new List<ProbeResult>();
        var cancelled = false;
        await using (var lines = request.Format == OutputFormat.JsonLines ? OpenLines(request.OutputPath, output) : null)
        {
            try
            {
                await foreach (var result in session.RunAsync(checks, progress, cancellationToken))
                {
                    results.Add(result);
                    if (lines is not null)
                    {
                        await lines.Writer.WriteLineAsync(AssessmentJson.SerializeLine(result));
                        await lines.Writer.FlushAsync(CancellationToken.None);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
            }
        }

        if (request.Format != OutputFormat.JsonLines)
        {
            var content = request.Format switch
            {
                OutputFormat.Json => AssessmentJson.Serialize(new Assessment
                {
                    Services = [.. request.Services.Select(s => s.Service.ToServiceInfo(s.Paths))],
                    Probes = results,
                }),
                OutputFormat.Sarif => SarifWriter.Serialize(ProbeFindings.From(results), [.. DnsRules.Infos, .. SipRules.Infos], null),
                _ => ProbeText.Render(request.Services, results, session.Vantage, cancelled),
            };
            // Written even after Ctrl+C: what finished is kept.
            await OutputTarget.WriteAsync(request.OutputPath, output, content, CancellationToken.None);
        }
        if (cancelled) throw new OperationCanceledException(cancellationToken);
        return CommonOptions.ExitCodeFor(ProbeFindings.From(results).Select(f => f.Severity), request.FailOn);
    }

    private sealed class LineSink(TextWriter writer, bool owned) : IAsyncDisposable
    {
        public TextWriter Writer { get; } = writer;

        public async ValueTask DisposeAsync()
        {
            await Writer.FlushAsync();
            if (owned) await Writer.DisposeAsync();
        }
    }

    private static LineSink OpenLines(string? path, TextWriter output)
    {
        if (path is null) return new LineSink(output, owned: false);
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null) Directory.CreateDirectory(directory);
            return new LineSink(new StreamWriter(path, append: false), owned: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {e.Message}");
        }
    }
}
