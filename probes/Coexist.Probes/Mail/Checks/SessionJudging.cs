using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail.Smtp;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Mail.Checks;

/// <summary>A verdict on one SMTP session.</summary>
public sealed record SessionVerdict(Outcome Outcome, string Detail);

/// <summary>
/// What the checks that judge SMTP sessions share: for each MTA on the path and each of its addresses, the
/// session (shared through <see cref="MailProbeContext.SessionAsync"/>; one Happy Eyeballs race per host on dual),
/// judged by the check, with the path's and the session's evidence. MTAs without an address on the path are
/// skipped here: COEX5001 judges that.
/// </summary>
internal static class SessionJudging
{
    public static async Task<CheckReport> JudgeEachAsync(MailCheckRun run, Func<SmtpSession, SessionVerdict> judge, CancellationToken cancellationToken)
    {
        var hosts = await run.Mail.HostsAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (hosts.Status != DiscoveryStatus.Found)
        {
            var outcome = hosts.Status == DiscoveryStatus.CannotTest ? Outcome.Error : Outcome.Skipped;
            var why = hosts.Status == DiscoveryStatus.Broken ? $"{hosts.Reason} (COEX5001 judges that)" : hosts.Reason ?? "no MTA to talk to";
            return new CheckReport([run.Result(outcome, why, hosts.Domain, evidence: hosts.Evidence(), withPort: true)], hosts.Status == DiscoveryStatus.CannotTest);
        }

        // Every host at once: a domain with several silent MX hosts still gets its verdicts within one session's budget.
        var onPath = await run.Mail.OnPathAsync(hosts, run.Path, cancellationToken).ConfigureAwait(false);
        var perHost = await Task.WhenAll(onPath.Select(host => HostAsync(run, host, judge, cancellationToken))).ConfigureAwait(false);
        return CheckReport.Of(perHost.SelectMany(h => h.Results), perHost.Any(h => h.Transient));
    }

    private static async Task<CheckReport> HostAsync(MailCheckRun run, HostOnPath host, Func<SmtpSession, SessionVerdict> judge, CancellationToken cancellationToken)
    {
        var target = host.Target;
        if (!target.IsReady)
        {
            var outcome = target.Status == PathStatus.NoAddress ? Outcome.Skipped : target.OutcomeWhenNotReady;
            var why = target.Status == PathStatus.NoAddress ? $"{target.Reason} (COEX5001 judges that)" : target.Reason ?? target.Status.ToString();
            return new CheckReport([run.Result(outcome, why, host.Host, evidence: target.Evidence(), withPort: true)], target.Status == PathStatus.CannotTest);
        }

        if (run.Path == ProbePath.Dual)
        {
            var dual = await run.Mail.DualSessionAsync(host, run.Port, cancellationToken).ConfigureAwait(false);
            var evidence = target.Evidence();
            evidence["happyEyeballs"] = dual.Race.DeepClone();
            if (dual.Session is not { } session)
                return CheckReport.Of(run.Result(Outcome.Fail, $"no address of {host.Host} accepted a connection on port {run.Port}: {dual.Error}", host.Host, evidence: evidence, duration: dual.RaceElapsed, withPort: true));
            return new CheckReport([Judged(run, host.Host, session, judge, evidence, $"{session.Target.Address} (won the Happy Eyeballs race)")], MailProbeContext.IsTransient(session));
        }

        var sessions = await Task.WhenAll(target.Addresses.Select(a => run.Mail.SessionAsync(host.Name, a.Address, run.Port, cancellationToken))).ConfigureAwait(false);
        return CheckReport.Of(target.Addresses.Zip(sessions, (address, session) => Judged(run, host.Host, session, judge, target.Evidence(), address.ToString())),
            sessions.Any(MailProbeContext.IsTransient));
    }

    private static ProbeResult Judged(MailCheckRun run, string host, SmtpSession session, Func<SmtpSession, SessionVerdict> judge, JsonObject evidence, string address)
    {
        var verdict = judge(session);
        evidence["smtp"] = session.ToEvidence();
        return run.Result(verdict.Outcome, $"{address} port {run.Port}: {verdict.Detail}", host, session.Target.Address, evidence, session.Elapsed, withPort: true);
    }

    /// <summary>"in 12 ms" for a step that happened.</summary>
    public static string Took(SmtpSession session, SmtpStep step) =>
        session.StepOf(step) is { } s ? $"{s.Duration.TotalMilliseconds:0.#} ms" : "?";
}
