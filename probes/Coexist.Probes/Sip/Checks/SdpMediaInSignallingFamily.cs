using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>
/// COEX6005: the SDP answer to the probe's INVITE puts media in the family the client signals in. The client's
/// offer carries its own address (so media is offered in the signalling family); the answer's c= of every accepted
/// stream, and its a=rtcp, must be of that family too, or RTP cannot flow directly between the two (the working
/// group's mixed-family case; RFC 6157 §3). Through NAT64 an IPv4 c= fails as well: translators do not rewrite
/// addresses inside SDP. An o= of the other family alone is a warning (it names the host that made the session,
/// RFC 8866 §5.2, not where media goes). The result names the seed case for the planner.
/// </summary>
public sealed class SdpMediaInSignallingFamily : SipCheck
{
    public override SipRule Rule => SipRules.Media;

    public override bool NeedsCall => true;

    public override async Task<CheckReport> RunAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var (calls, nothing) = await SipAnswers.GatherAsync(run, cancellationToken).ConfigureAwait(false);
        if (nothing is not null) return nothing;
        return CheckReport.Of(calls.Calls.Select(call => SipAnswers.Unjudged(run, call, owner: true) ?? Judge(run, call)));
    }

    private static ProbeResult Judge(SipCheckRun run, SipCallExchange exchange)
    {
        var call = exchange.Call!;
        var signalling = exchange.SignallingFamily!.Value;
        var facts = SdpFamilies.Of(call.AnswerSdp!);
        var failures = new List<string>();
        var warnings = new List<string>();
        var family = SipEvidence.FamilyName(signalling);
        if (facts.ActiveStreams == 0) failures.Add("the answer accepts no media stream (every m= port is 0)");
        foreach (var fact in facts.Connections.Concat(facts.Rtcp))
        {
            if (!fact.MatchesDeclared)
                failures.Add($"{fact.Where} declares {fact.Declared} but holds {SipEvidence.FamilyName(fact.Family)} {fact.Address.Value}");
            else if (fact.Family is { } f && f != signalling)
                failures.Add($"{fact.Where} IN {fact.Declared} {fact.Address.Value} is {SipEvidence.FamilyName(f)}, the signalling is {family}: RTP cannot flow directly between an {family} client and it"
                    + (exchange.Translated ? " (a translator does not rewrite addresses inside SDP)" : ""));
        }
        if (facts.ActiveStreams > 0 && facts.Connections.IsEmpty) failures.Add("an accepted stream has no c= line (RFC 8866 §5.7)");
        if (failures.Count == 0 && facts.Origin.Family is { } origin && origin != signalling)
            warnings.Add($"o= names an {SipEvidence.FamilyName(origin)} host ({facts.Origin.Address.Value}) in an {family} call: harmless for media, but the SDP was built for the other family");

        var same = failures.Count == 0;
        var evidence = SipServiceModel.Add(SipAnswers.Evidence(exchange, facts), run.Service, exchange.Target, same ? SipServiceModel.SameFamily : SipServiceModel.MixedFamilies);
        var leftUp = call.MayBeLeftUp ? "; the BYE got no final response, so the server may hold the call until its own timers end it" : "";
        var answer = $"{exchange.Where}: answer in {call.Answer!.StatusCode}";
        if (failures.Count > 0)
        {
            return run.About(exchange, Outcome.Fail,
                $"{answer}: {string.Join("; ", failures)}. Calls between families need a media gateway (or the PSTN) per family, or the service offered over IPv6 only{leftUp}", evidence);
        }
        var media = string.Join(", ", facts.Connections.Select(c => c.Address.Value).Distinct());
        return warnings.Count > 0
            ? run.About(exchange, Outcome.Warn, $"{answer}: media at {media} ({family}); {string.Join("; ", warnings)}{leftUp}", evidence)
            : run.About(exchange, Outcome.Pass, $"{answer}: media at {media}, in the signalling's family ({family}){leftUp}", evidence);
    }
}
