using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>
/// COEX6003: in the replies a path got, every IPv6 address in a SIP URI (Contact, Record-Route, their maddr) is an
/// IPv6 reference in brackets (RFC 3261 §25.1 <c>host = hostname / IPv4address / IPv6reference</c>, RFC 5118 §4.1),
/// and none in the SDP answer is bracketed (RFC 8866 §9 <c>IP6-address</c>). Via <c>received</c> is the exception
/// RFC 3261 wrote unbracketed and RFC 5118 §4.5 lets be either: it is noted, never flagged (kamailio sends
/// <c>received=::1</c>). One result per exchange that got a reply.
/// </summary>
public sealed class SipIPv6ReferencesBracketed : SipCheck
{
    public override SipRule Rule => SipRules.Syntax;

    public override async Task<CheckReport> RunAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var (discovery, _, heard) = await SipPathResponses.GatherAsync(run, cancellationToken).ConfigureAwait(false);
        if (discovery.Status != DiscoveryStatus.Found) return run.Nothing(discovery);
        if (heard.Count == 0) return CheckReport.Of(run.Result(Outcome.Skipped, "no SIP reply on this path to read (see sip-options)"));
        return CheckReport.Of(heard.Select(h => Judge(run, h)));
    }

    private static ProbeResult Judge(SipCheckRun run, SipHeard heard)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        foreach (var (response, _) in heard.Responses)
        {
            var label = $"{response.StatusCode} {response.CSeq.Method}";
            foreach (var (field, address) in UriFields(response))
            {
                if (address.Uri.Host is { IsUnbracketedIPv6: true } host)
                    problems.Add($"{field} <{SipEvidence.Cut(address.Uri.ToString(), 120)}> of {label} writes IPv6 {host.Value} without brackets (RFC 5118 §4.1): parsers read its port as part of the address or reject it");
                if (address.Uri.Parameters.Value("maddr") is { } maddr && SipHost.TryParse(maddr, out var m) && m!.IsUnbracketedIPv6)
                    problems.Add($"{field} maddr={SipEvidence.Cut(maddr, 60)} of {label} is an unbracketed IPv6 address (RFC 5118 §4.1)");
            }
            if (response.TopVia.Received is { IsIPv6: true } received)
                notes.Add($"Via received={(received.Bracketed ? "[" + received.Value + "]" : received.Value)} ({(received.Bracketed ? "bracketed" : "unbracketed")}; RFC 5118 §4.5 accepts both)");
        }
        if (heard.Answer is { } sdp)
        {
            foreach (var connection in sdp.Connections.Where(c => c.Address.IsIPv6 && c.Address.Bracketed))
                problems.Add($"SDP c={SipEvidence.Cut(connection.ToString(), 80)} brackets an IPv6 address, which SDP never does (RFC 8866 §9)");
            if (sdp.Origin.Address is { IsIPv6: true, Bracketed: true })
                problems.Add($"SDP o= brackets its IPv6 address {sdp.Origin.Address.Value} (RFC 8866 §9)");
        }

        var evidence = heard.Exchange.BaseEvidence();
        evidence["request"] = heard.Method;
        evidence["fields"] = SipEvidence.Cut(heard.Responses.SelectMany(r => UriFields(r.Response).Select(f => $"{f.Field}: {f.Address}")).Distinct());
        if (notes.Count > 0) evidence["notes"] = Evidence.Strings(notes.Distinct());
        if (problems.Count > 0) evidence["problems"] = Evidence.Strings(problems.Distinct());
        return problems.Count == 0
            ? run.About(heard.Exchange, Outcome.Pass, $"{heard.Where}: every IPv6 address in Contact and Record-Route is bracketed{(notes.Count > 0 ? $"; {notes[0]}" : "")}", evidence)
            : run.About(heard.Exchange, Outcome.Fail, $"{heard.Where}: {string.Join("; ", problems.Distinct())}", evidence);
    }

    /// <summary>The address fields of a response whose URIs a client uses: Contact (remote target) and Record-Route (route set).</summary>
    internal static IEnumerable<(string Field, SipNameAddress Address)> UriFields(SipResponse response) =>
        response.Contacts.Select(c => ("Contact", c)).Concat(response.RecordRoutes.Select(r => ("Record-Route", r)));
}
