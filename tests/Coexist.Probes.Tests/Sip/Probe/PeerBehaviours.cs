using System.Net.Sockets;
using System.Text;
using static Coexist.Probes.Tests.Sip.Probe.PeerReplies;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>The servers the SIP probe's tests meet: well-behaved, IPv4-minded, careless with brackets, oversized, silent, hostile, and the call shapes.</summary>
internal static class PeerBehaviours
{
    /// <summary>A healthy dual-stack server: Contact, received and SDP in the family the request came in (the lab's sip-dual-stack).</summary>
    public static SipPeerBehaviour FollowsFamily(string v4, string v6, Func<string, string, string>? sdp = null) => r =>
    {
        var (type, address, uriHost) = r.Family == AddressFamily.InterNetworkV6 ? ("IP6", v6, $"[{v6}]") : ("IP4", v4, v4);
        return Answer(r, $"<sip:{uriHost}:5060{TransportParameter(r)}>", (sdp ?? ((t, a) => Sdp(t, a)))(type, address));
    };

    /// <summary>
    /// An ANAT answer (RFC 4091): two alternatives grouped, the one in the request's family accepted, the other
    /// rejected with port 0.
    /// </summary>
    public static string AnatAnswer(string type, string address, string otherType, string otherAddress) =>
        $"v=0\r\no=peer 1 1 IN {type} {address}\r\ns=peer\r\nt=0 0\r\na=group:ANAT 1 2\r\n"
        + $"m=audio 40000 RTP/AVP 0\r\nc=IN {type} {address}\r\na=mid:1\r\n"
        + $"m=audio 0 RTP/AVP 0\r\nc=IN {otherType} {otherAddress}\r\na=mid:2\r\n";

    /// <summary>A server that thinks in IPv4 whatever the request: IPv4 Contact and c=IN IP4 (the lab's sip-v4-contact, and any IPv4-only server behind NAT64).</summary>
    public static SipPeerBehaviour V4Minded(string v4, string? received = null, bool fillRPort = true) => r =>
        Answer(r, $"<sip:{v4}:5060{TransportParameter(r)}>", Sdp("IP4", v4), received: received, fillRPort: fillRPort);

    /// <summary>A dual-stack server that writes IPv6 without brackets in Contact and received, and brackets it in SDP.</summary>
    public static SipPeerBehaviour CarelessBrackets(string v4, string v6) => r =>
        r.Family == AddressFamily.InterNetworkV6
            ? Answer(r, $"<sip:{v6};transport={Transport(r)}>", Sdp("IP6", $"[{v6}]"))
            : Answer(r, $"<sip:{v4}:5060{TransportParameter(r)}>", Sdp("IP4", v4));

    /// <summary>A server whose replies carry a long Record-Route set, well over 1,300 octets.</summary>
    public static SipPeerBehaviour Oversized(string v4, string v6) => r =>
    {
        var routes = Enumerable.Range(1, 24).Select(i => $"Record-Route: <sip:proxy{i}.carrier-with-a-long-name.shop.test;lr;ftag=abcdefgh{i}>");
        var (type, address, uriHost) = r.Family == AddressFamily.InterNetworkV6 ? ("IP6", v6, $"[{v6}]") : ("IP4", v4, v4);
        return Answer(r, $"<sip:{uriHost}:5060{TransportParameter(r)}>", Sdp(type, address), routes);
    };

    public static SipPeerBehaviour Silent { get; } = _ => [];

