using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Web.Content;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4005: the page on each path and address is the same website as over IPv4 (internet.nl's web_ipv46): the
/// first 500 kB of each, nonces and __VIEWSTATE taken out, at a distance of at most 10. The distance is the larger
/// of internet.nl's (characters of the markup) and the same over the visible text; the nearest IPv4 page counts.
/// </summary>
public sealed class ContentMatchesIPv4 : WebCheck
{
    public override WebRule Rule => WebRules.SameContent;

    public override IReadOnlyCollection<ProbePath> Paths => ComparedPaths;

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        Comparison.PerPortAsync(run, (host, port, fetch, ipv4, evidence) =>
        {
            var (nearest, distance) = ipv4.Select(f => (Fetch: f, Distance: ContentDistance.Between(f, fetch))).MinBy(p => p.Distance.Distance);
            evidence["content"] = distance.ToJson();
            evidence["ipv4Fetch"] = nearest.ToJson();
            var titles = fetch.Digest?.Title == nearest.Digest?.Title ? "" : $"; title \"{fetch.Digest?.Title}\" against \"{nearest.Digest?.Title}\"";
            return distance.Same
                ? (Outcome.Pass, $"the same website as over IPv4 ({nearest.Address}): distance {distance.Describe()} (at most {WebLimits.MaxContentDistance:0})")
                : (Outcome.Fail, $"another page than over IPv4 ({nearest.Address}): distance {distance.Describe()}, above {WebLimits.MaxContentDistance:0}{titles}");
        }, cancellationToken);
}
