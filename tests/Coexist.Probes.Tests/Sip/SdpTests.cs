using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Sip;
using static Coexist.Probes.Tests.Sip.SipTestMessages;

namespace Coexist.Probes.Tests.Sip;

/// <summary>Session descriptions: families in o= and c=, media-level c=, ICE candidates, ANAT, round trips.</summary>
public sealed class SdpTests
{
    [Fact]
    public void Ipv4_session_reads_origin_and_connection()
    {
        var sdp = SdpSession.Parse(Wire("""
            v=0
            o=alice 2890844526 2890844526 IN IP4 192.0.2.10
            s=-
            c=IN IP4 192.0.2.10
            t=0 0
            m=audio 49170 RTP/AVP 0
            a=rtpmap:0 PCMU/8000

            """));
        Assert.Equal("alice", sdp.Origin.UserName);
        Assert.Equal("2890844526", sdp.Origin.SessionId);
        Assert.Equal(SipHostKind.IPv4, sdp.Origin.Address.Kind);
        Assert.Equal(AddressFamily.InterNetwork, sdp.Connection!.DeclaredFamily);
        Assert.True(sdp.Connection.AddressMatchesType);
        Assert.Equal(new SdpRtpMap(0, "PCMU", 8000), Assert.Single(sdp.Media).RtpMaps.Single());
        Assert.Null(sdp.Media[0].Direction);
    }

    [Fact]
    public void Ipv6_session_reads_unbracketed_addresses()
    {
        var sdp = SdpSession.Parse(Wire("""
            v=0
            o=- 1 1 IN IP6 2001:db8::10
            s=-
            c=IN IP6 2001:db8::10
            t=0 0
            m=audio 49170 RTP/AVP 8
            a=sendonly

            """));
        Assert.Equal(AddressFamily.InterNetworkV6, sdp.Origin.Address.AddressFamily);
        Assert.True(sdp.Connection!.Address.IsUnbracketedIPv6);
        Assert.Equal(AddressFamily.InterNetworkV6, sdp.Connection.DeclaredFamily);
        Assert.Equal(SdpDirection.SendOnly, sdp.Media[0].Direction);
    }

