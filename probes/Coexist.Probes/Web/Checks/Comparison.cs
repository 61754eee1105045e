using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// The shape every cross-family comparison shares: for each host, address and port of the path, this path's fetch
/// beside the IPv4 fetches of the same host and port (every A record), both taken from the run's shared fetches.
/// A side that gave no HTTP answer leaves nothing to compare: <c>skipped</c>, with the check that reports it.
/// </summary>
internal static class Comparison
{
    public delegate (Outcome Outcome, string Detail) Judge(string host, int port, PageFetch fetch, IReadOnlyList<PageFetch> ipv4, JsonObject evidence);

    public static Task<CheckReport> PerPortAsync(WebCheckRun run, Judge judge, CancellationToken cancellationToken, Func<int, bool>? portFilter = null,
        Func<PageFetch, string?>? notComparable = null) =>
        run.ForEachTargetAsync(async (host, target, web) =>
        {
            var (ipv4, outcome, problem) = await run.Web.IPv4SideAsync(host, cancellationToken).ConfigureAwait(false);
            if (ipv4 is null) return [run.Result(outcome, problem!, host, web.Address, evidence: target.Evidence())];
            var ipv4Targets = WebProbeContext.TargetsOf(ipv4);
            var ports = run.Ports.Where(portFilter ?? (_ => true)).ToList();
            var results = new List<ProbeResult>();
            foreach (var port in ports)
            {
                var fetch = await run.Web.FetchAsync(run.Service, host, web, port, cancellationToken).ConfigureAwait(false);
                var reference = await Task.WhenAll(ipv4Targets.Select(t => run.Web.FetchAsync(run.Service, host, t, port, cancellationToken))).ConfigureAwait(false);
                var address = WebCheckRun.AddressOf(web, fetch);
                var evidence = WebCheckRun.Evidence(target, fetch);
                if ((notComparable ?? NoAnswer)(fetch) is { } why)
                {
                    results.Add(run.Result(Outcome.Skipped, $"nothing to compare on this path: {why}", host, address, port, evidence));
                    continue;
                }
                var answered = reference.Where(f => (notComparable ?? NoAnswer)(f) is null).ToList();
                if (answered.Count == 0)
                {
                    evidence["ipv4Fetches"] = new JsonArray([.. reference.Select(f => (JsonNode)f.ToJson())]);
                    results.Add(run.Result(Outcome.Skipped, $"IPv4 gave nothing to compare with on port {port}: {string.Join("; ", reference.Select(f => (notComparable ?? NoAnswer)(f)))}", host, address, port, evidence));
                    continue;
                }
                var (verdict, detail) = judge(host, port, fetch, answered, evidence);
                results.Add(run.Result(verdict, detail, host, address, port, evidence));
            }
            return results;
        }, absenceFails: false, cancellationToken);

    private static string? NoAnswer(PageFetch fetch) => fetch.Answered ? null : $"{fetch.StatusLine} ({WebRules.Http.Id})";
}
