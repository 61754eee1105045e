using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Sip.Checks;

/// <summary>
/// COEX6007: the answer does not group its streams with ANAT (<c>a=group:ANAT</c>, RFC 4091), which offered an
/// IPv4 and an IPv6 alternative as separate m= lines and was deprecated in favour of ICE (RFC 5245 Appendix B.2,
/// carried on by RFC 8445). Peers that do not know ANAT see two streams, or reject the session.
/// </summary>
public sealed class SdpNoAnat : SipCheck
{
    public override SipRule Rule => SipRules.Anat;

    public override bool NeedsCall => true;

    public override async Task<CheckReport> RunAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var (calls, nothing) = await SipAnswers.GatherAsync(run, cancellationToken).ConfigureAwait(false);
        if (nothing is not null) return nothing;
        return CheckReport.Of(calls.Calls.Select(call =>
        {
            if (SipAnswers.Unjudged(run, call, owner: false) is { } unjudged) return unjudged;
            var sdp = call.Call!.AnswerSdp!;
            var evidence = SipAnswers.Evidence(call, SdpFamilies.Of(sdp));
            var anat = sdp.Groups.Where(g => g.IsAnat).Select(g => g.ToString()).ToList();
            return anat.Count > 0
                ? run.About(call, Outcome.Warn, $"{call.Where}: the answer groups streams with ANAT (a=group:{string.Join(", a=group:", anat)}), deprecated since ICE: offer both families as ICE candidates instead", evidence)
                : run.About(call, Outcome.Pass, $"{call.Where}: no ANAT grouping in the answer", evidence);
        }));
    }
}
