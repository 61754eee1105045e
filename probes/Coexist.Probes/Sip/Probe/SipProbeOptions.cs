namespace Coexist.Probes.Sip.Probe;

/// <summary>
/// What <c>coexist probe</c> lets the SIP probe do. Whom it trusts over TLS is the run's: the system's roots and
/// the private CAs of <c>--ca-file</c> (<see cref="Engine.ProbeContext.CertificateAuthorities"/>), shared with the web probe.
/// </summary>
public sealed record SipProbeOptions
{
    public static SipProbeOptions Default { get; } = new();

    /// <summary>
    /// Whether the media checks may send an INVITE (<c>--allow-invite</c>). Off by default: an INVITE can ring a
    /// phone. When on, every INVITE is cancelled at once or, if answered, acknowledged and hung up (BYE).
    /// </summary>
    public bool AllowInvite { get; init; }

    /// <summary>The User-Agent the probe sends, so that operators can tell its requests from calls.</summary>
    public string UserAgent { get; init; } = "Coexist SIP probe (IPv6 readiness; no call is completed)";
}
