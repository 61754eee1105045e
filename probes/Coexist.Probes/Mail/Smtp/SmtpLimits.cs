namespace Coexist.Probes.Mail.Smtp;

/// <summary>The sizes and times the SMTP client holds a server to, each with where it comes from.</summary>
public static class SmtpLimits
{
    /// <summary>
    /// The longest reply line, reply code and CRLF included (RFC 5321 §4.5.3.1.5). A longer line is a protocol
    /// error; the client stops reading there rather than buffer whatever the server sends.
    /// </summary>
    public const int MaxReplyLineOctets = 512;

    /// <summary>
    /// Lines in one reply. RFC 5321 sets no limit; real EHLO replies have 5 to 20 (postfix 10, Exchange 15), so
    /// 64 leaves room and still stops a server that streams "250-" lines for ever.
    /// </summary>
    public const int MaxReplyLines = 64;

    /// <summary>Octets in one reply, all lines together: 64 lines of 256 octets. A 1 MB banner stops here.</summary>
    public const int MaxReplyOctets = 16 * 1024;

    /// <summary>
    /// What RFC 5321 §4.5.3.2.1 asks a client to wait for the 220 greeting: 5 minutes, so that a loaded server is
    /// not given up on. Named for reference: a probe does not wait that long.
    /// </summary>
    public static readonly TimeSpan Rfc5321GreetingTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the probe waits for the first line of the greeting: 4 s, the bar the issue sets (the time a
    /// sending MTA's operator would call "answers at once"; internet.nl's mail test gives up after a few seconds
    /// too). A server that greets within 5 minutes is within RFC 5321, but one that takes over 4 s on one family
    /// and not on the other is exactly what this probe is for. Servers that delay the rest of a multi-line
    /// greeting on purpose (postscreen's pregreet test) send the first line at once, so the first line is what
    /// is timed; the rest of the reply gets <see cref="ReplyTimeout"/>.
    /// </summary>
    public static readonly TimeSpan BannerTimeout = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The wait for the reply to EHLO, STARTTLS and QUIT. RFC 5321 §4.5.3.2 names no time for them (5 minutes for
    /// MAIL and RCPT, 10 for the end of DATA); the probe holds them to the banner's 4 s, since none of them does
    /// work a server would have to wait for.
    /// </summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(4);

    /// <summary>The TLS handshake after STARTTLS, or at once on port 465: the same 4 s as every other step.</summary>
    public static readonly TimeSpan TlsHandshakeTimeout = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The name given in EHLO: a name under .invalid (RFC 6761 §6.4), which never resolves, so no server can take
    /// it for a real sender and no log points at anyone. RFC 5321 §4.1.4 asks for the client's own name; a probe
    /// that sends no mail has none worth giving, and servers check it only at RCPT time, which the probe never reaches.
    /// </summary>
    public const string EhloName = "coexist.invalid";

    /// <summary>How much of a server's text (banner, reply lines, certificate names) goes into a report.</summary>
    public const int ReportTextLength = 200;

    /// <summary>The submission port with STARTTLS (RFC 6409).</summary>
    public const int SubmissionPort = 587;

    /// <summary>The submission port with implicit TLS (RFC 8314 §3.3): TLS first, then SMTP.</summary>
    public const int ImplicitTlsSubmissionPort = 465;

    /// <summary>The port MTAs receive mail on (the IANA-assigned SMTP port): the probe's default.</summary>
    public const int SmtpPort = 25;
}
