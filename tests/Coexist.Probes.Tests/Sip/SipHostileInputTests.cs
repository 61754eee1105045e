using System.Text;
using Coexist.Probes.Sip;
using static Coexist.Probes.Tests.Sip.SipTestMessages;

namespace Coexist.Probes.Tests.Sip;

/// <summary>Each way a message can be broken gives its own <see cref="SipFormatError"/> and a position inside the input.</summary>
public sealed class SipHostileInputTests
{
    private const string Valid = """
        OPTIONS sip:bob@example.com SIP/2.0
        Via: SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bKhostile;rport
        Max-Forwards: 70
        From: "Alice" <sip:alice@example.com>;tag=1234
        To: <sip:bob@example.com>
        Call-ID: hostile-1@example.com
        CSeq: 1 OPTIONS
        Content-Length: 0


        """;

    private static SipFormatException Fails(byte[] wire, SipFormatError expected, SipReadLimits? limits = null)
    {
        var e = Assert.Throws<SipFormatException>(() => SipMessage.ParseDatagram(wire, limits));
        Assert.Equal(expected, e.Error);
        Assert.InRange(e.Position, 0, wire.Length);
        return e;
    }

    private static SipFormatException Fails(string text, SipFormatError expected) => Fails(Bytes(text), expected);

    // The valid message with one line replaced (or removed, with null).
    private static string With(string startsWith, string? line)
    {
        var lines = Valid.Split('\n').ToList();
        var index = lines.FindIndex(l => l.StartsWith(startsWith, StringComparison.Ordinal));
        Assert.True(index >= 0, startsWith);
        if (line is null) lines.RemoveAt(index);
        else lines[index] = line;
        return string.Join('\n', lines);
    }

    private static string Adding(string line) => Valid.Replace("Content-Length: 0", line + "\nContent-Length: 0", StringComparison.Ordinal);

    [Fact]
    public void The_valid_message_parses() => Assert.IsType<SipRequest>(Parse(Valid));

    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n\r\n")]
    public void Nothing_but_crlfs_is_empty(string text) => Fails(Encoding.ASCII.GetBytes(text), SipFormatError.Empty);

    [Fact]
    public void Leading_crlfs_before_a_message_are_skipped() =>
        Assert.Equal("OPTIONS", Assert.IsType<SipRequest>(SipMessage.ParseDatagram([.. "\r\n\r\n"u8, .. Bytes(Valid)])).Method);

    [Fact]
    public void A_message_starting_with_a_header_has_no_start_line() =>
        Fails(With("OPTIONS", null), SipFormatError.MissingStartLine);

    [Theory]
    [InlineData("OPTIONS  sip:bob@example.com SIP/2.0")]
    [InlineData("OPTIONS sip:bob@example.com; lr SIP/2.0")] // RFC 4475 §3.1.2.11 (lwsruri)
    [InlineData(" OPTIONS sip:bob@example.com SIP/2.0")]
    [InlineData("OPTIONS sip:bob@example.com")]
    [InlineData("OPTIONS\tsip:bob@example.com\tSIP/2.0")]
    public void Malformed_request_lines_are_invalid_start_lines(string line) =>
        Fails(With("OPTIONS", line), SipFormatError.InvalidStartLine);

    [Fact]
    public void A_method_that_is_no_token_is_invalid() =>
        Fails(With("OPTIONS", "OPT<IONS sip:bob@example.com SIP/2.0"), SipFormatError.InvalidMethod);

    [Theory]
    [InlineData("OPTIONS sip:bob@example.com SIP/7.0")] // RFC 4475 §3.1.2.16 (badvers)
    [InlineData("GET / HTTP/1.1")]
    [InlineData("SIP/3.0 200 OK")]
    public void Other_versions_are_unsupported(string line) =>
        Fails(With("OPTIONS", line), SipFormatError.UnsupportedVersion);

    [Theory]
    [InlineData("SIP/2.0 2000 OK")]
    [InlineData("SIP/2.0 099 Low")]
    [InlineData("SIP/2.0 700 High")]
    [InlineData("SIP/2.0 2x0 OK")]
    [InlineData("SIP/2.0")]
    [InlineData("SIP/2.0  200 OK")]
    public void Bad_status_codes_are_invalid(string line) =>
        Fails(With("OPTIONS", line), SipFormatError.InvalidStatusCode);

