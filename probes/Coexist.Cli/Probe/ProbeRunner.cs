using Coexist.Model;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Engine;
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
        List<ProbeResult> results;
        bool cancelled;
        VantageReport vantage;
        await using (var lines = request.Format == OutputFormat.JsonLines ? OpenLines(request.OutputPath, output) : null)
        {
            (results, vantage, cancelled) = await CollectAsync(
                request,
                // Text output shows the vantage point itself; the other formats have no place for it, stderr does.
                request.Format == OutputFormat.Text ? null : error,
                progress,
                lines is null ? null : async result =>
                {
                    await lines.Writer.WriteLineAsync(AssessmentJson.SerializeLine(result));
                    await lines.Writer.FlushAsync(CancellationToken.None);
                },
                cancellationToken);
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
                OutputFormat.Sarif => SarifWriter.Serialize(ProbeFindings.From(results), RuleCatalog.All, null),
                _ => ProbeText.Render(request.Services, results, vantage, cancelled),
            };
            // Written even after Ctrl+C: what finished is kept.
            await OutputTarget.WriteAsync(request.OutputPath, output, content, CancellationToken.None);
        }
        if (cancelled) throw new OperationCanceledException(cancellationToken);
        return CommonOptions.ExitCodeFor(ProbeFindings.From(results).Select(f => f.Severity), request.FailOn);
    }

    /// <summary>
    /// Runs the checks and gathers their results, handing each to <paramref name="onResult"/> as it finishes.
    /// Cancellation stops the run and returns what finished, with <c>Cancelled</c> set.
    /// </summary>
    public static async Task<(List<ProbeResult> Results, VantageReport Vantage, bool Cancelled)> CollectAsync(
        ProbeRequest request, TextWriter? vantageLog, IProgress<EngineProgress>? progress, Func<ProbeResult, Task>? onResult, CancellationToken cancellationToken)
    {
        var session = await ProbeSession.StartAsync(request.Settings, request.AllPaths, cancellationToken);
        if (vantageLog is not null)
            foreach (var line in session.Vantage.Describe()) vantageLog.WriteLine($"coexist: vantage point: {line}");
        var checks = session.Plan(request.Services, request.Probes);
        var results = new List<ProbeResult>();
        try
        {
            await foreach (var result in session.RunAsync(checks, progress, cancellationToken))
            {
                results.Add(result);
                if (onResult is not null) await onResult(result);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (results, session.Vantage, true);
        }
        return (results, session.Vantage, false);
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
