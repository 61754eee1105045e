using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4003: GET / over HTTP (port 80) and HTTPS (port 443) gets an HTTP answer below 500 within 10 s, on every path
/// and address. Redirects on the same host are followed (at most 10, loops detected) and recorded; a redirect to
/// another host is recorded and not followed.
/// </summary>
public sealed class PageAnswers : WebCheck
{
    public override WebRule Rule => WebRules.Http;

    public override IReadOnlyCollection<ProbePath> Paths => AllPaths;

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        run.ForEachTargetAsync(async (host, target, web) =>
        {
            var fetches = await Task.WhenAll(run.Ports.Select(port => run.Web.FetchAsync(run.Service, host, web, port, cancellationToken))).ConfigureAwait(false);
            return run.Ports.Zip(fetches, (port, fetch) =>
            {
                var address = WebCheckRun.AddressOf(web, fetch);
                var evidence = WebCheckRun.Evidence(target, fetch);
                if (!fetch.Answered) return run.Result(Outcome.Fail, fetch.StatusLine, host, address, port, evidence);
                var words = Describe(fetch, port);
                return fetch.Status >= 500
                    ? run.Result(Outcome.Fail, $"{words}: a server error", host, address, port, evidence)
                    : run.Result(Outcome.Pass, words, host, address, port, evidence);
            });
        }, absenceFails: true, cancellationToken);

    /// <summary>"HTTP 200 OK from ADDRESS port P in 12 ms, title ...", with redirects and cuts noted.</summary>
    public static string Describe(PageFetch fetch, int port)
    {
        var words = $"{fetch.StatusLine} from {fetch.Address} port {port} in {fetch.Elapsed.TotalMilliseconds:0} ms";
        if (!fetch.Redirects.IsEmpty && fetch.RedirectNotFollowed is null) words += $" after {fetch.Redirects.Length} redirect{(fetch.Redirects.Length == 1 ? "" : "s")}";
        if (fetch.RedirectNotFollowed is { } elsewhere) words += $", redirecting to {elsewhere} (not followed)";
        if (fetch.Digest?.Title is { } title) words += $", title \"{title}\"";
        if (fetch.Truncated) words += $", body read to {WebLimits.MaxBodyBytes:N0} bytes";
        if (fetch.BodyProblem is { } problem) words += $"; {problem}";
        return words;
    }
}
