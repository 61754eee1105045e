using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Web.Checks;

namespace Coexist.Probes.Web;

/// <summary>
/// The web probe (rules COEX4xxx), for services of kind <c>web</c>: reachability, HTTP and HTTPS, the certificate,
/// and the comparisons with IPv4 (ports, status, content, chain, page resources, hosting pattern) that say whether
/// IPv6 subscribers get the same service, natively and through translation. One check per rule and path; each
/// reports one result per host, address (and port where it matters). The fetches behind them are shared for the
/// run (<see cref="WebProbeContext"/>), so IPv4 is fetched once however many paths compare with it.
/// </summary>
public sealed class WebProbe : IServiceProbe
{
    /// <summary>Every web check, in rule order.</summary>
    public static IReadOnlyList<WebCheck> Checks { get; } =
    [
        new PortsAcceptConnections(),
        new IPv6OffersTheSamePorts(),
        new PageAnswers(),
        new StatusMatchesIPv4(),
        new ContentMatchesIPv4(),
        new CertificateValidForName(),
        new CertificateChainMatchesIPv4(),
        new ResourcesLoad(),
        new NoIPv4Literals(),
        new HostingPatternOfIPv6(),
    ];

    public string Name => "web";

    public IEnumerable<ProbeCheck> Plan(ServiceSpec service, IReadOnlyList<ProbePath> paths, ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(paths);
        if (service.Kind != ServiceKind.Web) yield break;
        var web = new WebProbeContext(context);
        var target = DnsProbe.TargetOf(service);
        foreach (var check in Checks)
        {
            var notForService = check.NotFor(service);
            foreach (var path in paths)
            {
                var planned = new ProbeCheck
                {
                    Service = service.Name,
                    Kind = service.Kind,
                    Check = check.Rule.Check,
                    RuleId = check.Rule.Id,
                    Path = path,
                    Target = target,
                    SkipReason = notForService ?? (check.Paths.Contains(path) ? null : check.NotOnPath(path)),
                };
                yield return planned.SkipReason is not null ? planned : planned with
                {
                    RunAsync = cancellationToken => check.RunAsync(new WebCheckRun(planned, service, path, web), cancellationToken),
                };
            }
        }
    }
}
