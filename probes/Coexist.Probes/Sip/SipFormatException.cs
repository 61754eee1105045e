namespace Coexist.Probes.Sip;

/// <summary>Why a SIP message or SDP body could not be read, or why a stream did not deliver a whole message.</summary>
public enum SipFormatError
{
    /// <summary>No octets, or only the CRLFs that keep-alives and message separators use (RFC 3261 §7.5).</summary>
    Empty,

    /// <summary>The first line is a header field ("Via: ..."), so the request or status line is missing.</summary>
    MissingStartLine,

    /// <summary>The first line is neither <c>Method SP Request-URI SP SIP/2.0</c> nor <c>SIP/2.0 SP Code SP Reason</c>.</summary>
    InvalidStartLine,

    /// <summary>The request method is not a token (RFC 3261 §25.1).</summary>
    InvalidMethod,

    /// <summary>The version is not SIP/2.0 (RFC 3261 §7.1).</summary>
    UnsupportedVersion,

    /// <summary>The status code is not three digits from 100 to 699 (RFC 3261 §7.2, §21).</summary>
    InvalidStatusCode,

    /// <summary>A NUL octet in the start line or the header section.</summary>
    NulByte,

    /// <summary>A control character other than HTAB in the start line or the header section, or in a header built in code.</summary>
    ControlCharacter,

    /// <summary>A CR without LF, or an LF without CR, in the header section: lines end in CRLF (RFC 3261 §7).</summary>
    InvalidLineEnding,

    /// <summary>Octets that are not UTF-8 (RFC 3261 §7.3.1 allows UTF-8 in quoted strings and reason phrases, nothing else).</summary>
    InvalidUtf8,

    /// <summary>A header line without a colon.</summary>
    HeaderWithoutColon,

    /// <summary>A header name that is empty or not a token.</summary>
    InvalidHeaderName,

    /// <summary>A continuation line (starting with SP or HTAB) before the first header field.</summary>
    FoldingBeforeFirstHeader,

    /// <summary>The header section does not end with an empty line (CRLF CRLF).</summary>
    UnterminatedHeaderSection,

    /// <summary>The header section is longer than <see cref="SipReadLimits.MaxHeaderSectionBytes"/>.</summary>
    HeaderSectionTooLarge,

    /// <summary>More header fields than <see cref="SipReadLimits.MaxHeaders"/>.</summary>
    TooManyHeaders,

    /// <summary>A header field RFC 3261 §8.1.1 requires (Via, From, To, Call-ID, CSeq; Max-Forwards in requests) is absent.</summary>
    MissingHeader,

    /// <summary>A single-valued header field (From, To, Call-ID, CSeq, Max-Forwards, Content-Length, Content-Type) appears twice.</summary>
    DuplicateHeader,

    /// <summary>Call-ID is empty or not <c>word ["@" word]</c> (RFC 3261 §25.1).</summary>
    InvalidCallId,

    /// <summary>CSeq is not a 32-bit number followed by a method (RFC 3261 §8.1.1.5).</summary>
    InvalidCSeq,

    /// <summary>A request's CSeq method is not its request method (RFC 3261 §8.1.1.5).</summary>
    CSeqMethodMismatch,

    /// <summary>Max-Forwards is not an integer from 0 to 255 (RFC 3261 §20.22).</summary>
    InvalidMaxForwards,

    /// <summary>Content-Length is not a non-negative decimal number.</summary>
    InvalidContentLength,

    /// <summary>Content-Length is larger than <see cref="SipReadLimits.MaxBodyBytes"/>.</summary>
    ContentLengthTooLarge,

    /// <summary>Content-Length announces more body octets than the datagram holds (RFC 3261 §18.3).</summary>
    BodyTruncated,

    /// <summary>A message read from a stream has no Content-Length, which stream transports require (RFC 3261 §18.3, §20.14).</summary>
    MissingContentLength,

    /// <summary>A Via value is not <c>SIP/2.0/TRANSPORT sent-by *(;param)</c>, or a received/rport/maddr value is wrong.</summary>
    InvalidVia,

    /// <summary>A From/To/Contact/Route value is not a name-addr or addr-spec: unbalanced quotes or angle brackets, text after the URI.</summary>
    InvalidNameAddress,

    /// <summary>A URI with no scheme, white space, or a broken user part.</summary>
    InvalidUri,

    /// <summary>A host that is neither a host name nor an IPv4 literal.</summary>
    InvalidHost,

    /// <summary>An IPv6 reference that is not an IPv6 address, or whose brackets do not balance (RFC 5118 §4.2, §4.10).</summary>
    InvalidIPv6Reference,

    /// <summary>A port that is not a decimal number from 1 to 65535.</summary>
    InvalidPort,

    /// <summary>A parameter with an empty or non-token name, or a value that is not a token, host or quoted string.</summary>
    InvalidParameter,

    /// <summary>The peer closed the stream (or reset it) in the middle of a message.</summary>
    ConnectionClosed,

    /// <summary>A message that had started to arrive was not complete within <see cref="SipReadLimits.MessageTimeout"/>.</summary>
    TooSlow,

    /// <summary>An SDP line is not <c>type=value</c> with a lower-case letter type (RFC 8866 §5).</summary>
    SdpInvalidLine,

    /// <summary>An SDP description lacks v=, o=, s= or t=, or does not start with v= (RFC 8866 §5).</summary>
    SdpMissingField,

    /// <summary>An SDP field's value is malformed: o=, c=, m=, or an attribute that carries an address or group (candidate, rtcp, group).</summary>
    SdpInvalidField,
}

/// <summary>
/// The only exception the SIP/SDP codec throws on input it reads: a typed <see cref="Error"/> and the octet
/// <see cref="Position"/> in the input where the faulty element starts (-1 for values built in code).
/// </summary>
public sealed class SipFormatException : Exception
{
    // Messages quote the input; hostile input can be 64 KiB of one value, so a quote is cut to stay readable.
    private const int MaxMessageLength = 400;

    public SipFormatException(SipFormatError error, int position, string message, Exception? innerException = null)
        : base(Shorten(message) + (position >= 0 ? $" (at octet {position})" : ""), innerException)
    {
        Error = error;
        Position = position;
    }

    public SipFormatError Error { get; }

    public int Position { get; }

    private static string Shorten(string message) =>
        message.Length <= MaxMessageLength ? message : $"{message[..(MaxMessageLength / 2)]} ... {message[^(MaxMessageLength / 2)..]}";
}
