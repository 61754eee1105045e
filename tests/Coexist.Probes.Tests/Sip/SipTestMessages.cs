using System.Text;
using Coexist.Probes.Sip;

namespace Coexist.Probes.Tests.Sip;

/// <summary>
/// Messages retyped from the RFCs (facts, not code), and helpers. Raw string literals hold LF line ends;
/// <see cref="Wire"/> turns them into the CRLFs of the wire.
/// </summary>
internal static class SipTestMessages
{
    public static string Wire(string text) => text.ReplaceLineEndings("\n").Replace("\n", "\r\n", StringComparison.Ordinal);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(Wire(text));

    public static SipMessage Parse(string text) => SipMessage.ParseDatagram(Bytes(text));

    public static SipRequest ParseRequest(string text) => Assert.IsType<SipRequest>(Parse(text));

    public static SipResponse ParseResponse(string text) => Assert.IsType<SipResponse>(Parse(text));

    /// <summary>A header section followed by <paramref name="body"/>, with Content-Length computed from the body.</summary>
    public static string WithBody(string head, string body)
    {
        var wireBody = Wire(body);
        return head.TrimEnd('\n') + $"\nContent-Length: {Encoding.UTF8.GetByteCount(wireBody)}\n\n" + body;
    }

    // RFC 3261 §24.1, F1 REGISTER Bob -> Registrar.
    public const string Rfc3261Register = """
        REGISTER sip:registrar.biloxi.com SIP/2.0
        Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7
        Max-Forwards: 70
        To: Bob <sip:bob@biloxi.com>
        From: Bob <sip:bob@biloxi.com>;tag=456248
        Call-ID: 843817637684230@998sdasdh09
        CSeq: 1826 REGISTER
        Contact: <sip:bob@192.0.2.4>
        Expires: 7200
        Content-Length: 0


        """;

    // RFC 3261 §24.1, F2 200 OK Registrar -> Bob: the Via is folded onto a second line.
    public const string Rfc3261RegisterOk = """
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7
         ;received=192.0.2.4
        To: Bob <sip:bob@biloxi.com>;tag=2493k59kd
        From: Bob <sip:bob@biloxi.com>;tag=456248
        Call-ID: 843817637684230@998sdasdh09
        CSeq: 1826 REGISTER
        Contact: <sip:bob@192.0.2.4>
        Expires: 7200
        Content-Length: 0


        """;

    // RFC 3261 §24.2, F1 INVITE Alice -> atlanta.com proxy. The RFC does not show the 142 octets of SDP.
    public const string Rfc3261Invite = """
        INVITE sip:bob@biloxi.com SIP/2.0
        Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8
        Max-Forwards: 70
        To: Bob <sip:bob@biloxi.com>
        From: Alice <sip:alice@atlanta.com>;tag=1928301774
        Call-ID: a84b4c76e66710
        CSeq: 314159 INVITE
        Contact: <sip:alice@pc33.atlanta.com>
        Content-Type: application/sdp
        Content-Length: 142


        """;

    // RFC 3261 §24.2, F9 200 OK biloxi.com proxy -> atlanta.com proxy (three folded Vias, a Record-Route list).
    // The RFC does not show the 131 octets of SDP.
    public const string Rfc3261InviteOk = """
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP server10.biloxi.com;branch=z9hG4bK4b43c2ff8.1
         ;received=192.0.2.3
        Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1
         ;received=192.0.2.2
        Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8
         ;received=192.0.2.1
        Record-Route: <sip:server10.biloxi.com;lr>, <sip:bigbox3.site3.atlanta.com;lr>
        To: Bob <sip:bob@biloxi.com>;tag=a6c85cf
        From: Alice <sip:alice@atlanta.com>;tag=1928301774
        Call-ID: a84b4c76e66710
        CSeq: 314159 INVITE
        Contact: <sip:bob@192.0.2.4>
        Content-Type: application/sdp
        Content-Length: 131


        """;

