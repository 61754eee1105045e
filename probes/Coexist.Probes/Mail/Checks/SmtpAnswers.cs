using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail.Smtp;

namespace Coexist.Probes.Mail.Checks;

/// <summary>
/// COEX5002: each address of each MTA, on each path and port, accepts a connection, greets with 220 within 4 s
/// (<see cref="SmtpLimits.BannerTimeout"/>), answers EHLO (or HELO) and QUIT. Every step is timed in the evidence.
/// internet.nl's mx_reach asks the same of IPv6; here every path answers it.
/// </summary>
public sealed class SmtpAnswers : MailCheck
{
    public override MailRule Rule => MailRules.Smtp;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit, ProbePath.Dual];

    public override bool PerPort => true;

    public override Task<CheckReport> RunAsync(MailCheckRun run, CancellationToken cancellationToken) =>
        SessionJudging.JudgeEachAsync(run, Judge, cancellationToken);

    public static SessionVerdict Judge(SmtpSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!session.Greeted)
            return new SessionVerdict(Outcome.Fail, session.FailureDetail ?? "the session ended before EHLO");

        var steps = $"greeted in {SessionJudging.Took(session, SmtpStep.Banner)} (\"{session.Banner!.FirstLine}\"), "
            + (session.UsedHelo ? $"EHLO refused, HELO answered in {SessionJudging.Took(session, SmtpStep.Helo)}" : $"EHLO answered in {SessionJudging.Took(session, SmtpStep.Ehlo)}");
        if (session.FailedStep is SmtpStep.StartTls or SmtpStep.TlsHandshake or SmtpStep.EhloAfterTls)
            return new SessionVerdict(Outcome.Pass, $"{steps}; the session ended at TLS ({session.FailedStep}), which COEX5003 judges");
        if (session.QuitReply?.Code == 221)
            return new SessionVerdict(Outcome.Pass, $"{steps}, QUIT in {SessionJudging.Took(session, SmtpStep.Quit)}");
        var quit = session.FailedStep == SmtpStep.Quit ? session.FailureDetail : session.QuitReply is { } reply ? $"QUIT was answered \"{reply.FirstLine}\", not 221" : "QUIT was not reached";
        return new SessionVerdict(Outcome.Warn, $"{steps}, but {quit}");
    }
}
