using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail.Smtp;

namespace Coexist.Probes.Mail.Checks;

/// <summary>
/// COEX5003: each MTA address offers STARTTLS in its EHLO reply and really negotiates TLS after it, then answers
/// EHLO over TLS (RFC 3207 §4.2); on port 465 the session is TLS from the start (RFC 8314 §3.3). The protocol,
/// cipher suite and certificate go into the evidence. The certificate is reported, not judged: MTA-to-MTA TLS is
/// opportunistic (RFC 7435). Sessions that never reached EHLO are skipped: COEX5002 judges those.
/// </summary>
public sealed class StartTlsNegotiates : MailCheck
{
    public override MailRule Rule => MailRules.StartTls;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit, ProbePath.Dual];

    public override bool PerPort => true;

    public override Task<CheckReport> RunAsync(MailCheckRun run, CancellationToken cancellationToken) =>
        SessionJudging.JudgeEachAsync(run, Judge, cancellationToken);

    public static SessionVerdict Judge(SmtpSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Target.Mode == SmtpTlsMode.Implicit)
        {
            if (session.Tls is null)
                return session.FailedStep == SmtpStep.ImplicitTls
                    ? new SessionVerdict(Outcome.Fail, $"implicit TLS (RFC 8314): {session.FailureDetail}")
                    : new SessionVerdict(Outcome.Skipped, $"the session ended before TLS: {session.FailureDetail} (COEX5002 judges that)");
            return session.Greeted
                ? new SessionVerdict(Outcome.Pass, $"implicit TLS (RFC 8314): {session.Tls.Describe()}, handshake in {session.Tls.Handshake.TotalMilliseconds:0.#} ms")
                : new SessionVerdict(Outcome.Skipped, $"TLS came up ({session.Tls.Describe()}) but SMTP did not follow: {session.FailureDetail} (COEX5002 judges that)");
        }

        if (!session.Greeted)
            return new SessionVerdict(Outcome.Skipped, $"the session did not reach EHLO: {session.FailureDetail} (COEX5002 judges that)");
        return session.StartTls switch
        {
            StartTlsStatus.NotOffered when session.UsedHelo =>
                new SessionVerdict(Outcome.Fail, "EHLO was refused and HELO has no extensions, so no STARTTLS: mail to this address travels in clear text"),
            StartTlsStatus.NotOffered =>
                new SessionVerdict(Outcome.Fail, $"EHLO does not offer STARTTLS ({Listed(session.Extensions)}): mail to this address travels in clear text"),
            StartTlsStatus.Rejected =>
                new SessionVerdict(Outcome.Fail, $"STARTTLS is offered but was answered \"{session.StartTlsReply?.FirstLine}\", not 220"),
            StartTlsStatus.HandshakeFailed =>
                new SessionVerdict(Outcome.Fail, $"STARTTLS was accepted but {session.FailureDetail}"),
            StartTlsStatus.Negotiated when session.ExtensionsAfterTls is null =>
                new SessionVerdict(Outcome.Fail, $"TLS came up ({session.Tls?.Describe()}) but {session.FailureDetail}"),
            StartTlsStatus.Negotiated =>
                new SessionVerdict(Outcome.Pass, $"STARTTLS negotiated {session.Tls!.Describe()} in {session.Tls.Handshake.TotalMilliseconds:0.#} ms; EHLO over TLS answered"
                    + (session.OctetsBeforeTls > 0 ? $" (the server sent {session.OctetsBeforeTls} octets before the handshake; dropped, RFC 3207 §6)" : "")),
            _ => new SessionVerdict(Outcome.Skipped, $"STARTTLS was not reached: {session.FailureDetail ?? "the session ended first"}"),
        };
    }

    private static string Listed(EhloExtensions extensions) => extensions.Items.IsEmpty ? "no extensions at all" : $"it lists {string.Join(", ", extensions.Keywords)}";
}
