using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4002: each address an IPv6-only client reaches accepts every port that an IPv4 address of the host accepts
/// (internet.nl's web_reach: "v6_conn_diff", ports reachable over IPv4 but not over IPv6).
/// </summary>
public sealed class IPv6OffersTheSamePorts : WebCheck
{
    public override WebRule Rule => WebRules.SamePorts;

    public override IReadOnlyCollection<ProbePath> Paths => IPv6OnlyPaths;

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        run.ForEachTargetAsync(async (host, target, web) =>
        {
            var (ipv4, outcome, problem) = await run.Web.IPv4SideAsync(host, cancellationToken).ConfigureAwait(false);
            if (ipv4 is null) return [run.Result(outcome, problem!, host, web.Address, evidence: target.Evidence())];

            var ipv4Targets = WebProbeContext.TargetsOf(ipv4);
            var ipv4Open = new SortedSet<int>();
            foreach (var port in run.Ports)
            {
                var connects = await Task.WhenAll(ipv4Targets.Select(t => run.Web.ConnectAsync(run.Service, t, port, cancellationToken))).ConfigureAwait(false);
                if (connects.Any(c => c.Connected)) ipv4Open.Add(port);
            }
            var here = await Task.WhenAll(run.Ports.Select(port => run.Web.ConnectAsync(run.Service, web, port, cancellationToken))).ConfigureAwait(false);
            var open = run.Ports.Where((_, i) => here[i].Connected).ToList();
            var missing = ipv4Open.Except(open).ToList();
            var evidence = WebCheckRun.Evidence(target, more: new JsonObject
            {
                ["ipv4Addresses"] = Evidence.Strings(ipv4.Addresses.Select(a => a.Address)),
                ["ipv4Open"] = Evidence.Strings(ipv4Open),
                ["open"] = Evidence.Strings(open),
                ["missing"] = Evidence.Strings(missing),
            });
            if (ipv4Open.Count == 0)
                return [run.Result(Outcome.Skipped, $"no IPv4 address of {host} accepts connections on {string.Join(", ", run.Ports)}: nothing to compare with", host, web.Address, evidence: evidence)];
            return [missing.Count == 0
                ? run.Result(Outcome.Pass, $"{web} accepts every port IPv4 does ({string.Join(", ", ipv4Open)})", host, web.Address, evidence: evidence)
                : run.Result(Outcome.Fail, $"{web} does not accept port {string.Join(", ", missing)}, which IPv4 ({string.Join(", ", ipv4.Addresses.Select(a => a.Address))}) accepts", host, web.Address, missing[0], evidence)];
        }, absenceFails: false, cancellationToken);
}