    /// <summary>
    /// A server that answers everything with noise: binary junk, a response to another transaction, a response with
    /// NUL in a header, and over a stream a message it never finishes.
    /// </summary>
    public static SipPeerBehaviour Hostile { get; } = r =>
    {
        var junk = new PeerReply(Enumerable.Range(0, 2000).Select(i => (byte)(i * 7)).ToArray());
        var other = Response(r, 200, "OK", "<sip:198.51.100.66>");
        var wrongBranch = new PeerReply(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(other).Replace(r.Request.TopVia.Branch!, "z9hG4bKnotyours", StringComparison.Ordinal)));
        var nul = new PeerReply(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(other).Replace("Server: loopback peer", "Server: loop\0back", StringComparison.Ordinal)));
        return r.Transport == Coexist.Probes.Sip.SipTransport.Udp
            ? [junk, wrongBranch, nul]
            : [new PeerReply(Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 198.51.100.66;branch=z9hG4bK1\r\nContent-Length: 99999999\r\n\r\n"))];
    };

    /// <summary>A phone that rings: 100 and 180 to INVITE; CANCEL gets 200, and the INVITE then 487 (RFC 3261 §9.2).</summary>
    public static SipPeerBehaviour Rings(string v4) => r => r.Request.Method switch
    {
        "INVITE" => [new PeerReply(Response(r, 100, "Trying")), new PeerReply(Response(r, 180, "Ringing", $"<sip:{v4}:5060>"))],
        "CANCEL" => [new PeerReply(Response(r, 200, "OK")), new PeerReply(Response(r with { Request = InviteOf(r) }, 487, "Request Terminated"))],
        "BYE" => [new PeerReply(Response(r, 200, "OK"))],
        "OPTIONS" => [new PeerReply(Response(r, 200, "OK", $"<sip:{v4}:5060>"))],
        _ => [],
    };

    /// <summary>A phone picked up as the CANCEL travels: 180, then 200 with SDP for the INVITE and 481 for the CANCEL; BYE gets 200.</summary>
    public static SipPeerBehaviour AnswersDespiteCancel(string v4) => r => r.Request.Method switch
    {
        "INVITE" => [new PeerReply(Response(r, 180, "Ringing", $"<sip:{v4}:5060>"))],
        "CANCEL" => [new PeerReply(Response(r with { Request = InviteOf(r) }, 200, "OK", $"<sip:{v4}:5060>", Sdp("IP4", v4))), new PeerReply(Response(r, 481, "Call/Transaction Does Not Exist"))],
        "BYE" => [new PeerReply(Response(r, 200, "OK"))],
        _ => [],
    };

    /// <summary>A busy line: 486 at once; over UDP repeated every 200 ms until the ACK comes (RFC 3261 §17.2.1).</summary>
    public static SipPeerBehaviour Busy { get; } = r => r.Request.Method == "INVITE"
        ? Enumerable.Range(0, 5).Select(i => new PeerReply(Response(r, 486, "Busy Here"), TimeSpan.FromMilliseconds(200 * i), () => i > 0 && r.Peer.HasReceived("ACK", r.Request.CallId)))
        : [];

    /// <summary>An answer at once whose 200 is retransmitted (T1, 2T1 ...) until the ACK arrives, as a UAS does over UDP (RFC 3261 §13.3.1.4).</summary>
    public static SipPeerBehaviour AnswersAndRepeatsUntilAck(string v4) => r => r.Request.Method switch
    {
        "INVITE" => new[] { 0, 500, 1500 }.Select((ms, i) => new PeerReply(Response(r, 200, "OK", $"<sip:{v4}:5060>", Sdp("IP4", v4)), TimeSpan.FromMilliseconds(ms),
            () => i > 0 && r.Peer.HasReceived("ACK", r.Request.CallId))),
        "BYE" => [new PeerReply(Response(r, 200, "OK"))],
        _ => [],
    };

    /// <summary>Refuses every offer: 488 Not Acceptable Here.</summary>
    public static SipPeerBehaviour RefusesOffers(string v4) => r => r.Request.Method switch
    {
        "INVITE" => [new PeerReply(Response(r, 488, "Not Acceptable Here"))],
        "OPTIONS" => [new PeerReply(Response(r, 200, "OK", $"<sip:{v4}:5060>"))],
        _ => [],
    };

    private static IEnumerable<PeerReply> Answer(SipPeerRequest r, string contact, string sdp, IEnumerable<string>? extra = null, string? received = null, bool fillRPort = true) =>
        r.Request.Method switch
        {
            "OPTIONS" => [new PeerReply(Response(r, 200, "OK", contact, extra: extra, received: received, fillRPort: fillRPort))],
            "INVITE" => [new PeerReply(Response(r, 200, "OK", contact, sdp, extra, received: received, fillRPort: fillRPort))],
            "BYE" or "CANCEL" => [new PeerReply(Response(r, 200, "OK", received: received, fillRPort: fillRPort))],
            _ => [],
        };

    /// <summary>The INVITE a CANCEL belongs to, as the peer logged it.</summary>
    private static Coexist.Probes.Sip.SipRequest InviteOf(SipPeerRequest cancel) =>
        cancel.Peer.Received.Last(x => x.Request.Method == "INVITE" && x.Request.CallId == cancel.Request.CallId).Request;

    private static string Transport(SipPeerRequest r) => r.Transport.ToString().ToLowerInvariant();

    private static string TransportParameter(SipPeerRequest r) => r.Transport == Coexist.Probes.Sip.SipTransport.Udp ? "" : $";transport={Transport(r)}";
}
