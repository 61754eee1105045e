using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>
/// COEX6001: the SIP domain's NAPTR → SRV chain (RFC 3263 §4.1) leads to targets that have addresses on the path:
/// AAAA for v6, A for v4 and nat64, what DNS64 hands out for dns64. One result per target host; one more, a
/// warning, for faults of the records (a NAPTR pointing at a name without SRV, a listed transport nobody
/// advertises) and for a domain found only through the RFC 3263 §4.2 fallback.
/// </summary>
public sealed class SipServiceDiscoverable : SipCheck
{
    public override SipRule Rule => SipRules.Discovery;

    public override string? SkipReason(ServiceSpec service, ProbePath path, SipTransport? transport, SipProbeOptions options) =>
        base.SkipReason(service, path, transport, options)
        ?? (service.Domain is null ? "the service gives hosts, not a SIP domain: there are no NAPTR or SRV records to follow" : null);

    public override async Task<CheckReport> RunAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var discovery = await run.Sip.DiscoveryAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (discovery.Status != DiscoveryStatus.Found) return run.Nothing(discovery);

        var fromDomain = discovery.Targets.Where(t => t.Domain is not null).ToList();
        var results = new List<ProbeResult>();
        var transient = false;
        foreach (var host in fromDomain.GroupBy(t => t.Host, StringComparer.OrdinalIgnoreCase))
        {
            var resolved = await run.Sip.Context.Paths.ResolveAsync(host.Key, run.Path, cancellationToken).ConfigureAwait(false);
            var offers = string.Join(", ", host.Select(t => $"{t.Transport.WireName()} {t.Port}"));
            var evidence = resolved.Evidence();
            evidence["discovery"] = discovery.Evidence();
            evidence["offers"] = offers;
            SipServiceModel.Add(evidence, run.Service, host.First(), resolved.Status == PathStatus.NoAddress && run.Path == ProbePath.V6 ? SipServiceModel.NeedsIPv6Servers : null);
            var (outcome, detail) = resolved.Status switch
            {
                PathStatus.Ready when discovery.FellBack => (Outcome.Warn,
                    $"{host.Key} has no NAPTR or SRV records: clients fall back to its own addresses ({Addresses(resolved)}) on UDP {SipLimits.DefaultPort} (RFC 3263 §4.2), and cannot discover TCP or TLS"),
                PathStatus.Ready => (Outcome.Pass, $"{host.Key} ({offers}, from {discovery.Source} of {discovery.Domain}) has {Addresses(resolved)} on the {WireNames.Of(run.Path)} path"),
                PathStatus.NoAddress => (Outcome.Fail, $"{host.Key} ({offers}, from {discovery.Source} of {discovery.Domain}): {resolved.Reason}; clients on the {WireNames.Of(run.Path)} path cannot reach this SIP target"),
                _ => (resolved.OutcomeWhenNotReady, $"{host.Key}: {resolved.Reason}"),
            };
            transient |= resolved.Status == PathStatus.CannotTest;
            results.Add(run.Result(outcome, detail, host.Key, evidence: evidence));
        }
        if (!discovery.Problems.IsEmpty)
        {
            results.Add(run.Result(Outcome.Warn, $"the SIP records of {discovery.Domain} are inconsistent: {string.Join("; ", discovery.Problems)}", discovery.Domain,
                evidence: new JsonObject { ["discovery"] = discovery.Evidence() }));
        }
        return CheckReport.Of(results, transient);
    }

    private static string Addresses(PathTarget resolved) => string.Join(", ", resolved.Addresses.Select(a => a.ToString()));
}
