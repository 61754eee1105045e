namespace Coexist.Probes.Dns;

/// <summary>The protocol limits the codec and the client enforce, with where each comes from.</summary>
public static class DnsLimits
{
    /// <summary>RFC 1035 §4.2.1: the port DNS servers listen on, UDP and TCP.</summary>
    public const int Port = 53;

    /// <summary>RFC 1035 §4.1.1: the fixed header is 12 octets.</summary>
    public const int HeaderLength = 12;

    /// <summary>RFC 1035 §2.3.4: a label is at most 63 octets.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>RFC 1035 §2.3.4: a name is at most 255 octets in wire form, length octets and root included.</summary>
    public const int MaxNameLength = 255;

    /// <summary>RFC 1035 §4.1.4: a compression pointer has 14 bits of offset.</summary>
    public const int MaxPointerOffset = 0x3FFF;

    /// <summary>
    /// A bound on compression jumps while reading one name. A name has at most 127 labels (255 octets),
    /// so a well-formed name never needs more jumps than that; the bound stops pointer-to-pointer chains.
    /// </summary>
    public const int MaxCompressionJumps = 128;

    /// <summary>RFC 1035 §2.3.4: a UDP message without EDNS is at most 512 octets.</summary>
    public const int ClassicUdpPayloadSize = 512;

    /// <summary>DNS flag day 2020: the EDNS UDP payload size that avoids IP fragmentation on common paths.</summary>
    public const ushort DefaultEdnsUdpPayloadSize = 1232;

    /// <summary>RFC 1035 §4.2.2: TCP messages carry a two-octet length, so a message is at most 65535 octets.</summary>
    public const int MaxMessageLength = 65535;

    /// <summary>RFC 1035 §3.3: a character-string is one length octet and at most 255 octets.</summary>
    public const int MaxCharacterStringLength = 255;

    /// <summary>RFC 1035 §4.1.2: a question is at least a root name (1), a type (2) and a class (2).</summary>
    internal const int MinQuestionLength = 5;

    /// <summary>RFC 1035 §4.1.3: a record is at least a root name (1), type, class (2+2), TTL (4) and RDLENGTH (2).</summary>
    internal const int MinRecordLength = 11;
}
