using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>One check of the SIP probe, judged under one rule (one file a rule).</summary>
public abstract class SipCheck
{
    public abstract SipRule Rule { get; }

    /// <summary>Whether the check runs once per transport (UDP, TCP, TLS) on each path rather than once per path.</summary>
    public virtual bool PerTransport => false;

    /// <summary>Whether the check needs a call, so an INVITE (<c>--allow-invite</c>).</summary>
    public virtual bool NeedsCall => false;

    /// <summary>Why the check does not run for <paramref name="service"/> on <paramref name="path"/> (and transport), or null.</summary>
    public virtual string? SkipReason(ServiceSpec service, ProbePath path, SipTransport? transport, SipProbeOptions options)
    {
        if (service.Telephony == Telephony.Relay && path is ProbePath.V6 or ProbePath.Nat64 or ProbePath.Dns64)
            return "relay telephony (telephony: relay): subscribers stay on the PSTN and only the carrier's media gateways and SIP servers use IP, so IPv6 subscriber paths do not apply; IPv4 exhaustion does not affect the service";
        if (NeedsCall && !options.AllowInvite)
            return "media is judged from a real SDP answer, which needs an INVITE: run with --allow-invite (the probe CANCELs it at once, or ACKs and BYEs an answer; no call is completed)";
        return null;
    }

    public abstract Task<CheckReport> RunAsync(SipCheckRun run, CancellationToken cancellationToken);
}

/// <summary>One run of a SIP check: its identity (to build results), the service, the path, the transport, the shared SIP context.</summary>
public sealed record SipCheckRun(ProbeCheck Check, ServiceSpec Service, ProbePath Path, SipTransport? Transport, SipProbeContext Sip)
{
    public ProbeResult Result(Outcome outcome, string detail, string? target = null, IPAddress? address = null, int? port = null, JsonObject? evidence = null, TimeSpan? duration = null) =>
        Check.Result(outcome, detail, target, address, port, evidence, duration);

    /// <summary>A result about one exchange: its target, address and port, its evidence with the service model added.</summary>
    public ProbeResult About(SipExchangeBase exchange, Outcome outcome, string detail, JsonObject evidence) =>
        Result(outcome, detail, exchange.Target.Host, exchange.Address?.Address, exchange.Target.Port,
            SipServiceModel.Add(evidence, Service, exchange.Target), exchange.Elapsed);

    /// <summary>The one result of a check that found nothing to look at.</summary>
    public CheckReport Nothing(SipDiscovery discovery) =>
        CheckReport.Of(Result(discovery.Status.Outcome(), discovery.Reason ?? discovery.Status.ToString(), evidence: discovery.Evidence()));

    /// <summary>
    /// The result for an exchange that has no address: the path's own verdict when it gave none (no AAAA is a fail,
    /// and so on); a fail when it gave some and none of them answered (the dual path's race).
    /// </summary>
    public ProbeResult NotReady(SipExchangeBase exchange) => exchange.Resolved.IsReady
        ? About(exchange, Outcome.Fail, $"{exchange.Target.Host}: {exchange.Error ?? "no address answered"}", exchange.BaseEvidence())
        : About(exchange, exchange.Resolved.OutcomeWhenNotReady, $"{exchange.Target.Host}: {exchange.Resolved.Reason ?? exchange.Resolved.Status.ToString()}", exchange.BaseEvidence());
}
