using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Web.Content;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4010 (information for the plan): whether the path leads to the same web server as IPv4 or to another one,
/// such as the dedicated IPv6 web server the coexistence working group proposed, judged from the Server,
/// X-Powered-By and Via headers, the certificate, ETag and Last-Modified, and the content. Always <c>pass</c> when
/// judged: the pattern is in <c>evidence.hostingPattern</c>, faults are the other rules' business.
/// </summary>
public sealed class HostingPatternOfIPv6 : WebCheck
{
    public override WebRule Rule => WebRules.Hosting;

    public override IReadOnlyCollection<ProbePath> Paths => ComparedPaths;

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        run.ForEachTargetAsync(async (host, target, web) =>
        {
            var (ipv4, outcome, problem) = await run.Web.IPv4SideAsync(host, cancellationToken).ConfigureAwait(false);
            if (ipv4 is null) return [run.Result(outcome, problem!, host, web.Address, evidence: target.Evidence())];
            var (page, port) = await run.Web.PageAsync(run.Service, host, web, cancellationToken).ConfigureAwait(false);
            var address = WebCheckRun.AddressOf(web, page);
            if (page is not { Answered: true })
                return [run.Result(Outcome.Skipped, $"nothing answered on this path: {page?.StatusLine ?? "no port"} ({WebRules.Http.Id})", host, address, port, WebCheckRun.Evidence(target, page))];
            var references = await Task.WhenAll(WebProbeContext.TargetsOf(ipv4).Select(t => run.Web.PageAsync(run.Service, host, t, cancellationToken))).ConfigureAwait(false);
            var answered = references.Select(r => r.Page).OfType<Http.PageFetch>().Where(p => p.Answered).ToList();
            if (answered.Count == 0)
                return [run.Result(Outcome.Skipped, "IPv4 gave no answer to compare with", host, address, port, WebCheckRun.Evidence(target, page))];

            var verdicts = answered.Select(reference => (Reference: reference, Verdict: HostingVerdict.Judge(reference, page))).ToList();
            var (nearest, verdict) = verdicts.FirstOrDefault(v => v.Verdict.Pattern == HostingPattern.SameServer) is { Verdict: not null } same
                ? same
                : verdicts.MinBy(v => v.Verdict.Disagreeing.Count());
            var evidence = WebCheckRun.Evidence(target, page, verdict.ToJson());
            evidence["ipv4Address"] = nearest.Address?.ToString();
            var detail = verdict.Pattern == HostingPattern.SameServer
                ? $"served by the same server as IPv4 ({nearest.Address}): {string.Join(", ", verdict.Signals.Select(s => s.Name))} agree"
                : $"served by another server than IPv4 ({nearest.Address}), as a dedicated IPv6 web server would be: {string.Join("; ", verdict.Disagreeing.Select(Describe))}";
            return [run.Result(Outcome.Pass, detail, host, address, port, evidence)];
        }, absenceFails: false, cancellationToken);

    private static string Describe(HostingSignal signal) => signal.Name == "content"
        ? $"the content differs ({signal.Other})"
        : $"{signal.Name} \"{signal.Other ?? "(none)"}\" against \"{signal.IPv4 ?? "(none)"}\"";
}
