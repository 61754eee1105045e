using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4009: the page an IPv6-only client gets neither links to nor loads from an IPv4 address, and no redirect
/// sends it to one. Such a client cannot connect to an IPv4 literal: DNS64 never sees it, so NAT64 cannot help
/// (only a CLAT, RFC 6877, would).
/// </summary>
public sealed class NoIPv4Literals : WebCheck
{
    public override WebRule Rule => WebRules.IPv4Literals;

    public override IReadOnlyCollection<ProbePath> Paths => IPv6OnlyPaths;

    public override string NotOnPath(ProbePath path) =>
        $"{Rule.Check} is judged on the IPv6-only paths (v6, nat64, dns64); a client with IPv4 ({WireNames.Of(path)}) reaches IPv4 literals";

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        run.ForEachTargetAsync(async (host, target, web) =>
        {
            var (page, port) = await run.Web.PageAsync(run.Service, host, web, cancellationToken).ConfigureAwait(false);
            var fetches = await run.Web.AllFetchesAsync(run.Service, host, web, cancellationToken).ConfigureAwait(false);
            var redirects = fetches.SelectMany(f => f.RedirectsToIPv4Literals.Select(l => $"redirect to {l}")).Distinct().ToList();
            var address = WebCheckRun.AddressOf(web, page);
            var digest = page is { IsPage: true } ? page.Digest : null;
            var found = redirects.Concat(digest?.IPv4Literals ?? []).Take(WebLimits.MaxListed).ToList();
            var evidence = WebCheckRun.Evidence(target, page, new JsonObject { ["ipv4Literals"] = Evidence.Strings(found) });
            var count = redirects.Count + (digest?.IPv4LiteralCount ?? 0);
            if (count > 0)
            {
                return [run.Result(Outcome.Fail,
                    $"{count} reference{(count == 1 ? "" : "s")} to IPv4 addresses, which IPv6-only clients cannot reach even behind NAT64: {string.Join("; ", found.Take(3))}{(count > 3 ? $" and {count - 3} more" : "")}",
                    host, address, port, evidence)];
            }
            if (digest is null)
                return [run.Result(Outcome.Skipped, $"no page to read: {page?.StatusLine ?? "no port"} ({WebRules.Http.Id})", host, address, port, evidence)];
            if (digest.ParseProblem is { } problem)
                return [run.Result(Outcome.Skipped, problem, host, address, port, evidence)];
            return [run.Result(Outcome.Pass, $"none of the page's {digest.AbsoluteUrlCount} absolute URLs and no redirect names an IPv4 address", host, address, port, evidence)];
        }, absenceFails: false, cancellationToken);
}
