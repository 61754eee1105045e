using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4004: the answer to GET / on each path and address has the status an IPv4 address gives (and, for a redirect
/// that is not followed, the same target). Judged per port; passes when any IPv4 address agrees.
/// </summary>
public sealed class StatusMatchesIPv4 : WebCheck
{
    public override WebRule Rule => WebRules.SameStatus;

    public override IReadOnlyCollection<ProbePath> Paths => ComparedPaths;

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        Comparison.PerPortAsync(run, (host, port, fetch, ipv4, evidence) =>
        {
            evidence["ipv4"] = new JsonArray([.. ipv4.Select(f => (JsonNode)new JsonObject { ["address"] = f.Address?.ToString(), ["status"] = f.Status, ["redirect"] = f.RedirectNotFollowed })]);
            var same = ipv4.FirstOrDefault(f => f.Status == fetch.Status && f.RedirectNotFollowed == fetch.RedirectNotFollowed);
            return same is not null
                ? (Outcome.Pass, $"{Signature(fetch)}, as over IPv4 ({same.Address})")
                : (Outcome.Fail, $"{Signature(fetch)}, but over IPv4 {string.Join("; ", ipv4.Select(f => $"{f.Address}: {Signature(f)}"))}");
        }, cancellationToken);

    private static string Signature(PageFetch fetch) =>
        fetch.RedirectNotFollowed is { } location ? $"{fetch.StatusLine} to {location}" : fetch.StatusLine;
}
