using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Dns.Checks;

/// <summary>One check of the DNS probe, judged under one rule (one file a rule).</summary>
public abstract class DnsCheck
{
    public abstract ProbeRule Rule { get; }

    /// <summary>The paths this check means something on; on the others it is reported <c>skipped</c>.</summary>
    public abstract IReadOnlyCollection<ProbePath> Paths { get; }

    /// <summary>Whether the check concerns <paramref name="service"/> at all (zone checks: dns services; PTR: mail and SIP).</summary>
    public abstract bool AppliesTo(ServiceSpec service);

    /// <summary>Why the check is skipped on <paramref name="path"/>.</summary>
    public virtual string NotOnPath(ProbePath path) =>
        $"{Rule.Check} is judged on the {string.Join(", ", Paths.Select(WireNames.Of))} path{(Paths.Count == 1 ? "" : "s")}, not on {WireNames.Of(path)}";

    public abstract Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken);
}

/// <summary>One run of a DNS check: the check's identity (to build results), the service, the path, the shared DNS context.</summary>
public sealed record DnsCheckRun(ProbeCheck Check, ServiceSpec Service, ProbePath Path, DnsProbeContext Dns)
{
    public ProbeResult Result(Outcome outcome, string detail, string? target = null, IPAddress? address = null, int? port = null, JsonObject? evidence = null, TimeSpan? duration = null) =>
        Check.Result(outcome, detail, target, address, port, evidence, duration);

    /// <summary>The one result of a check that found nothing to look at.</summary>
    public CheckReport Nothing(DiscoveryStatus status, string reason, JsonObject? evidence = null) =>
        new([Result(status.Outcome(), reason, evidence: evidence)], Transient: status == DiscoveryStatus.CannotTest);

    /// <summary>The one result for a target the path leads nowhere for.</summary>
    public ProbeResult NotReady(PathTarget target) =>
        Result(target.OutcomeWhenNotReady, target.Reason ?? target.Status.ToString(), target.Target, evidence: target.Evidence());
}