    // RFC 3261 §24.2, F13 BYE Bob -> Alice.
    public const string Rfc3261Bye = """
        BYE sip:alice@pc33.atlanta.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10
        Max-Forwards: 70
        From: Bob <sip:bob@biloxi.com>;tag=a6c85cf
        To: Alice <sip:alice@atlanta.com>;tag=1928301774
        Call-ID: a84b4c76e66710
        CSeq: 231 BYE
        Content-Length: 0


        """;

    // RFC 4475 §3.1.1.1, "A Short Tortuous INVITE" (wsinv): folding, compact forms, odd spacing, three Vias.
    public const string Rfc4475ShortTortuousInvite = """
        INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
        TO :
         sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
        from   : "J Rosenberg \\\""       <sip:jdrosen@example.com>
          ;
          tag = 98asjd8
        MaX-fOrWaRdS: 0068
        Call-ID: wsinv.ndaksdj@192.0.2.1
        Content-Length   : 150
        cseq: 0009
          INVITE
        Via  : SIP  /   2.0
         /UDP
            192.0.2.2;branch=390skdjuw
        s :
        NewFangledHeader:   newfangled value
         continued newfangled value
        UnknownHeaderWithUnusualValue: ;;,,;;,;
        Content-Type: application/sdp
        Route:
         <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
        v:  SIP  / 2.0  / TCP     spindle.example.com   ;
          branch  =   z9hG4bK9ikj8  ,
         SIP  /    2.0   / UDP  192.168.255.111   ; branch=
         z9hG4bK30239
        m:"Quoted string \"\"" <sip:jdrosen@example.com> ; newparam =
              newvalue ;
          secondparam ; q = 0.33

        v=0
        o=mhandley 29739 7272939 IN IP4 192.0.2.3
        s=-
        c=IN IP4 192.0.2.4
        t=0 0
        m=audio 49217 RTP/AVP 0 12
        m=video 3227 RTP/AVP 31
        a=rtpmap:31 LPC

        """;

    // RFC 5118 §4.5, first message: received with brackets.
    public const string Rfc5118ReceivedBracketed = """
        BYE sip:[2001:db8::10] SIP/2.0
        To: sip:user@example.com;tag=bd76ya
        From: sip:user@example.com;tag=81x2
        Via: SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111
        Call-ID: SSG9559905523997077@hlau_4100
        Max-Forwards: 70
        CSeq: 321 BYE
        Content-Length: 0


        """;

    // RFC 5118 §4.5, second message: received without brackets, as RFC 3261's grammar has it.
    public const string Rfc5118ReceivedBare = """
        OPTIONS sip:[2001:db8::10] SIP/2.0
        To: sip:user@example.com
        From: sip:user@example.com;tag=81x2
        Via: SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3
        Call-ID: SSG95523997077@hlau_4100
        Max-Forwards: 70
        Contact: "Caller" <sip:caller@[2001:db8::9:1]>
        CSeq: 921 OPTIONS
        Content-Length: 0


        """;

    /// <summary>
    /// A kamailio reply to an OPTIONS sent over IPv6 UDP, in the shape the lab saw (LAB-NOTES.md): the
    /// received parameter carries the address without brackets, rport filled in, a To tag added.
    /// </summary>
    public const string KamailioOptionsOk = """
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP [::1]:40123;branch=z9hG4bK8d5e0c1f2a3b4c5d;rport=40123;received=::1
        From: <sip:coexist@[::1]>;tag=5f2d0a9c1b3e4d67
        To: <sip:[::1]:5060>;tag=a6a1c5f60faecf035a1ae5b6e96e979a-7d2c
        Call-ID: 3f9a1c7e2b6d4a08b1c5e7f9a2d4c6e8
        CSeq: 1 OPTIONS
        Server: kamailio (5.6.3 (x86_64/linux))
        Content-Length: 0


        """;
}
