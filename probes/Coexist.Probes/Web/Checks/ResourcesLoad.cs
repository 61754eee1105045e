using System.Globalization;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;
using Coexist.Probes.Web.Content;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4008: the images, scripts, style sheets and frames of the page load on the path as they do over IPv4,
/// scored as NAT64Check does: min(1, loaded on the path / loaded over IPv4), pass from 0.95, warn from 0.8. Each
/// resource is loaded as a client on the path would: from the page's address when it is on the page's host, else
/// from its own host's address on the path; an IPv4 literal never loads for an IPv6-only client.
/// </summary>
public sealed class ResourcesLoad : WebCheck
{
    /// <summary>Of the check's deadline, what the loads may take before the unfinished ones count as not loaded.</summary>
    public const double LoadShareOfDeadline = 0.95;

    public override WebRule Rule => WebRules.Resources;

    public override IReadOnlyCollection<ProbePath> Paths => AllPaths;

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        run.ForEachTargetAsync(async (host, target, web) =>
        {
            var here = await LoadPageAsync(run, host, web, run.Path, cancellationToken).ConfigureAwait(false);
            var address = WebCheckRun.AddressOf(web, here.Page);
            var evidence = WebCheckRun.Evidence(target, here.Page, here.ToJson());
            if (here.Problem is { } problem) return [run.Result(Outcome.Skipped, problem, host, address, here.Port, evidence)];
            var loaded = here.Loaded;
            if (run.Path == ProbePath.V4)
            {
                var missing = here.Loads.Count - loaded;
                return [run.Result(Outcome.Pass, $"{loaded} of {here.Loads.Count} resources of the page load over IPv4{(missing > 0 ? $" ({missing} do not load over IPv4 either)" : "")}; the reference for the other paths",
                    host, address, here.Port, evidence)];
            }

            var (ipv4, outcome, ipv4Problem) = await run.Web.IPv4SideAsync(host, cancellationToken).ConfigureAwait(false);
            if (ipv4 is null) return [run.Result(outcome, ipv4Problem!, host, address, here.Port, evidence)];
            var references = await Task.WhenAll(WebProbeContext.TargetsOf(ipv4).Select(t => LoadPageAsync(run, host, t, ProbePath.V4, cancellationToken))).ConfigureAwait(false);
            var usable = references.Where(r => r.Problem is null).ToList();
            if (usable.Count == 0)
                return [run.Result(Outcome.Skipped, $"IPv4 gave no page to compare with: {references[0].Problem}", host, address, here.Port, evidence)];
            // NAT64Check compares with the most favourable baseline.
            var best = usable.MaxBy(r => r.Loaded)!;
            var score = ResourceScore.Of(loaded, best.Loaded);
            evidence["score"] = Math.Round(score, 3);
            evidence["loadedOverIPv4"] = best.Loaded;
            evidence["ipv4Address"] = best.Page?.Address?.ToString();
            var verdict = ResourceScore.Band(score);
            var failing = here.Loads.Where(l => !l.Loaded).ToList();
            var detail = $"{loaded} of {here.Loads.Count} resources load on the {WireNames.Of(run.Path)} path against {best.Loaded} over IPv4: score {score.ToString("0.00", CultureInfo.InvariantCulture)}";
            if (failing.Count > 0) detail += $"; not loading: {string.Join("; ", failing.Take(3).Select(f => $"{ReportText.Clean(f.Url.ToString(), WebLimits.MaxUrlText)} ({f.Detail})"))}{(failing.Count > 3 ? $" and {failing.Count - 3} more" : "")}";
            return [run.Result(verdict, detail, host, address, here.Port, evidence)];
        }, absenceFails: false, cancellationToken);

    /// <summary>The page of an address and its resources loaded on <paramref name="path"/>, or why there is nothing to load.</summary>
    private static async Task<PageLoad> LoadPageAsync(WebCheckRun run, string host, WebTarget web, ProbePath path, CancellationToken cancellationToken)
    {
        var (page, port) = await run.Web.PageAsync(run.Service, host, web, cancellationToken).ConfigureAwait(false);
        if (page is null || !page.IsPage)
            return new PageLoad(page, port, [], $"no page to take resources from: {(page is null ? "no port" : page.RedirectNotFollowed is { } elsewhere ? $"{page.StatusLine} to {elsewhere}" : page.StatusLine)}");
        if (page.Digest is not { IsHtml: true, ParseProblem: null } digest)
            return new PageLoad(page, port, [], $"the page is not HTML that could be read ({page.Digest?.ParseProblem ?? page.Headers.ContentType ?? "no content type"})");

        // Six at a time, as a browser over HTTP/1.1. Not disposed: loads cut off by the deadline still release it later.
        var gate = new SemaphoreSlim(WebLimits.ResourceConcurrency);
        var loads = digest.Resources.Select(async resource =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await run.Web.LoadAsync(run.Service, path, host, web, resource.Url, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var left = run.Left(LoadShareOfDeadline);
        if (left > TimeSpan.Zero)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(Task.WhenAll(loads), Task.Delay(left, stop.Token)).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        // What did not finish in the check's time did not load in time, as a browser gives up too.
        var finished = loads.Select((task, i) => task.IsCompletedSuccessfully ? task.Result
            : new ResourceLoad(digest.Resources[i].Url, false, $"did not load within the check's {run.Web.Context.CheckTimeout.TotalSeconds:0.#} s")).ToList();
        return new PageLoad(page, port, finished, null);
    }

    private sealed record PageLoad(PageFetch? Page, int Port, IReadOnlyList<ResourceLoad> Loads, string? Problem)
    {
        public int Loaded => Loads.Count(l => l.Loaded);

        public JsonObject ToJson() => new()
        {
            ["resources"] = new JsonArray([.. Loads.Take(WebLimits.MaxListed).Select(l => (JsonNode)new JsonObject
            {
                ["url"] = ReportText.Clean(l.Url.ToString(), WebLimits.MaxUrlText),
                ["loaded"] = l.Loaded,
                ["detail"] = l.Detail,
            })]),
            ["loaded"] = Loaded,
            ["total"] = Loads.Count,
        };
    }
}
