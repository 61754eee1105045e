using System.Net;
using System.Security.Cryptography;

namespace Coexist.Probes.Sip.Probe;

/// <summary>
/// The SDP offer of the probe's INVITE: one audio stream (PCMU, PCMA) whose c= and o= carry the probe's own
/// address on the flow, so media is offered in the signalling family, plus ICE attributes and a host candidate
/// (RFC 8839 §5), so that an ICE-capable answerer shows its candidates and the check can see their families.
/// Nothing ever listens on the offered port: the call is cancelled or hung up before media could flow.
/// </summary>
public static class SipOffer
{
    /// <summary>RFC 8445 §5.1.2.1: host candidate type preference 126, local preference 65535, component 1.</summary>
    public const uint HostCandidatePriority = (126u << 24) | (65535u << 8) | (256u - 1u);

    public static SdpSession For(IPAddress local)
    {
        ArgumentNullException.ThrowIfNull(local);
        var offer = SdpSession.AudioOffer(local, SipRequests.OfferMediaPort);
        var host = SipHost.FromAddress(local, bracketIPv6: false);
        var candidate = new SdpIceCandidate("1", 1, "UDP", HostCandidatePriority, host, SipRequests.OfferMediaPort, "host");
        var audio = offer.Media[0];
        return offer with
        {
            Media =
            [
                audio with
                {
                    Attributes =
                    [
                        .. audio.Attributes,
                        // RFC 8839 §5.4: ufrag of at least 4 and pwd of at least 22 ice-chars; base64 of random octets is that.
                        new SdpAttribute("ice-ufrag", IceChars(6)),
                        new SdpAttribute("ice-pwd", IceChars(18)),
                        new SdpAttribute("candidate", candidate.ToString()),
                    ],
                },
            ],
        };
    }

    // ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4): base64 without padding.
    private static string IceChars(int octets) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(octets)).TrimEnd('=');
}
