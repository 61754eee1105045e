using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>
/// COEX6008: over UDP, SIP stays within <see cref="SipLimits.MaxUdpRequestBytes"/> octets, and TCP is there for
/// what does not (RFC 3261 §18.1.1: a request within 200 octets of a 1,500-octet MTU goes over TCP; §18 makes TCP
/// mandatory). A larger datagram is fragmented, and fragments are what IPv6 paths (1,280-octet minimum MTU,
/// RFC 8200 §5) and translators drop first (RFC 8900). One result per UDP target address that answered: the
/// largest datagram the server sent (OPTIONS and, with --allow-invite, the call), the largest request the probe
/// sent, and whether the same host answers over TCP on the path.
/// </summary>
public sealed class SipUdpMessagesSmall : SipCheck
{
    public override SipRule Rule => SipRules.UdpSize;

    public override string? SkipReason(ServiceSpec service, ProbePath path, SipTransport? transport, SipProbeOptions options) =>
        base.SkipReason(service, path, transport, options)
        ?? (SipTransports.Listed(service) is { } listed && !listed.Contains(SipTransport.Udp) ? "the service is not probed over UDP (transports: in the inventory)" : null);

    public override async Task<CheckReport> RunAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var discovery = await run.Sip.DiscoveryAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (discovery.Status != DiscoveryStatus.Found) return run.Nothing(discovery);
        var transports = SipPathResponses.Transports(run.Service, discovery);
        if (!transports.Contains(SipTransport.Udp))
            return CheckReport.Of(run.Result(Outcome.Skipped, $"{discovery.Domain ?? "the service"} advertises no UDP target", evidence: discovery.Evidence()));

        var udp = run.Sip.OptionsAsync(run.Service, run.Path, SipTransport.Udp, cancellationToken);
        var tcp = transports.Contains(SipTransport.Tcp) ? run.Sip.OptionsAsync(run.Service, run.Path, SipTransport.Tcp, cancellationToken) : null;
        var calls = run.Sip.Options.AllowInvite ? run.Sip.CallsAsync(run.Service, run.Path, cancellationToken) : null;
        var udpExchanges = (await udp.ConfigureAwait(false)).Exchanges;
        var tcpExchanges = tcp is null ? (IReadOnlyList<SipExchange>?)null : (await tcp.ConfigureAwait(false)).Exchanges;
        var udpCalls = calls is null ? [] : (await calls.ConfigureAwait(false)).Calls.Where(c => c.Target.Transport == SipTransport.Udp).ToList();

        var results = new List<ProbeResult>();
        foreach (var exchange in udpExchanges.Where(e => e.Response is not null))
        {
            var call = udpCalls.FirstOrDefault(c => c.Target == exchange.Target && c.Address == exchange.Address);
            results.Add(Judge(run, exchange, call, tcpExchanges));
        }
        if (results.Count == 0) results.Add(run.Result(Outcome.Skipped, "no UDP reply on this path to measure (see sip-options)"));
        return CheckReport.Of(results);
    }

    private static ProbeResult Judge(SipCheckRun run, SipExchange exchange, SipCallExchange? call, IReadOnlyList<SipExchange>? tcp)
    {
        var limit = SipLimits.MaxUdpRequestBytes;
        var received = Math.Max(exchange.LargestDatagram, call?.LargestDatagram ?? 0);
        var sent = new[] { exchange.Transaction!.Request.EncodedLength, call?.Call?.Invite.EncodedLength ?? 0 }.Max();
        var problems = new List<string>();
        if (received > limit)
            problems.Add($"the server sent a {received}-octet datagram, over the {limit} octets RFC 3261 §18.1.1 allows on UDP: it is fragmented, and IPv6 and NAT64 paths often drop fragments");
        if (sent > limit)
            problems.Add($"the probe's own {sent}-octet request had to go over UDP");

        string tcpState;
        var sameHost = tcp?.Where(t => string.Equals(t.Target.Host, exchange.Target.Host, StringComparison.OrdinalIgnoreCase)).ToList();
        if (sameHost is null)
        {
            tcpState = "not probed";
            problems.Add("the service is probed over UDP only (transports:): requests over 1,300 octets, such as an INVITE with both families' ICE candidates, need TCP (RFC 3261 §18.1.1)");
        }
        else if (sameHost.Count == 0)
        {
            tcpState = "not offered";
            problems.Add($"{exchange.Target.Host} is not offered over TCP: requests over 1,300 octets have no transport but fragmented UDP (RFC 3261 §18 makes TCP mandatory)");
        }
        else if (sameHost.Any(t => t.Response is not null && t.Address?.Family == exchange.Address!.Family))
        {
            tcpState = "answers";
        }
        else
        {
            tcpState = "does not answer";
            problems.Add($"{exchange.Target.Host} does not answer over TCP on this path: requests over 1,300 octets have no transport but fragmented UDP");
        }

        var evidence = exchange.BaseEvidence();
        evidence["sizes"] = new JsonObject
        {
            ["largestReceived"] = received,
            ["largestSent"] = sent,
            ["limit"] = limit,
            ["tcp"] = tcpState,
        };
        return problems.Count > 0
            ? run.About(exchange, Outcome.Warn, $"{exchange.Where}: {string.Join("; ", problems)}", evidence)
            : run.About(exchange, Outcome.Pass, $"{exchange.Where}: largest datagram {received} octets received, {sent} sent (limit {limit}); TCP answers too", evidence);
    }
}
