using System.Net;
using System.Security.Cryptography;

namespace Coexist.Probes.Sip;

/// <summary>
/// What the probe knows when it sends a request: the transport, its own address and port (for Via and Contact),
/// and the Request-URI. Identifiers are fresh random values unless given, so that a test can fix them.
/// </summary>
public sealed record SipRequestParameters
{
    public required SipTransport Transport { get; init; }

    /// <summary>The probe's local address and port, as the socket is bound (an IPv6 address is bracketed where SIP needs it).</summary>
    public required IPEndPoint Local { get; init; }

    /// <summary>The Request-URI and To, e.g. <c>sip:[2001:db8::5]:5060;transport=tcp</c> (<see cref="SipUri.ForEndPoint"/>).</summary>
    public required SipUri Target { get; init; }

    /// <summary>The user part of From and Contact.</summary>
    public string FromUser { get; init; } = "coexist";

    public string UserAgent { get; init; } = "Coexist probe";

    public string CallId { get; init; } = SipIds.NewCallId();

    public string FromTag { get; init; } = SipIds.NewTag();

    /// <summary>The Via branch; it must start with <see cref="SipLimits.BranchMagicCookie"/> (RFC 3261 §8.1.1.7).</summary>
    public string Branch { get; init; } = SipIds.NewBranch();

    public uint CSeq { get; init; } = 1;
}

/// <summary>Random identifiers with the uniqueness RFC 3261 asks for: branch (§8.1.1.7), tag (§19.3), Call-ID (§8.1.1.4).</summary>
public static class SipIds
{
    // 64 random bits as hex: globally unique for a probe's purposes, and a token.
    private static string Random(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    public static string NewBranch() => SipLimits.BranchMagicCookie + Random(8);

    public static string NewTag() => Random(8);

    public static string NewCallId() => Random(16);
}
