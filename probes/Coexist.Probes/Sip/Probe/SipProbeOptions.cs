using System.Security.Cryptography.X509Certificates;

namespace Coexist.Probes.Sip.Probe;

/// <summary>What <c>coexist probe</c> lets the SIP probe do, and whom it trusts over TLS.</summary>
public sealed record SipProbeOptions
{
    public static SipProbeOptions Default { get; } = new();

    /// <summary>
    /// Whether the media checks may send an INVITE (<c>--allow-invite</c>). Off by default: an INVITE can ring a
    /// phone. When on, every INVITE is cancelled at once or, if answered, acknowledged and hung up (BYE).
    /// </summary>
    public bool AllowInvite { get; init; }

    /// <summary>
    /// CA certificates a TLS server's chain may end in (<c>--ca-file</c>, a private or lab CA), instead of the
    /// system's store. Null: the system's trust store.
    /// </summary>
    public X509Certificate2Collection? TrustedCertificates { get; init; }

    /// <summary>The User-Agent the probe sends, so that operators can tell its requests from calls.</summary>
    public string UserAgent { get; init; } = "Coexist SIP probe (IPv6 readiness; no call is completed)";
}
