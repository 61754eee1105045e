namespace Coexist.Probes.Dns;

/// <summary>Why a DNS message could not be read, or could not be the answer to a query.</summary>
public enum DnsFormatError
{
    /// <summary>Fewer than the 12 octets of the header.</summary>
    TruncatedHeader,

    /// <summary>A name, question or record runs past the end of the message.</summary>
    UnexpectedEnd,

    /// <summary>The header counts more questions and records than the remaining octets could hold.</summary>
    TooManyRecords,

    /// <summary>A label length octet starts with the reserved bit patterns 01 or 10 (RFC 6891 §5 retired them).</summary>
    ReservedLabelType,

    /// <summary>A name is longer than 255 octets (RFC 1035 §2.3.4).</summary>
    NameTooLong,

    /// <summary>A compression pointer points at or beyond the end of the message.</summary>
    PointerOutOfRange,

    /// <summary>A compression pointer does not point strictly before the labels that led to it, so it could loop.</summary>
    CompressionLoop,

    /// <summary>A record's RDLENGTH is larger than the octets left in the message.</summary>
    RecordDataOverrun,

    /// <summary>A record's RDATA is shorter or longer than its type's fields need.</summary>
    RecordDataLengthMismatch,

    /// <summary>An OPT record breaks RFC 6891 §6.1.1: a second OPT, or an owner other than the root.</summary>
    InvalidOpt,

    /// <summary>The message's ID is not the query's (RFC 5452 §9.1).</summary>
    IdMismatch,

    /// <summary>The message's question is not the query's: name (case-insensitive), type or class (RFC 5452 §9.1).</summary>
    QuestionMismatch,

    /// <summary>The message has QR=0, so it is a query, not an answer.</summary>
    NotAResponse,
}

/// <summary>
/// The only exception the codec throws on input it reads: a typed <see cref="Error"/> and the octet
/// <see cref="Offset"/> where reading stopped.
/// </summary>
public sealed class DnsFormatException : Exception
{
    public DnsFormatException(DnsFormatError error, int offset, string message)
        : base($"{message} (at octet {offset})")
    {
        Error = error;
        Offset = offset;
    }

    public DnsFormatError Error { get; }

    public int Offset { get; }
}