    [Fact]
    public void Media_level_connection_overrides_the_session_connection()
    {
        // RFC 5118 §4.8: one stream on IPv4, one on IPv6, with the session's c= absent; and a third stream here
        // that falls back to a session c=.
        var sdp = SdpSession.Parse(Wire("""
            v=0
            o=bob 280744730 28977631 IN IP4 host.example.com
            s=
            c=IN IP4 198.51.100.1
            t=0 0
            m=audio 22334 RTP/AVP 0
            c=IN IP4 192.0.2.1
            m=video 6024 RTP/AVP 107
            c=IN IP6 2001:db8::1
            a=rtpmap:107 H263-1998/90000
            m=audio 22336 RTP/AVP 0

            """));
        Assert.Equal("", sdp.SessionName);
        Assert.Equal(SipHostKind.Name, sdp.Origin.Address.Kind);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), sdp.ConnectionFor(sdp.Media[0])!.Address.Address);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), sdp.ConnectionFor(sdp.Media[1])!.Address.Address);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), sdp.ConnectionFor(sdp.Media[2])!.Address.Address);
        Assert.Equal(3, sdp.Connections.Count());
        Assert.Contains(sdp.Connections, c => c.DeclaredFamily == AddressFamily.InterNetworkV6);
    }

    [Fact]
    public void A_connection_whose_address_is_not_of_its_declared_type_is_read_and_flagged()
    {
        var sdp = SdpSession.Parse(Wire("""
            v=0
            o=- 1 1 IN IP6 2001:db8::10
            s=-
            c=IN IP6 192.0.2.10
            t=0 0
            m=audio 49170 RTP/AVP 0
            c=IN IP6 [2001:db8::11]

            """));
        Assert.False(sdp.Connection!.AddressMatchesType);
        Assert.True(sdp.Media[0].Connection!.Address.Bracketed);
        Assert.True(sdp.Media[0].Connection!.AddressMatchesType);
    }

    [Fact]
    public void Ice_candidates_of_both_families_read_with_their_addresses()
    {
        var sdp = SdpSession.Parse(Wire("""
            v=0
            o=jdoe 2890844526 2890842807 IN IP6 2001:db8::5
            s=-
            c=IN IP6 2001:db8::5
            t=0 0
            a=ice-pwd:asd88fgpdd777uzjYhagZg
            a=ice-ufrag:8hhY
            m=audio 45664 RTP/AVP 0
            a=rtcp:45665 IN IP6 2001:db8::5
            a=candidate:1 1 UDP 2130706431 2001:db8::5 45664 typ host
            a=candidate:2 1 UDP 2130706175 10.0.1.1 8998 typ host
            a=candidate:3 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998 generation 0
            a=candidate:4 1 TCP 1015021823 2001:db8::5 9 typ host tcptype active
            a=candidate:5 1 UDP 2122260223 3d1a2f7e-6c2b-4b1e-9d0e-5a7b8c9d0e1f.local 51234 typ host

            """));
        var media = Assert.Single(sdp.Media);
        var candidates = media.Candidates;
        Assert.Equal(5, candidates.Count);
        Assert.Equal([AddressFamily.InterNetworkV6, AddressFamily.InterNetwork, AddressFamily.InterNetwork, AddressFamily.InterNetworkV6, null],
            candidates.Select(c => c.Address.AddressFamily));
        Assert.Equal(SipHostKind.Name, candidates[4].Address.Kind);
        var srflx = candidates[2];
        Assert.Equal("srflx", srflx.Type);
        Assert.Equal(IPAddress.Parse("10.0.1.1"), srflx.RelatedAddress!.Address);
        Assert.Equal(8998, srflx.RelatedPort);
        Assert.Equal(new KeyValuePair<string, string>("generation", "0"), Assert.Single(srflx.Extensions));
        Assert.Equal(1694498815u, srflx.Priority);
        Assert.Equal("tcptype", Assert.Single(candidates[3].Extensions).Key);
        Assert.Equal(45665, media.Rtcp!.Port);
        Assert.Equal(AddressFamily.InterNetworkV6, media.Rtcp.Address!.DeclaredFamily);
        Assert.Equal("8hhY", sdp.Attributes.Single(a => a.Name == "ice-ufrag").Value);
    }

    [Fact]
    public void Anat_groups_are_recognised()
    {
        // RFC 4091 §4: the same stream offered once over IPv4 and once over IPv6.
        var sdp = SdpSession.Parse(Wire("""
            v=0
            o=bob 280744730 28977631 IN IP4 host.example.com
            s=-
            t=0 0
            a=group:ANAT 1 2
            m=audio 25000 RTP/AVP 0
            c=IN IP6 2001:db8::1
            a=mid:1
            m=audio 22334 RTP/AVP 0
            c=IN IP4 192.0.2.1
            a=mid:2

            """));
        Assert.True(sdp.UsesAnat);
        var group = Assert.Single(sdp.Groups);
        Assert.True(group.IsAnat);
        Assert.Equal(["1", "2"], group.Identifiers);
        Assert.Equal(["1", "2"], sdp.Media.Select(m => m.Mid));

        var bundle = SdpSession.Parse(Wire("""
            v=0
            o=- 1 1 IN IP4 192.0.2.1
            s=-
            t=0 0
            a=group:BUNDLE a v
            m=audio 9 RTP/AVP 0

            """));
        Assert.False(bundle.UsesAnat);
        Assert.Equal("BUNDLE", bundle.Groups.Single().Semantics);
    }

    [Fact]
    public void Descriptions_round_trip_with_every_kind_of_line()
    {
        var text = Wire("""
            v=0
            o=jdoe 2890844526 2890842807 IN IP4 198.51.100.1
            s=SDP Seminar
            i=A Seminar on the session description protocol
            u=http://www.example.com/seminars/sdp.pdf
            e=j.doe@example.com (Jane Doe)
            c=IN IP4 233.252.0.1/127
            b=AS:128
            t=2873397496 2873404696
            r=7d 1h 0 25h
            a=recvonly
            m=audio 49170 RTP/AVP 0
            i=the audio
            b=AS:64
            a=rtpmap:0 PCMU/8000
            m=video 51372/2 RTP/AVP 99
            c=IN IP6 2001:db8::7
            a=rtpmap:99 h263-1998/90000

            """);
        var sdp = SdpSession.Parse(text);
        Assert.Equal(text, sdp.Encode());
        Assert.Equal("/127", sdp.Connection!.Suffix);
        Assert.Equal(2, sdp.Media[1].PortCount);
        Assert.Equal(['i', 'u', 'e', 'b', 'r'], sdp.OtherLines.Select(l => l.Type));
        Assert.Equal(sdp.Encode(), SdpSession.Parse(sdp.Encode()).Encode());
    }

    [Fact]
    public void Bare_line_feeds_are_accepted()
    {
        var sdp = SdpSession.Parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 9 RTP/AVP 0\n");
        Assert.Single(sdp.Media);
    }

    [Fact]
    public void Audio_offer_follows_the_given_family()
    {
        var v6 = SdpSession.AudioOffer(IPAddress.Parse("2001:db8::9"), 40000, sessionId: 42);
        Assert.Equal("IN IP6 2001:db8::9", v6.Connection!.ToString());
        Assert.Equal("coexist 42 42 IN IP6 2001:db8::9", v6.Origin.ToString());
        var v4 = SdpSession.AudioOffer(IPAddress.Parse("192.0.2.9"), 40000);
        Assert.Equal("IN IP4 192.0.2.9", v4.Connection!.ToString());
        Assert.Equal(v4.Encode(), SdpSession.Parse(v4.EncodeUtf8()).Encode());
    }

    [Theory]
    [InlineData("", SipFormatError.SdpMissingField)]
    [InlineData("o=- 1 1 IN IP4 192.0.2.1\r\nv=0\r\n", SipFormatError.SdpMissingField)]
    [InlineData("v=1\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", SipFormatError.SdpMissingField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", SipFormatError.SdpMissingField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n", SipFormatError.SdpMissingField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nthis is not sdp\r\n", SipFormatError.SdpInvalidLine)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n\r\nt=0 0\r\n", SipFormatError.SdpInvalidLine)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nX=1\r\n", SipFormatError.SdpInvalidLine)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\ns=-\r\nt=0 0\r\n", SipFormatError.SdpInvalidLine)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\nt=0 0\r\n", SipFormatError.SdpInvalidLine)]
    [InlineData("v=0\r\no=- x 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP6 2001:db8:::1\r\ns=-\r\nt=0 0\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4\r\nt=0 0\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=candidate:1 1 UDP 1 2001:db8::zz 9 typ host\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=candidate:1 1 UDP 1 192.0.2.1 9 host\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=rtcp:port\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\na=group:\r\n", SipFormatError.SdpInvalidField)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=\0\r\nt=0 0\r\n", SipFormatError.NulByte)]
    [InlineData("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=a\rb\r\nt=0 0\r\n", SipFormatError.SdpInvalidLine)]
    public void Bad_descriptions_give_typed_errors(string text, SipFormatError error) =>
        Assert.Equal(error, Assert.Throws<SipFormatException>(() => SdpSession.Parse(text)).Error);

    [Fact]
    public void An_sdp_body_that_is_not_utf8_is_a_typed_error()
    {
        byte[] body = [.. "v=0\r\ns="u8, 0xC3, 0x28, .. "\r\n"u8];
        Assert.Equal(SipFormatError.InvalidUtf8, Assert.Throws<SipFormatException>(() => SdpSession.Parse(body)).Error);
    }
}
