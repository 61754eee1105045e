using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail.Checks;
using Coexist.Probes.Mail.Smtp;

namespace Coexist.Probes.Mail;

/// <summary>
/// The mail probe (rules COEX5xxx), for services of kind mail: <c>domain:</c> finds the MTAs through MX, <c>hosts:</c>
/// names them; <c>ports:</c> lists the SMTP ports to talk to (25 when none; 587 with STARTTLS and 465 with implicit
/// TLS for submission). Per path: the MX hosts' addresses, and per port the SMTP dialogue (COEX5002), STARTTLS
/// (COEX5003) and parity with IPv4 (COEX5004); on v6 the domain's IPv6 senders: SPF (COEX5005), PTR (COEX5006),
/// DMARC (COEX5007). No mail is ever sent: the SMTP client knows no MAIL, RCPT or DATA.
/// </summary>
public sealed class MailProbe : IServiceProbe
{
    /// <summary>Every mail check, in rule order.</summary>
    public static IReadOnlyList<MailCheck> Checks { get; } =
    [
        new MxHostsHaveAddresses(),
        new SmtpAnswers(),
        new StartTlsNegotiates(),
        new SameServiceOnEveryPath(),
        new SpfCoversIPv6Senders(),
        new IPv6SendersHaveForwardConfirmedPtr(),
        new DmarcPublished(),
    ];

    public string Name => "mail";

    /// <summary>The ports of a mail service: its <c>ports:</c>, else 25.</summary>
    public static IReadOnlyList<int> PortsOf(ServiceSpec service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Ports.Count > 0 ? service.Ports : [SmtpLimits.SmtpPort];
    }

    public IEnumerable<ProbeCheck> Plan(ServiceSpec service, IReadOnlyList<ProbePath> paths, ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(paths);
        if (service.Kind != ServiceKind.Mail) yield break;
        var mail = new MailProbeContext(context);
        var target = DnsProbe.TargetOf(service);
        foreach (var check in Checks)
        {
            var ports = check.PerPort ? PortsOf(service) : [SmtpLimits.SmtpPort];
            foreach (var port in ports)
            {
                foreach (var path in paths)
                {
                    // A path the check does not apply to gets one skipped result, not one per port.
                    if (!check.Paths.Contains(path) && port != ports[0]) continue;
                    var planned = new ProbeCheck
                    {
                        Service = service.Name,
                        Kind = service.Kind,
                        Check = check.Rule.Check,
                        RuleId = check.Rule.Id,
                        Path = path,
                        Target = target,
                        SkipReason = check.Paths.Contains(path) ? null : check.NotOnPath(path),
                    };
                    yield return planned.SkipReason is not null ? planned : planned with
                    {
                        RunAsync = cancellationToken => check.RunAsync(new MailCheckRun(planned, service, path, port, mail), cancellationToken),
                    };
                }
            }
        }
    }
}
