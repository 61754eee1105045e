using System.Net;

namespace Coexist.Probes.Sip;

/// <summary>
/// The requests a SIP probe sends: OPTIONS (is anyone there, over this family and transport?), INVITE with an
/// SDP offer (does the call path take this family?), CANCEL for that INVITE, and the ACK a non-2xx final
/// response needs. No transactions, no dialogs: the probe matches replies by Via branch, Call-ID and CSeq.
/// </summary>
public static class SipRequests
{
    /// <summary>A port for the offer's m= line. The probe never answers media; RFC 3551's dynamic range starts here.</summary>
    public const int OfferMediaPort = 49170;

    private const string AllowedMethods = "INVITE, ACK, CANCEL, BYE, OPTIONS";

    /// <summary>OPTIONS (RFC 3261 §11.1) with Accept: application/sdp and an empty body.</summary>
    public static SipRequest Options(SipRequestParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var headers = CommonHeaders(parameters, "OPTIONS");
        headers.Add(new SipHeader(SipHeaderNames.Accept, "application/sdp"));
        headers.Add(new SipHeader(SipHeaderNames.ContentLength, "0"));
        return new SipRequest("OPTIONS", parameters.Target, headers);
    }

    /// <summary>
    /// INVITE (RFC 3261 §13.2.1) carrying <paramref name="offer"/>; without one, an audio offer whose c= is the
    /// local address, so media is offered in the signalling's family.
    /// </summary>
    public static SipRequest Invite(SipRequestParameters parameters, SdpSession? offer = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var body = (offer ?? SdpSession.AudioOffer(LocalAddress(parameters), OfferMediaPort)).EncodeUtf8();
        var headers = CommonHeaders(parameters, "INVITE");
        headers.Add(new SipHeader(SipHeaderNames.Allow, AllowedMethods));
        headers.Add(new SipHeader(SipHeaderNames.ContentType, "application/sdp"));
        headers.Add(new SipHeader(SipHeaderNames.ContentLength, SipText.Invariant(body.Length)));
        return new SipRequest("INVITE", parameters.Target, headers, body);
    }

    /// <summary>
    /// CANCEL for <paramref name="invite"/> (RFC 3261 §9.1): the same Request-URI, Call-ID, From, To and CSeq
    /// number, CSeq method CANCEL, one Via equal to the INVITE's top Via (same branch), its Route set, no body.
    /// </summary>
    public static SipRequest Cancel(SipRequest invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        return new SipRequest("CANCEL", invite.RequestUri, SameTransaction(invite, "CANCEL", invite.To));
    }

