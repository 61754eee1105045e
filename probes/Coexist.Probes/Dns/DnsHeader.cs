namespace Coexist.Probes.Dns;

/// <summary>
/// The header of a message (RFC 1035 §4.1.1, RFC 4035 §3.2 for AD and CD). The section counts are not
/// here: a <see cref="DnsMessage"/> derives them from its sections.
/// </summary>
public sealed record DnsHeader
{
    public ushort Id { get; init; }

    /// <summary>QR: the message is a response.</summary>
    public bool IsResponse { get; init; }

    public DnsOpcode Opcode { get; init; } = DnsOpcode.Query;

    /// <summary>AA: the answer comes from a server authoritative for the name.</summary>
    public bool IsAuthoritative { get; init; }

    /// <summary>TC: the message was cut to fit the transport; ask again over TCP.</summary>
    public bool IsTruncated { get; init; }

    /// <summary>RD: the client asks for recursion.</summary>
    public bool RecursionDesired { get; init; }

    /// <summary>RA: the server offers recursion.</summary>
    public bool RecursionAvailable { get; init; }

    /// <summary>Z: the reserved bit, which must be zero (RFC 1035 §4.1.1); kept to show servers that set it.</summary>
    public bool Reserved { get; init; }

    /// <summary>AD: the resolver validated the data with DNSSEC (RFC 4035 §3.2.3).</summary>
    public bool AuthenticData { get; init; }

    /// <summary>CD: the client asks the resolver not to validate (RFC 4035 §3.2.2).</summary>
    public bool CheckingDisabled { get; init; }

    /// <summary>
    /// The full 12-bit RCODE. The low 4 bits travel in the header, the high 8 bits in the OPT record
    /// (RFC 6891 §6.1.3); a message with an RCODE above 15 needs <see cref="DnsMessage.Edns"/>.
    /// </summary>
    public DnsResponseCode ResponseCode { get; init; }
}
