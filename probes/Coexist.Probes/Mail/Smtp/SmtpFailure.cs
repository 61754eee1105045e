namespace Coexist.Probes.Mail.Smtp;

/// <summary>Why an SMTP session ended early: each a typed reason a verdict can name.</summary>
public enum SmtpFailure
{
    /// <summary>The session went to its end (QUIT).</summary>
    None,

    /// <summary>Nothing listens on the port (TCP reset to the SYN).</summary>
    ConnectionRefused,

    /// <summary>The connection did not come up in time.</summary>
    ConnectTimedOut,

    /// <summary>No route, host or network unreachable.</summary>
    Unreachable,

    /// <summary>The server reset the connection.</summary>
    ConnectionReset,

    /// <summary>The server closed the connection where a reply was due.</summary>
    ClosedByServer,

    /// <summary>No first line of the greeting within <see cref="SmtpLimits.BannerTimeout"/>.</summary>
    BannerTimedOut,

    /// <summary>No reply to a command within <see cref="SmtpLimits.ReplyTimeout"/>.</summary>
    ReplyTimedOut,

    /// <summary>A reply line longer than <see cref="SmtpLimits.MaxReplyLineOctets"/>.</summary>
    LineTooLong,

    /// <summary>A reply with more lines or octets than <see cref="SmtpLimits.MaxReplyLines"/> / <see cref="SmtpLimits.MaxReplyOctets"/>.</summary>
    ReplyTooLarge,

    /// <summary>Text that is not an SMTP reply (no three-digit code, codes that change within a reply).</summary>
    MalformedReply,

    /// <summary>The greeting was not 220: 554 (no SMTP service here) or 421 (not now), RFC 5321 §3.1.</summary>
    GreetingRefused,

    /// <summary>Neither EHLO nor HELO was accepted.</summary>
    EhloRejected,

    /// <summary>The TLS handshake failed (after STARTTLS, or at once with implicit TLS).</summary>
    TlsHandshakeFailed,

    /// <summary>The TLS handshake did not finish within <see cref="SmtpLimits.TlsHandshakeTimeout"/>.</summary>
    TlsTimedOut,

    /// <summary>The session as a whole ran past its budget (a share of the check's deadline).</summary>
    SessionTimedOut,
}

/// <summary>A session that cannot go on: the failure and what was seen, in words fit for a report.</summary>
public sealed class SmtpProtocolException(SmtpFailure failure, string message) : Exception(message)
{
    public SmtpFailure Failure { get; } = failure;
}
