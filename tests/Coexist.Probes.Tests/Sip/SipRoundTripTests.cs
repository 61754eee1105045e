using System.Net;
using System.Text;
using Coexist.Probes.Sip;

namespace Coexist.Probes.Tests.Sip;

/// <summary>Build, encode, parse: the requests the probe sends, over both families and both transports.</summary>
public sealed class SipRoundTripTests
{
    public static TheoryData<string, SipTransport> Paths => new()
    {
        { "192.0.2.10", SipTransport.Udp },
        { "192.0.2.10", SipTransport.Tcp },
        { "2001:db8::10", SipTransport.Udp },
        { "2001:db8::10", SipTransport.Tcp },
    };

    private static SipRequestParameters Parameters(string local, SipTransport transport)
    {
        var localAddress = IPAddress.Parse(local);
        var server = localAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "2001:db8::5060" : "198.51.100.60";
        return new SipRequestParameters
        {
            Transport = transport,
            Local = new IPEndPoint(localAddress, 40000),
            Target = SipUri.ForEndPoint(new IPEndPoint(IPAddress.Parse(server), 5060), transport),
            CallId = "a84b4c76e66710",
            FromTag = "1928301774",
            Branch = "z9hG4bK776asdhds",
            CSeq = 314159,
        };
    }

    private static SipRequest RoundTrip(SipRequest request)
    {
        var wire = request.Encode();
        Assert.Equal(wire.Length, request.EncodedLength);
        var again = Assert.IsType<SipRequest>(SipMessage.ParseDatagram(wire));
        Assert.Equal(wire, again.Encode());
        return again;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Options_round_trips(string local, SipTransport transport)
    {
        var p = Parameters(local, transport);
        var options = RoundTrip(SipRequests.Options(p));

        Assert.Equal("OPTIONS", options.Method);
        Assert.Equal(p.Target, options.RequestUri);
        var via = Assert.Single(options.Vias);
        Assert.Equal(transport.WireName(), via.Transport);
        Assert.Equal(IPAddress.Parse(local), via.Host.Address);
        Assert.Equal(via.Host.IsIPv6, via.Host.Bracketed);
        Assert.Equal(40000, via.Port);
        Assert.Equal("z9hG4bK776asdhds", via.Branch);
        Assert.True(via.HasRPort);
        Assert.Null(via.RPort);
        Assert.Equal(70, options.MaxForwards);
        Assert.Equal("1928301774", options.From.Tag);
        Assert.Null(options.To.Tag);
        Assert.Equal(p.Target, options.To.Uri);
        Assert.Equal("a84b4c76e66710", options.CallId);
        Assert.Equal(new SipCSeq(314159, "OPTIONS"), options.CSeq);
        var contact = Assert.Single(options.Contacts).Uri;
        Assert.Equal(IPAddress.Parse(local), contact.Host!.Address);
        Assert.Equal(40000, contact.Port);
        Assert.Equal(transport == SipTransport.Tcp ? "tcp" : null, contact.Transport);
        Assert.Equal("application/sdp", options.Header("Accept"));
        Assert.Equal("0", options.Header("Content-Length"));
        Assert.True(options.Body.IsEmpty);
        Assert.InRange(options.EncodedLength, 300, SipLimits.MaxUdpRequestBytes);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Options_brackets_ipv6_on_the_wire(string local, SipTransport transport)
    {
        var text = Encoding.UTF8.GetString(SipRequests.Options(Parameters(local, transport)).Encode());
        var bracketed = $"[{local}]";
        if (local.Contains(':'))
        {
            Assert.Contains($"SIP/2.0/{transport.WireName()} {bracketed}:40000;branch=z9hG4bK776asdhds;rport\r\n", text, StringComparison.Ordinal);
            Assert.Contains($"OPTIONS sip:[2001:db8::5060]:5060", text, StringComparison.Ordinal);
            Assert.Contains($"<sip:coexist@{bracketed}:40000", text, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("[", text, StringComparison.Ordinal);
            Assert.Contains($"SIP/2.0/{transport.WireName()} {local}:40000;branch=", text, StringComparison.Ordinal);
        }
        Assert.EndsWith("Content-Length: 0\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Invite_round_trips_with_an_offer_in_the_signalling_family(string local, SipTransport transport)
    {
        var p = Parameters(local, transport);
        var invite = RoundTrip(SipRequests.Invite(p));

        Assert.Equal("INVITE", invite.Method);
        Assert.Equal(new SipCSeq(314159, "INVITE"), invite.CSeq);
        Assert.True(invite.HasSdpBody);
        Assert.Equal(invite.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), invite.Header("Content-Length"));
        var sdp = invite.ReadSdp()!;
        var family = IPAddress.Parse(local).AddressFamily;
        Assert.Equal(family, sdp.Connection!.DeclaredFamily);
        Assert.Equal(IPAddress.Parse(local), sdp.Connection.Address.Address);
        Assert.False(sdp.Connection.Address.Bracketed);
        Assert.Equal(family, sdp.Origin.Address.AddressFamily);
        var audio = Assert.Single(sdp.Media);
        Assert.Equal(SipRequests.OfferMediaPort, audio.Port);
        Assert.Equal(["PCMU", "PCMA"], audio.RtpMaps.Select(r => r.Encoding));
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.False(sdp.UsesAnat);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Cancel_matches_its_invite(string local, SipTransport transport)
    {
        var invite = SipRequests.Invite(Parameters(local, transport));
        var cancel = RoundTrip(SipRequests.Cancel(invite));

        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal(invite.RequestUri, cancel.RequestUri);
        Assert.Equal(invite.CallId, cancel.CallId);
        Assert.Equal(invite.From, cancel.From);
        Assert.Equal(invite.To, cancel.To);
        Assert.Equal(new SipCSeq(invite.CSeq.Number, "CANCEL"), cancel.CSeq);
        var via = Assert.Single(cancel.Vias);
        Assert.Equal(invite.TopVia, via);
        Assert.Equal(invite.TopVia.Branch, via.Branch);
        Assert.Equal(70, cancel.MaxForwards);
        Assert.True(cancel.Body.IsEmpty);
        Assert.Null(cancel.ContentType);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Ack_for_a_failure_takes_the_to_tag_of_the_response(string local, SipTransport transport)
    {
        var invite = SipRequests.Invite(Parameters(local, transport));
        var terminated = SipResponse.For(invite, 487, "Request Terminated", toTag: "srv1");
        var ack = RoundTrip(SipRequests.AckForFailure(invite, terminated));

        Assert.Equal("ACK", ack.Method);
        Assert.Equal(invite.RequestUri, ack.RequestUri);
        Assert.Equal("srv1", ack.To.Tag);
        Assert.Equal(new SipCSeq(invite.CSeq.Number, "ACK"), ack.CSeq);
        Assert.Equal(invite.TopVia.Branch, ack.TopVia.Branch);
        Assert.Throws<ArgumentException>(() => SipRequests.AckForFailure(invite, SipResponse.For(invite, 200, "OK", "srv1")));
    }

    [Fact]
    public void Cancel_copies_the_route_set()
    {
        var p = Parameters("2001:db8::10", SipTransport.Udp);
        var invite = SipRequests.Invite(p);
        var routed = new SipRequest("INVITE", invite.RequestUri, [.. invite.Headers, new SipHeader("Route", "<sip:[2001:db8::1];lr>, <sip:proxy.example.com;lr>")], invite.Body);
        var cancel = SipRequests.Cancel(routed);
        Assert.Equal(["2001:db8::1", "proxy.example.com"], cancel.Routes.Select(r => r.Uri.Host!.Value));
        Assert.Throws<ArgumentException>(() => SipRequests.Cancel(SipRequests.Options(p)));
    }

    [Fact]
    public void A_response_built_for_a_request_round_trips_and_keeps_every_via()
    {
        var invite = SipRequests.Invite(Parameters("192.0.2.10", SipTransport.Udp));
        var proxied = new SipRequest("INVITE", invite.RequestUri,
            [new SipHeader("v", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKproxy1"), .. invite.Headers], invite.Body);
        var ringing = SipResponse.For(proxied, 180, "Ringing", "callee7");
        var again = Assert.IsType<SipResponse>(SipMessage.ParseDatagram(ringing.Encode()));

        Assert.Equal(180, again.StatusCode);
        Assert.True(again.IsProvisional);
        Assert.Equal(["proxy.example.com", "192.0.2.10"], again.Vias.Select(v => v.Host.Value));
        Assert.Equal("callee7", again.To.Tag);
        Assert.Equal(invite.From.Tag, again.From.Tag);
        Assert.Equal(invite.CSeq, again.CSeq);
    }

    [Fact]
    public void A_dual_mode_socket_address_goes_on_the_wire_as_ipv4()
    {
        var p = Parameters("192.0.2.10", SipTransport.Udp) with { Local = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.10"), 40000) };
        var invite = SipRequests.Invite(p);
        Assert.Equal(SipHostKind.IPv4, invite.TopVia.Host.Kind);
        Assert.Equal(SipHostKind.IPv4, invite.Contacts[0].Uri.Host!.Kind);
        Assert.Equal("IN IP4 192.0.2.10", invite.ReadSdp()!.Connection!.ToString());
    }

    [Fact]
    public void Fresh_identifiers_are_unique_and_the_branch_has_the_magic_cookie()
    {
        var local = new IPEndPoint(IPAddress.Loopback, 5070);
        var target = SipUri.ForEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));
        var a = SipRequests.Options(new SipRequestParameters { Transport = SipTransport.Udp, Local = local, Target = target });
        var b = SipRequests.Options(new SipRequestParameters { Transport = SipTransport.Udp, Local = local, Target = target });
        Assert.True(a.TopVia.HasMagicCookie);
        Assert.NotEqual(a.TopVia.Branch, b.TopVia.Branch);
        Assert.NotEqual(a.CallId, b.CallId);
        Assert.NotEqual(a.From.Tag, b.From.Tag);
    }

    [Fact]
    public void Encoding_sets_content_length_to_the_body_and_writes_long_names()
    {
        var message = SipTestMessages.Parse("""
            OPTIONS sip:example.com SIP/2.0
            v: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx
            f: <sip:a@example.com>;tag=1
            t: <sip:b@example.com>
            i: abc
            CSeq: 1 OPTIONS
            Max-Forwards: 70

            body without a length
            """);
        var text = Encoding.UTF8.GetString(message.Encode());
        Assert.Contains("\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nCall-ID: abc\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"\r\nContent-Length: {message.Body.Length}\r\n\r\nbody without a length", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_invite_over_udp_exceeds_the_rfc_3261_size_limit()
    {
        var p = Parameters("2001:db8::10", SipTransport.Udp);
        var offer = SdpSession.AudioOffer(p.Local.Address, 49170) with
        {
            Attributes = [.. Enumerable.Range(0, 40).Select(i => new SdpAttribute("x-padding", new string('p', 30) + i))],
        };
        var invite = SipRequests.Invite(p, offer);
        Assert.True(invite.EncodedLength > SipLimits.MaxUdpRequestBytes, $"{invite.EncodedLength} octets");
        Assert.True(SipRequests.Invite(p).EncodedLength <= SipLimits.MaxUdpRequestBytes);
    }

    [Fact]
    public void Built_headers_with_line_breaks_are_refused()
    {
        var p = Parameters("192.0.2.10", SipTransport.Udp);
        var options = SipRequests.Options(p);
        var e = Assert.Throws<SipFormatException>(() => new SipRequest("OPTIONS", p.Target, [.. options.Headers, new SipHeader("Subject", "x\r\nVia: SIP/2.0/UDP evil")]));
        Assert.Equal(SipFormatError.ControlCharacter, e.Error);
        Assert.Equal(-1, e.Position);
        Assert.Equal(SipFormatError.InvalidMethod, Assert.Throws<SipFormatException>(() => new SipRequest("OPT IONS", p.Target, options.Headers)).Error);
        Assert.Equal(SipFormatError.InvalidHeaderName, Assert.Throws<SipFormatException>(() => new SipRequest("OPTIONS", p.Target, [.. options.Headers, new SipHeader("Bad Name", "x")])).Error);
    }
}