    /// <summary>
    /// ACK for a non-2xx final response to <paramref name="invite"/> (RFC 3261 §17.1.1.3): like CANCEL, but the
    /// To is the response's, with its tag. Without it a UDP server repeats the response until Timer H.
    /// </summary>
    public static SipRequest AckForFailure(SipRequest invite, SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode < 300) throw new ArgumentException($"an ACK for {response.StatusCode} belongs to the dialog, not the transaction", nameof(response));
        return new SipRequest("ACK", invite.RequestUri, SameTransaction(invite, "ACK", response.To));
    }

    /// <summary>
    /// ACK for a 2xx response to <paramref name="invite"/> (RFC 3261 §13.2.2.4): a request of the dialog the 2xx
    /// made, so its own transaction (a new branch), the 2xx's To with its tag, the INVITE's CSeq number, the
    /// remote target (the 2xx's Contact) as Request-URI and the route set (the 2xx's Record-Route, reversed).
    /// </summary>
    public static SipRequest AckForSuccess(SipRequest invite, SipResponse success, string? branch = null) =>
        InDialog(invite, success, "ACK", invite.CSeq.Number, branch);

    /// <summary>
    /// BYE for the dialog a 2xx to <paramref name="invite"/> made (RFC 3261 §15.1.1): like the ACK, with the
    /// next CSeq number, so that a call answered despite the probe's CANCEL does not stay up.
    /// </summary>
    public static SipRequest Bye(SipRequest invite, SipResponse success, string? branch = null) =>
        InDialog(invite, success, "BYE", invite.CSeq.Number + 1, branch);

    /// <summary>
    /// A request inside the dialog a 2xx set up (RFC 3261 §12.2.1.1). Loose routing is assumed (RFC 3261 §16.12):
    /// the Request-URI is the remote target and every Record-Route entry becomes a Route, in reverse order. A 2xx
    /// without Contact leaves the INVITE's Request-URI as the only target there is.
    /// </summary>
    private static SipRequest InDialog(SipRequest invite, SipResponse success, string method, uint cseq, string? branch)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(success);
        if (invite.Method != "INVITE") throw new ArgumentException($"{method} goes with an INVITE, not {invite.Method}", nameof(invite));
        if (!success.IsSuccess) throw new ArgumentException($"{method} belongs to a dialog, which only a 2xx makes, not {success.StatusCode}", nameof(success));
        var top = invite.TopVia;
        var via = top with { Parameters = top.Parameters.With("branch", branch ?? SipIds.NewBranch()) };
        var headers = new List<SipHeader>
        {
            new(SipHeaderNames.Via, via.ToString()),
            new(SipHeaderNames.MaxForwards, SipText.Invariant(SipLimits.InitialMaxForwards)),
            new(SipHeaderNames.From, invite.From.ToString()),
            new(SipHeaderNames.To, success.To.ToString()),
            new(SipHeaderNames.CallId, invite.CallId),
            new(SipHeaderNames.CSeq, new SipCSeq(cseq, method).ToString()),
        };
        headers.AddRange(success.RecordRoutes.Reverse().Select(route => new SipHeader(SipHeaderNames.Route, route.ToString())));
        headers.Add(new SipHeader(SipHeaderNames.ContentLength, "0"));
        var target = success.Contacts.Count > 0 ? success.Contacts[0].Uri : invite.RequestUri;
        return new SipRequest(method, target, headers);
    }

    /// <summary>
    /// Via with the probe's address, the branch and rport (RFC 3581, so a server behind NAT or a translator answers
    /// where the request came from), then Max-Forwards, From with a tag, To, Call-ID, CSeq, Contact, User-Agent.
    /// </summary>
    private static List<SipHeader> CommonHeaders(SipRequestParameters p, string method)
    {
        var local = SipHost.FromAddress(LocalAddress(p));
        var via = new SipVia(p.Transport.WireName(), local, p.Local.Port,
            new SipParameters([new SipParameter("branch", p.Branch), new SipParameter("rport", null)]));
        var from = new SipNameAddress(null, new SipUri { Scheme = p.Target.Scheme == "sips" ? "sips" : "sip", UserInfo = p.FromUser, Host = local }, SipParameters.Empty)
            .WithTag(p.FromTag);
        var contact = SipUri.ForHost(local, p.Local.Port, p.FromUser, p.Transport);
        return
        [
            new SipHeader(SipHeaderNames.Via, via.ToString()),
            new SipHeader(SipHeaderNames.MaxForwards, SipText.Invariant(SipLimits.InitialMaxForwards)),
            new SipHeader(SipHeaderNames.From, from.ToString()),
            new SipHeader(SipHeaderNames.To, new SipNameAddress(p.Target).ToString()),
            new SipHeader(SipHeaderNames.CallId, p.CallId),
            new SipHeader(SipHeaderNames.CSeq, new SipCSeq(p.CSeq, method).ToString()),
            new SipHeader(SipHeaderNames.Contact, new SipNameAddress(contact).ToString()),
            new SipHeader(SipHeaderNames.UserAgent, p.UserAgent),
        ];
    }

    // A dual-mode socket reports its IPv4 side as ::ffff:a.b.c.d; on the wire the probe is an IPv4 host.
    private static IPAddress LocalAddress(SipRequestParameters p) =>
        p.Local.Address.IsIPv4MappedToIPv6 ? p.Local.Address.MapToIPv4() : p.Local.Address;

    private static List<SipHeader> SameTransaction(SipRequest invite, string method, SipNameAddress to)
    {
        if (invite.Method != "INVITE") throw new ArgumentException($"{method} goes with an INVITE, not {invite.Method}", nameof(invite));
        var headers = new List<SipHeader>
        {
            new(SipHeaderNames.Via, invite.TopVia.ToString()),
            new(SipHeaderNames.MaxForwards, SipText.Invariant(SipLimits.InitialMaxForwards)),
            new(SipHeaderNames.From, invite.From.ToString()),
            new(SipHeaderNames.To, to.ToString()),
            new(SipHeaderNames.CallId, invite.CallId),
            new(SipHeaderNames.CSeq, new SipCSeq(invite.CSeq.Number, method).ToString()),
        };
        headers.AddRange(invite.Routes.Select(route => new SipHeader(SipHeaderNames.Route, route.ToString())));
        headers.Add(new SipHeader(SipHeaderNames.ContentLength, "0"));
        return headers;
    }
}