    [Fact]
    public void A_nul_is_refused_where_it_stands()
    {
        var wire = Bytes(Valid);
        var at = Array.IndexOf(wire, (byte)'@');
        wire[at] = 0;
        Assert.Equal(at, Fails(wire, SipFormatError.NulByte).Position);
    }

    [Fact]
    public void Control_characters_are_refused() => Fails(With("Call-ID", "Call-ID: a\x01b"), SipFormatError.ControlCharacter);

    [Fact]
    public void A_bare_cr_is_an_invalid_line_ending()
    {
        var wire = Bytes(Valid);
        var at = wire.AsSpan().IndexOf("Call-ID"u8) + "Call-ID: h".Length;
        wire[at] = (byte)'\r';
        Assert.Equal(at, Fails(wire, SipFormatError.InvalidLineEnding).Position);
    }

    [Fact]
    public void A_bare_lf_is_an_invalid_line_ending() =>
        Fails(Encoding.ASCII.GetBytes(Wire(Valid).Replace("\r\nMax-Forwards", "\nMax-Forwards", StringComparison.Ordinal)), SipFormatError.InvalidLineEnding);

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })] // a lead byte without its continuation
    [InlineData(new byte[] { 0xC0, 0x80 })] // an overlong NUL
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a UTF-16 surrogate
    [InlineData(new byte[] { 0xFF })]
    public void Octets_that_are_not_utf8_are_refused(byte[] bad)
    {
        var wire = Bytes(Valid);
        var at = wire.AsSpan().IndexOf("Alice"u8);
        byte[] broken = [.. wire[..at], .. bad, .. wire[at..]];
        Assert.Equal(at, Fails(broken, SipFormatError.InvalidUtf8).Position);
    }

    [Fact]
    public void A_header_line_without_colon_is_refused()
    {
        var e = Fails(Adding("This line has no colon"), SipFormatError.HeaderWithoutColon);
        Assert.Equal(Bytes(Adding("This line has no colon")).AsSpan().IndexOf("This line"u8), e.Position);
    }

    [Theory]
    [InlineData("Bad Name: x")]
    [InlineData("Ж: x")]
    [InlineData(": no name")]
    [InlineData("Na(me): x")]
    public void Header_names_that_are_no_tokens_are_refused(string line) =>
        Fails(Adding(line), SipFormatError.InvalidHeaderName);

    [Fact]
    public void Folding_before_any_header_is_refused() =>
        Fails(Valid.Replace("SIP/2.0\nVia", "SIP/2.0\n  folded\nVia", StringComparison.Ordinal), SipFormatError.FoldingBeforeFirstHeader);

    [Fact]
    public void A_header_section_without_an_empty_line_is_unterminated() =>
        Fails(Valid.TrimEnd('\n') + "\n", SipFormatError.UnterminatedHeaderSection);

    [Fact]
    public void A_header_section_over_the_limit_is_too_large()
    {
        Fails(Adding("X-Big: " + new string('a', 70 * 1024)), SipFormatError.HeaderSectionTooLarge);
        // The same without its empty line: too large, not merely unterminated.
        Fails(Adding("X-Big: " + new string('a', 70 * 1024)).TrimEnd('\n'), SipFormatError.HeaderSectionTooLarge);
        Fails(Bytes(Valid), SipFormatError.HeaderSectionTooLarge, new SipReadLimits { MaxHeaderSectionBytes = 100 });
    }

    [Fact]
    public void Too_many_headers_are_refused()
    {
        var many = string.Join('\n', Enumerable.Range(0, 300).Select(i => $"X-H{i}: {i}"));
        Fails(Adding(many), SipFormatError.TooManyHeaders);
        Assert.IsType<SipRequest>(SipMessage.ParseDatagram(Bytes(Adding(many)), new SipReadLimits { MaxHeaders = 400 }));
    }

    [Theory]
    [InlineData("Call-ID")] // RFC 4475 §3.1.2.18 (insuf)
    [InlineData("From")]
    [InlineData("To")]
    [InlineData("CSeq")]
    [InlineData("Via")]
    [InlineData("Max-Forwards")]
    public void Requests_without_required_headers_are_refused(string name) =>
        Assert.Contains(name, Fails(With(name + ":", null), SipFormatError.MissingHeader).Message, StringComparison.Ordinal);

    [Fact]
    public void A_response_needs_no_max_forwards_but_needs_a_via()
    {
        var response = With("OPTIONS", "SIP/2.0 200 OK");
        Assert.IsType<SipResponse>(Parse(response.Replace("Max-Forwards: 70\n", "", StringComparison.Ordinal)));
        Fails(response.Replace("Via: SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bKhostile;rport\n", "", StringComparison.Ordinal), SipFormatError.MissingHeader);
    }

    [Theory]
    [InlineData("From: <sip:eve@example.com>;tag=9")]
    [InlineData("To: <sip:eve@example.com>")]
    [InlineData("i: other")]
    [InlineData("CSeq: 2 OPTIONS")]
    [InlineData("Max-Forwards: 69")]
    [InlineData("l: 0")]
    public void Single_valued_headers_may_not_repeat(string line) =>
        Fails(Adding(line), SipFormatError.DuplicateHeader);

    [Theory]
    [InlineData("Call-ID: two words")]
    [InlineData("Call-ID: a@b@c")]
    [InlineData("Call-ID:")]
    [InlineData("Call-ID: @host")]
    public void Malformed_call_ids_are_refused(string line) =>
        Fails(With("Call-ID", line), SipFormatError.InvalidCallId);

    [Theory]
    [InlineData("CSeq: -1 OPTIONS")]
    [InlineData("CSeq: 4294967296 OPTIONS")]
    [InlineData("CSeq: 1")]
    [InlineData("CSeq: OPTIONS 1")]
    [InlineData("CSeq: 1 OPTIONS extra")]
    public void Malformed_cseqs_are_refused(string line) =>
        Fails(With("CSeq", line), SipFormatError.InvalidCSeq);

    [Fact]
    public void A_cseq_for_another_method_is_refused() =>
        // RFC 4475 §3.1.2.17 (mismatch01).
        Fails(With("CSeq", "CSeq: 1 INVITE"), SipFormatError.CSeqMethodMismatch);

    [Theory]
    [InlineData("Max-Forwards: 300")] // RFC 4475 §3.1.2.4 (scalar02) uses an out-of-range value
    [InlineData("Max-Forwards: -1")]
    [InlineData("Max-Forwards: seventy")]
    public void Malformed_max_forwards_are_refused(string line) =>
        Fails(With("Max-Forwards", line), SipFormatError.InvalidMaxForwards);

    [Theory]
    [InlineData("Content-Length: -999")] // RFC 4475 §3.1.2.3 (ncl)
    [InlineData("Content-Length: ten")]
    [InlineData("Content-Length:")]
    [InlineData("Content-Length: 1 0")]
    [InlineData("Content-Length: 0x10")]
    public void Malformed_content_lengths_are_refused(string line) =>
        Fails(With("Content-Length", line), SipFormatError.InvalidContentLength);

    [Theory]
    [InlineData("Content-Length: 99999999999999999999999")]
    [InlineData("Content-Length: 1048577")]
    public void Absurd_content_lengths_are_too_large(string line) =>
        Fails(With("Content-Length", line), SipFormatError.ContentLengthTooLarge);

    [Fact]
    public void A_content_length_beyond_the_datagram_is_truncation()
    {
        // RFC 4475 §3.1.2.2 (clerr): Content-Length larger than the body.
        var wire = Bytes(With("Content-Length", "Content-Length: 9999") + "short body");
        var e = Fails(wire, SipFormatError.BodyTruncated);
        Assert.Equal(wire.AsSpan().IndexOf("short body"u8), e.Position);
    }

    [Fact]
    public void Octets_past_the_content_length_are_discarded()
    {
        // RFC 3261 §18.3.
        var message = Parse(With("Content-Length", "Content-Length: 4") + "bodyEXTRA");
        Assert.Equal("body"u8.ToArray(), message.Body.ToArray());
    }

    [Theory]
    [InlineData("Via: SIP/2.0 192.0.2.1;branch=z9hG4bKx")]
    [InlineData("Via: SIP/2.0/UDP")]
    [InlineData("Via: SIP/2.0/UDP;branch=z9hG4bKx")]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1;received=host.example.com")]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1;rport=abc")]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1;rport=0")]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1;branch")]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1;branch=")]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1;;branch=z9hG4bKx")]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx,")]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.1;branch=\"unterminated")]
    public void Malformed_vias_are_refused(string line) =>
        Fails(With("Via", line), SipFormatError.InvalidVia);

    [Theory]
    [InlineData("To: \"Mr. J. User <sip:j.user@example.com>")] // RFC 4475 §3.1.2.7 (quotbal)
    [InlineData("To: <sip:bob@example.com")]
    [InlineData("To: sip:bob@example.com>")]
    [InlineData("To: Mr \"J\" <sip:bob@example.com>")]
    [InlineData("To: <sip:bob@example.com> trailing")]
    [InlineData("To: \"Bob\" sip:bob@example.com")]
    [InlineData("To: <<sip:bob@example.com>>")]
    [InlineData("To:")]
    [InlineData("Contact: *, <sip:bob@example.com>")]
    public void Malformed_name_addrs_are_refused(string line) =>
        Fails(line.StartsWith("Contact", StringComparison.Ordinal) ? Adding(line) : With("To", line), SipFormatError.InvalidNameAddress);

    [Theory]
    [InlineData("OPTIONS <sip:bob@example.com> SIP/2.0")] // RFC 4475 §3.1.2.12 (ltgtruri)
    [InlineData("OPTIONS bob@example.com SIP/2.0")]
    [InlineData("OPTIONS sip: SIP/2.0")]
    public void Malformed_request_uris_are_refused(string line) =>
        Fails(With("OPTIONS", line), SipFormatError.InvalidUri);

    [Fact]
    public void Spaces_inside_angle_brackets_are_refused() =>
        // RFC 4475 §3.1.2.8 (badaspec).
        Fails(With("To", "To: \"Watson, Thomas\" < sip:t.watson@example.org >"), SipFormatError.InvalidUri);

    [Theory]
    [InlineData("Via: SIP/2.0/UDP 192.0.2.300;branch=z9hG4bKx", SipFormatError.InvalidHost)]
    [InlineData("Via: SIP/2.0/UDP [2001:db8::1;branch=z9hG4bKx", SipFormatError.InvalidIPv6Reference)]
    [InlineData("Via: SIP/2.0/UDP [2001:db8:::192.0.2.1];branch=z9hG4bKx", SipFormatError.InvalidIPv6Reference)]
    [InlineData("Via: SIP/2.0/UDP 2001:db8::1::2;branch=z9hG4bKx", SipFormatError.InvalidIPv6Reference)]
    [InlineData("Via: SIP/2.0/UDP [2001:db8::1]:99999;branch=z9hG4bKx", SipFormatError.InvalidPort)]
    [InlineData("Via: SIP/2.0/UDP host.example.com:;branch=z9hG4bKx", SipFormatError.InvalidPort)]
    public void Bad_hosts_and_ports_in_a_via_are_refused(string line, SipFormatError error) =>
        Fails(With("Via", line), error);

    [Theory]
    [InlineData("From: \"Alice\" <sip:alice@[2001:db8::1>;tag=1234", SipFormatError.InvalidIPv6Reference)]
    [InlineData("From: <sip:alice@[fe80::1%25eth0]>;tag=1234", SipFormatError.InvalidIPv6Reference)]
    [InlineData("From: <sip:alice@example.com>;=x;tag=1234", SipFormatError.InvalidParameter)]
    [InlineData("From: <sip:alice@example.com>;tag=", SipFormatError.InvalidParameter)]
    [InlineData("From: <sip:alice@example.com>;tag=a b", SipFormatError.InvalidParameter)]
    public void Bad_hosts_and_parameters_in_a_name_addr_are_refused(string line, SipFormatError error) =>
        Fails(With("From", line), error);

    [Fact]
    public void Error_messages_quote_hostile_values_only_in_part()
    {
        var e = Fails(With("Call-ID", "Call-ID: " + new string('x', 50_000) + " y"), SipFormatError.InvalidCallId);
        Assert.InRange(e.Message.Length, 100, 500);
    }

    [Fact]
    public void Errors_point_at_the_line_that_holds_the_fault()
    {
        var text = With("CSeq", "CSeq: x OPTIONS");
        var wire = Bytes(text);
        Assert.Equal(wire.AsSpan().IndexOf("CSeq"u8), Fails(wire, SipFormatError.InvalidCSeq).Position);
    }

    // Input built to be expensive, just inside the limits: each must finish fast with the expected outcome. The
    // bound is far above the milliseconds each takes, and far below what anything quadratic would need.
    public static TheoryData<string, byte[], SipFormatError?> WorstCases()
    {
        var manyVias = string.Join(", ", Enumerable.Range(0, 1000).Select(i => $"SIP/2.0/UDP [2001:db8::{i:x}]:5060;branch=z9hG4bK{i}"));
        var manyContacts = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"<sip:u{i}@[2001:db8::{i:x}]>;q=0.{i % 10}"));
        var manyParameters = "<sip:bob@example.com" + string.Concat(Enumerable.Range(0, 6000).Select(i => $";p{i}")) + ">";
        var sdp = "v=0\no=- 1 1 IN IP6 2001:db8::1\ns=-\nt=0 0\n" + string.Concat(Enumerable.Range(0, 9000).Select(i => $"m=audio {i} RTP/AVP 0\nc=IN IP6 2001:db8::{i:x}\na=candidate:{i} 1 UDP {i} 2001:db8::1 {i} typ host\n"));
        return new TheoryData<string, byte[], SipFormatError?>
        {
            { "1,000 Vias in one field", Bytes(With("Via", "Via: " + manyVias)), null },
            { "1,000 Contacts", Bytes(Adding("Contact: " + manyContacts)), null },
            { "6,000 URI parameters", Bytes(With("To", "To: " + manyParameters)), null },
            { "12,000 folded lines", Bytes(Adding("X-Folded: a" + string.Concat(Enumerable.Repeat("\n b", 12_000)))), null },
            { "256 headers of 200 octets", Bytes(Adding(string.Join('\n', Enumerable.Range(0, 240).Select(i => $"X-{i}: " + new string('v', 200))))), null },
            { "an SDP body of 9,000 media", Bytes(WithBody(Valid.Replace("Content-Length: 0\n\n", "Content-Type: application/sdp\n", StringComparison.Ordinal), sdp)), null },
            { "60,000 commas", Bytes(With("Via", "Via: " + new string(',', 60_000))), SipFormatError.InvalidVia },
            { "60,000 semicolons", Bytes(With("Via", "Via: SIP/2.0/UDP h" + new string(';', 60_000))), SipFormatError.InvalidVia },
            { "60,000 quotes", Bytes(With("To", "To: " + new string('"', 60_000))), SipFormatError.InvalidNameAddress },
            { "60,000 brackets", Bytes(With("To", "To: <sip:a@" + new string('[', 60_000) + ">")), SipFormatError.InvalidIPv6Reference },
        };
    }

    [Theory]
    [MemberData(nameof(WorstCases))]
    public void Expensive_input_at_the_limits_finishes_fast(string what, byte[] wire, SipFormatError? error)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        SipFormatError? outcome = null;
        try
        {
            var message = SipMessage.ParseDatagram(wire);
            _ = (message.Vias.Count, message.Contacts.Count, message.To.Uri.Parameters.Count);
            if (message.HasSdpBody) Assert.Equal(9000, message.ReadSdp()!.Media.Sum(m => m.Candidates.Count));
        }
        catch (SipFormatException e)
        {
            outcome = e.Error;
        }
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Assert.Equal(error, outcome);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"{what}: {elapsed.TotalMilliseconds} ms");
    }
}
