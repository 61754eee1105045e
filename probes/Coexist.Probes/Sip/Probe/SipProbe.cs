using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Checks;

namespace Coexist.Probes.Sip.Probe;

/// <summary>
/// The SIP probe (rules COEX6xxx): for each sip service and path, discovery (NAPTR/SRV), OPTIONS over UDP, TCP and
/// TLS, the address syntax and families of the replies, their sizes over UDP, and with <c>--allow-invite</c> the
/// media of a real SDP answer. Every check gets a verdict on every path: <c>skipped</c> where it has no meaning
/// (IPv6 subscriber paths of relay telephony, media checks without --allow-invite).
/// </summary>
public sealed class SipProbe(SipProbeOptions? options = null) : IServiceProbe
{
    /// <summary>Every SIP check, in rule order.</summary>
    public static IReadOnlyList<SipCheck> Checks { get; } =
    [
        new SipServiceDiscoverable(),
        new SipServerAnswersOptions(),
        new SipIPv6ReferencesBracketed(),
        new SipAddressesInClientFamily(),
        new SdpMediaInSignallingFamily(),
        new SdpIceCandidatesBothFamilies(),
        new SdpNoAnat(),
        new SipUdpMessagesSmall(),
    ];

    public SipProbeOptions Options { get; } = options ?? SipProbeOptions.Default;

    public string Name => "sip";

    public IEnumerable<ProbeCheck> Plan(ServiceSpec service, IReadOnlyList<ProbePath> paths, ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(paths);
        if (service.Kind != ServiceKind.Sip) yield break;
        var sip = new SipProbeContext(context, Options);
        var target = DnsProbe.TargetOf(service);
        foreach (var check in Checks)
        {
            foreach (var transport in check.PerTransport ? SipTransports.All.Cast<SipTransport?>() : [null])
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
                        SkipReason = check.SkipReason(service, path, transport, Options),
                    };
                    yield return planned.SkipReason is not null ? planned : planned with
                    {
                        RunAsync = cancellationToken => check.RunAsync(new SipCheckRun(planned, service, path, transport, sip), cancellationToken),
                    };
                }
            }
        }
    }
}
