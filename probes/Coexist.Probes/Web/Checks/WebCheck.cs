using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web.Checks;

/// <summary>One check of the web probe, judged under one rule (one file a rule).</summary>
public abstract class WebCheck
{
    /// <summary>Every path a probe can take.</summary>
    public static readonly IReadOnlyCollection<ProbePath> AllPaths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit, ProbePath.Dual];

    /// <summary>Every path but IPv4, which the comparisons are made against.</summary>
    public static readonly IReadOnlyCollection<ProbePath> ComparedPaths = [ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit, ProbePath.Dual];

    /// <summary>The paths whose client has IPv6 only.</summary>
    public static readonly IReadOnlyCollection<ProbePath> IPv6OnlyPaths = [ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64];

    public abstract WebRule Rule { get; }

    /// <summary>The paths this check means something on; on the others it is reported <c>skipped</c>.</summary>
    public abstract IReadOnlyCollection<ProbePath> Paths { get; }

    /// <summary>Why the check does not apply to <paramref name="service"/> (no HTTPS port, say); null when it does.</summary>
    public virtual string? NotFor(ServiceSpec service) => null;

    /// <summary>Why the check is skipped on <paramref name="path"/>.</summary>
    public virtual string NotOnPath(ProbePath path) => path == ProbePath.V4 && Paths.SequenceEqual(ComparedPaths)
        ? $"{Rule.Check} compares the other paths with IPv4; IPv4 itself is the reference"
        : $"{Rule.Check} is judged on the {string.Join(", ", Paths.Select(WireNames.Of))} paths, not on {WireNames.Of(path)}";

    public abstract Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken);

    /// <summary>The HTTPS ports of a service, for the TLS checks.</summary>
    protected static string? NoHttpsPort(ServiceSpec service) =>
        WebProbeContext.Ports(service).Any(WebProbeContext.IsHttps) ? null
            : $"the service has no HTTPS port ({string.Join(", ", WebProbeContext.Ports(service))}); 443 or 8443 would be tested";
}

/// <summary>One run of a web check: its identity (to build results), the service, the path, the shared web context.</summary>
public sealed record WebCheckRun(ProbeCheck Check, ServiceSpec Service, ProbePath Path, WebProbeContext Web)
{
    /// <summary>When the run started, to keep waits inside the check's deadline.</summary>
    public long Started { get; } = Stopwatch.GetTimestamp();

    /// <summary>Time left before <paramref name="share"/> of the check's deadline has passed.</summary>
    public TimeSpan Left(double share) => Web.Context.CheckTimeout * share - Stopwatch.GetElapsedTime(Started);

    public IReadOnlyList<int> Ports => WebProbeContext.Ports(Service);

    public ProbeResult Result(Outcome outcome, string detail, string? target = null, IPAddress? address = null, int? port = null, JsonObject? evidence = null) =>
        Check.Result(outcome, detail, target, address, port, evidence);

    /// <summary>
    /// Runs <paramref name="work"/> for every host of the service and every target of the path (each address; one
    /// race on dual), in parallel. A host the path leads nowhere for gets one result: its own fault (<c>fail</c>) for
    /// the checks that say whether the service is there at all (<paramref name="absenceFails"/>), else <c>skipped</c>,
    /// since those checks judge what answered; <c>error</c> when the probe could not find out.
    /// </summary>
    public async Task<CheckReport> ForEachTargetAsync(Func<string, PathTarget, WebTarget, Task<IEnumerable<ProbeResult>>> work, bool absenceFails,
        CancellationToken cancellationToken)
    {
        var hosts = await Web.HostsAsync(Service, cancellationToken).ConfigureAwait(false);
        if (hosts.Hosts.Count == 0)
            return new CheckReport([Result(hosts.Status.Outcome(), hosts.Reason ?? "no hosts", evidence: hosts.Names.Evidence())], hosts.Status == DiscoveryStatus.CannotTest);

        var perHost = await Task.WhenAll(hosts.Hosts.Select(async host =>
        {
            var target = await Web.ResolveAsync(host, Path, cancellationToken).ConfigureAwait(false);
            if (!target.IsReady)
            {
                var outcome = target.OutcomeWhenNotReady;
                var detail = target.Reason ?? target.Status.ToString();
                if (outcome == Outcome.Fail && !absenceFails)
                {
                    outcome = Outcome.Skipped;
                    detail = $"nothing answers on the {WireNames.Of(Path)} path to judge: {detail} ({WebRules.Reach.Id} reports it)";
                }
                return (Results: (IEnumerable<ProbeResult>)[Result(outcome, detail, host, evidence: target.Evidence())], Transient: target.Status == PathStatus.CannotTest);
            }
            var each = await Task.WhenAll(WebProbeContext.TargetsOf(target).Select(t => work(host, target, t))).ConfigureAwait(false);
            return (Results: each.SelectMany(r => r), Transient: false);
        })).ConfigureAwait(false);
        return CheckReport.Of(perHost.SelectMany(h => h.Results), perHost.Any(h => h.Transient));
    }

    /// <summary>The path's evidence for a result about <paramref name="fetch"/>.</summary>
    public static JsonObject Evidence(PathTarget target, PageFetch? fetch = null, JsonObject? more = null)
    {
        var evidence = target.Evidence();
        if (fetch is not null) evidence["fetch"] = fetch.ToJson();
        if (more is not null)
        {
            foreach (var (key, value) in more.ToList())
            {
                more.Remove(key);
                evidence[key] = value;
            }
        }
        return evidence;
    }

    /// <summary>The address a result is about: where the fetch connected, else the target's one address.</summary>
    public static IPAddress? AddressOf(WebTarget target, PageFetch? fetch = null) => fetch?.Address ?? target.Address;
}
