using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>One exchange of a path that got responses: which request, and what came back.</summary>
public sealed record SipHeard(SipExchangeBase Exchange, string Method, IReadOnlyList<SipReceived> Responses, SdpSession? Answer)
{
    /// <summary>"udp [2001:db8::5]:5060 OPTIONS" for details.</summary>
    public string Where => $"{Exchange.Where} {Method}";
}

/// <summary>What the checks that read replies (address syntax, families, sizes) read: every reply on a path.</summary>
public static class SipPathResponses
{
    /// <summary>The transports the service is probed over: the listed ones, else what the domain advertises, else UDP and TCP.</summary>
    public static IReadOnlyList<SipTransport> Transports(ServiceSpec service, SipDiscovery discovery) =>
        SipTransports.Listed(service)
        ?? (service.Domain is not null ? [.. SipTransports.All.Where(t => discovery.TargetsFor(t).Any())] : [SipTransport.Udp, SipTransport.Tcp]);

    /// <summary>
    /// The OPTIONS exchanges of every transport on the run's path and, with <c>--allow-invite</c>, its calls;
    /// <see cref="SipDiscovery"/> when discovery found nothing.
    /// </summary>
    public static async Task<(SipDiscovery Discovery, IReadOnlyList<SipExchangeBase> All, IReadOnlyList<SipHeard> Heard)> GatherAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var discovery = await run.Sip.DiscoveryAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (discovery.Status != DiscoveryStatus.Found) return (discovery, [], []);
        var options = Transports(run.Service, discovery).Select(t => run.Sip.OptionsAsync(run.Service, run.Path, t, cancellationToken)).ToList();
        var calls = run.Sip.Options.AllowInvite ? run.Sip.CallsAsync(run.Service, run.Path, cancellationToken) : null;
        var all = new List<SipExchangeBase>();
        var heard = new List<SipHeard>();
        foreach (var exchanges in await Task.WhenAll(options).ConfigureAwait(false))
        {
            foreach (var exchange in exchanges.Exchanges)
            {
                all.Add(exchange);
                if (exchange.Transaction is { } transaction && transaction.Final is { } final)
                    heard.Add(new SipHeard(exchange, "OPTIONS", [.. transaction.Provisionals.Select(p => new SipReceived(p, 0)), new SipReceived(final, transaction.FinalOctets)], null));
            }
        }
        if (calls is not null)
        {
            foreach (var call in (await calls.ConfigureAwait(false)).Calls)
            {
                all.Add(call);
                if (call.Call is { Responses.IsEmpty: false } result) heard.Add(new SipHeard(call, "INVITE", result.Responses, result.AnswerSdp));
            }
        }
        return (discovery, all, heard);
    }
}
