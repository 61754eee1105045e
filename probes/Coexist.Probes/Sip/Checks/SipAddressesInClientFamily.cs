using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>
/// COEX6004: the addresses a reply hands the client are of the client's family. Contact is where the dialog's next
/// requests go (RFC 3261 §12.1.2) and Record-Route the proxies they pass: an IPv4 literal there strands an IPv6
/// client (fail natively; warn through NAT64 or DNS64, where only a client that synthesizes the address itself,
/// RFC 7050 or a CLAT, RFC 6877, gets through, since translators do not rewrite SIP). Via received must be the
/// family the request arrived in at the server (the translator's IPv4 pool address through NAT64 is expected and
/// noted); over UDP through a translator, rport must be filled (RFC 3581), or replies to later requests miss the
/// translated port. Host names pass: their family is DNS's business (COEX6001).
/// </summary>
public sealed class SipAddressesInClientFamily : SipCheck
{
    public override SipRule Rule => SipRules.Family;

    public override async Task<CheckReport> RunAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var (discovery, _, heard) = await SipPathResponses.GatherAsync(run, cancellationToken).ConfigureAwait(false);
        if (discovery.Status != DiscoveryStatus.Found) return run.Nothing(discovery);
        if (heard.Count == 0) return CheckReport.Of(run.Result(Outcome.Skipped, "no SIP reply on this path to read (see sip-options)"));
        return CheckReport.Of(heard.Select(h => Judge(run, h)));
    }

    private static ProbeResult Judge(SipCheckRun run, SipHeard heard)
    {
        var exchange = heard.Exchange;
        var client = exchange.SignallingFamily!.Value;
        var server = exchange.Address!.ServerAddress.AddressFamily;
        var translated = exchange.Translated;
        var failures = new List<string>();
        var warnings = new List<string>();
        var notes = new List<string>();
        foreach (var (response, _) in heard.Responses)
        {
            var label = $"{response.StatusCode} {response.CSeq.Method}";
            foreach (var (field, address) in SipIPv6ReferencesBracketed.UriFields(response))
            {
                foreach (var host in Hosts(address.Uri))
                {
                    if (SipEvidence.EffectiveFamily(host) is not { } family || family == client) continue;
                    var what = $"{field} <{SipEvidence.Cut(address.Uri.ToString(), 120)}> of {label} is an {SipEvidence.FamilyName(family)} address ({host.Value}) on an {SipEvidence.FamilyName(client)} flow";
                    if (translated)
                        warnings.Add($"{what}, reached through a translator: a client of the {SipEvidence.FamilyName(client)} path can use it only by synthesizing the address itself (RFC 7050, RFC 6877 CLAT); translators do not rewrite addresses inside SIP");
                    else
                        failures.Add($"{what}: an {SipEvidence.FamilyName(client)}-only client cannot send the dialog's requests (ACK, BYE, re-INVITE) there");
                }
            }
        }

        var final = heard.Responses[^1].Response;
        var via = final.TopVia;
        if (via.Received is { } received)
        {
            var family = SipEvidence.EffectiveFamily(received);
            if (family != server)
                warnings.Add($"Via received={received.Value} is {SipEvidence.FamilyName(family)}, but the request reached the server over {SipEvidence.FamilyName(server)}: something between rewrote it, or the server reports a wrong source");
            else if (translated)
                notes.Add($"Via received={received.Value}: the server saw the translator's {SipEvidence.FamilyName(family)} address, as expected through {WireNames.Of(run.Path)}");
        }
        if (exchange.Target.Transport == SipTransport.Udp && via.HasRPort && via.RPort is null)
        {
            if (translated)
                warnings.Add("Via rport is not filled (RFC 3581 §4): through a translator that maps ports, the server's replies to later requests would go to the port in Via, which the translator does not hold open");
            else
                notes.Add("Via rport is not filled (RFC 3581 §4)");
        }

        var evidence = exchange.BaseEvidence();
        evidence["request"] = heard.Method;
        evidence["serverFamily"] = SipEvidence.FamilyName(server);
        evidence["contact"] = SipEvidence.Cut(heard.Responses.SelectMany(r => r.Response.Contacts).Select(c => c.ToString()).Distinct());
        evidence["recordRoute"] = SipEvidence.Cut(heard.Responses.SelectMany(r => r.Response.RecordRoutes).Select(c => c.ToString()).Distinct());
        evidence["via"] = SipEvidence.Cut(via.ToString());
        if (notes.Count > 0) evidence["notes"] = Evidence.Strings(notes);
        if (failures.Count + warnings.Count > 0) evidence["problems"] = Evidence.Strings(failures.Concat(warnings).Distinct());

        if (failures.Count > 0) return run.About(exchange, Outcome.Fail, $"{heard.Where}: {string.Join("; ", failures.Concat(warnings).Distinct())}", evidence);
        if (warnings.Count > 0) return run.About(exchange, Outcome.Warn, $"{heard.Where}: {string.Join("; ", warnings.Distinct())}", evidence);
        var contacts = heard.Responses.SelectMany(r => r.Response.Contacts).Select(c => c.Uri.Host?.ToString()).OfType<string>().Distinct().ToList();
        return run.About(exchange, Outcome.Pass,
            $"{heard.Where}: {(contacts.Count == 0 ? "no Contact" : $"Contact {string.Join(", ", contacts)}")} and Via received fit an {SipEvidence.FamilyName(client)} client{(notes.Count > 0 ? $"; {notes[0]}" : "")}", evidence);
    }

    private static IEnumerable<SipHost> Hosts(SipUri uri)
    {
        if (uri.Host is { } host) yield return host;
        if (uri.Parameters.Value("maddr") is { } maddr && SipHost.TryParse(maddr, out var m)) yield return m!;
    }
}
