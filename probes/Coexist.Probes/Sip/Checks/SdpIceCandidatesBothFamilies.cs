using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Sip.Checks;

/// <summary>
/// COEX6006: when the answer uses ICE (RFC 8839), its candidates cover both families (RFC 8445 §5.1.1.1 gathers
/// host candidates on every interface and family), so that an IPv4 and an IPv6 endpoint still find a pair. The
/// probe's offer carries ICE attributes, so an ICE answerer shows its candidates; an answer without any is skipped.
/// </summary>
public sealed class SdpIceCandidatesBothFamilies : SipCheck
{
    public override SipRule Rule => SipRules.Ice;

    public override bool NeedsCall => true;

    public override async Task<CheckReport> RunAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var (calls, nothing) = await SipAnswers.GatherAsync(run, cancellationToken).ConfigureAwait(false);
        if (nothing is not null) return nothing;
        return CheckReport.Of(calls.Calls.Select(call =>
        {
            if (SipAnswers.Unjudged(run, call, owner: false) is { } unjudged) return unjudged;
            var facts = SdpFamilies.Of(call.Call!.AnswerSdp!);
            var evidence = SipAnswers.Evidence(call, facts);
            var counts = string.Join(", ", facts.Candidates.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} {p.Key}"));
            var families = facts.Candidates.Keys.Where(k => k != "name").ToList();
            return facts.Candidates.Count == 0
                ? run.About(call, Outcome.Skipped, $"{call.Where}: the answer has no ICE candidates (the answerer does not use ICE)", evidence)
                : families.Count < 2
                    ? run.About(call, Outcome.Warn, $"{call.Where}: the answer's ICE candidates are all {(families.Count == 0 ? "names" : families[0])} ({counts}): an endpoint of the other family finds no pair", evidence)
                    : run.About(call, Outcome.Pass, $"{call.Where}: ICE candidates for both families ({counts})", evidence);
        }));
    }
}
