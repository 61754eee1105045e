using Coexist.Model;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Dns;

/// <summary>
/// The DNS probe (rules COEX3xxx). The name checks run for every service (their hosts, MX or SRV targets), the
/// PTR check for mail and SIP services, the zone and DNS64-prefix checks for dns services. Every check gets a
/// verdict on every path of the service: <c>skipped</c> where it has no meaning.
/// </summary>
public sealed class DnsProbe : IServiceProbe
{
    /// <summary>Every DNS check, in rule order.</summary>
    public static IReadOnlyList<DnsCheck> Checks { get; } =
    [
        new ServiceNameHasAaaa(),
        new NoSpecialPurposeAddresses(),
        new TwoNameServersWithIPv6(),
        new NameServersAnswer(),
        new GlueMatchesAuthoritativeData(),
        new NameServersInSeveralPrefixes(),
        new ForwardConfirmedPtr(),
        new Dns64SynthesizesForIPv4OnlyNames(),
        new Dns64PrefixDiscoverable(),
        new Dns64KeepsRealAaaa(),
        new Dns64SignedIPv4OnlyNames(),
        new LargeAnswersUseTcp(),
    ];

    public string Name => "dns";

    public IEnumerable<ProbeCheck> Plan(ServiceSpec service, IReadOnlyList<ProbePath> paths, ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(paths);
        var dns = new DnsProbeContext(context);
        var target = TargetOf(service);
        foreach (var check in Checks.Where(c => c.AppliesTo(service)))
        {
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
                    SkipReason = check.Paths.Contains(path) ? null : check.NotOnPath(path),
                };
                yield return planned.SkipReason is not null ? planned : planned with
                {
                    RunAsync = cancellationToken => check.RunAsync(new DnsCheckRun(planned, service, path, dns), cancellationToken),
                };
            }
        }
    }

    /// <summary>What a service's DNS checks are about, until they name the host or server they judged.</summary>
    public static string TargetOf(ServiceSpec service) =>
        service.Kind == ServiceKind.Dns && service.Zone is { } zone ? zone
        : service.Hosts.Count > 0 ? string.Join(", ", service.Hosts)
        : service.Domain ?? service.Zone ?? service.Name;
}
