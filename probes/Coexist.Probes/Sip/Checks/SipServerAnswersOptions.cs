using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>
/// COEX6002: every target address answers OPTIONS (RFC 3261 §11) over the transport, on the path. One result per
/// target and address (dual: per target, at the address a dual-stack client ends up with), with the response
/// code and time. A 2xx passes, and so do the refusals a healthy server gives a stranger (401, 407, 403, 405:
/// it is there and speaks SIP); other 3xx/4xx warn (it does not serve this domain here); 5xx, 6xx, no response,
/// a refused connection or a failed TLS handshake fail.
/// </summary>
public sealed class SipServerAnswersOptions : SipCheck
{
    /// <summary>Final responses that show a healthy server refusing an unknown, unauthenticated client (RFC 3261 §21.4).</summary>
    public static readonly IReadOnlySet<int> RefusalsOfAStranger = new HashSet<int> { 401, 403, 405, 407 };

    public override SipRule Rule => SipRules.Options;

    public override bool PerTransport => true;

    public override string? SkipReason(ServiceSpec service, ProbePath path, SipTransport? transport, SipProbeOptions options)
    {
        if (base.SkipReason(service, path, transport, options) is { } reason) return reason;
        var listed = SipTransports.Listed(service);
        if (listed is not null && !listed.Contains(transport!.Value))
            return $"the inventory does not list {transport.Value.WireName()} for this service (transports: [{string.Join(", ", listed.Select(SipTransports.Name))}])";
        if (listed is null && service.Domain is null && transport == SipTransport.Tls)
            return "TLS is probed when the inventory lists it (transports: [udp, tcp, tls]) or when the SIP domain advertises it";
        return null;
    }

    public override async Task<CheckReport> RunAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var transport = run.Transport!.Value;
        var exchanges = await run.Sip.OptionsAsync(run.Service, run.Path, transport, cancellationToken).ConfigureAwait(false);
        if (exchanges.Discovery.Status != DiscoveryStatus.Found) return run.Nothing(exchanges.Discovery);
        if (exchanges.Exchanges.IsEmpty)
        {
            var evidence = exchanges.Discovery.Evidence();
            evidence["transport"] = SipTransports.Name(transport);
            return CheckReport.Of(run.Result(Outcome.Skipped,
                $"{exchanges.Discovery.Domain ?? "the service"} advertises no {transport.WireName()} target (no {SipDiscovery.NaptrServices.First(p => p.Value == transport).Key} NAPTR or SRV record)",
                evidence: evidence));
        }
        var results = exchanges.Exchanges.Select(e => Judge(run, e)).ToList();
        return CheckReport.Of(results, exchanges.Exchanges.Any(e => e.Address is null && e.Resolved.Status == Paths.PathStatus.CannotTest));
    }

    private static ProbeResult Judge(SipCheckRun run, SipExchange exchange)
    {
        if (exchange.Address is null) return run.NotReady(exchange);
        var evidence = exchange.Evidence();
        var onV6 = run.Path == ProbePath.V6;
        if (exchange.Response is not { } response)
        {
            SipServiceModel.Add(evidence, run.Service, exchange.Target, onV6 ? SipServiceModel.NeedsIPv6Servers : null);
            return run.About(exchange, Outcome.Fail, $"{exchange.Where}: {exchange.Error ?? "no response"}", evidence);
        }
        var took = exchange.Transaction!.ResponseTime is { } t ? $" in {t.TotalMilliseconds:0.#} ms" : "";
        var answered = $"{exchange.Where} answered {response.StatusCode} {SipEvidence.Cut(response.ReasonPhrase, 64)}{took}";
        var tls = exchange.Tls is { } session ? $" over {session.Protocol}, certificate for {session.MatchedName}" : "";
        return response.StatusCode switch
        {
            < 300 => run.About(exchange, Outcome.Pass, answered + tls, evidence),
            _ when RefusalsOfAStranger.Contains(response.StatusCode) => run.About(exchange, Outcome.Pass, $"{answered}{tls}: the server is there and refuses a stranger, as it should", evidence),
            < 500 => run.About(exchange, Outcome.Warn, $"{answered}: the server is there but does not serve {exchange.Target.RequestUri()} on this path", evidence),
            _ => run.About(exchange, Outcome.Fail, $"{answered}: the server refuses service", SipServiceModel.Add(evidence, run.Service, exchange.Target, onV6 ? SipServiceModel.NeedsIPv6Servers : null)),
        };
    }
}
