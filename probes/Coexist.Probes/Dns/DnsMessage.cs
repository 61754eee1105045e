using System.Collections.Immutable;
using System.Text;

namespace Coexist.Probes.Dns;

/// <summary>
/// A DNS message (RFC 1035 §4.1): header, the four sections, and the EDNS OPT record apart from them.
/// Immutable; build variants with <c>with</c>. <see cref="Decode"/> reads the wire form and throws only
/// <see cref="DnsFormatException"/>; <see cref="Encode"/> writes it with name compression.
/// </summary>
public sealed record DnsMessage
{
    public DnsHeader Header { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); } = new();

    public ImmutableArray<DnsQuestion> Questions { get; init => field = value.IsDefault ? [] : value; } = [];

    public ImmutableArray<DnsRecord> Answers { get; init => field = value.IsDefault ? [] : value; } = [];

    public ImmutableArray<DnsRecord> Authorities { get; init => field = value.IsDefault ? [] : value; } = [];

    /// <summary>The additional section without the OPT record, which is <see cref="Edns"/>.</summary>
    public ImmutableArray<DnsRecord> Additionals { get; init => field = value.IsDefault ? [] : value; } = [];

    /// <summary>The OPT record (RFC 6891), or null when the message has none.</summary>
    public DnsEdns? Edns { get; init; }

    public ushort Id => Header.Id;

    public DnsResponseCode ResponseCode => Header.ResponseCode;

    /// <summary>The first question, which is the only one in practice (RFC 9619 makes QDCOUNT=1 the rule).</summary>
    public DnsQuestion? Question => Questions.IsEmpty ? null : Questions[0];

    /// <summary>A standard query for one question.</summary>
    public static DnsMessage CreateQuery(ushort id, DnsQuestion question, bool recursionDesired = true, DnsEdns? edns = null, bool checkingDisabled = false)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new DnsMessage
        {
            Header = new DnsHeader { Id = id, RecursionDesired = recursionDesired, CheckingDisabled = checkingDisabled },
            Questions = [question],
            Edns = edns,
        };
    }

    /// <summary>Reads a message from its wire form.</summary>
    /// <exception cref="DnsFormatException">The octets are not a well-formed message; the error says what and where.</exception>
    public static DnsMessage Decode(ReadOnlySpan<byte> wire) => DnsMessageCodec.Decode(wire);

    /// <summary>
    /// Reads <paramref name="wire"/> as the answer to <paramref name="query"/>: same ID, QR set, same question
    /// (name case-insensitive, type, class), as RFC 5452 §9.1 asks. An error response (any RCODE but NOERROR)
    /// without a question section is accepted, since servers answer FORMERR that way.
    /// </summary>
    /// <exception cref="DnsFormatException">Malformed, or <see cref="DnsFormatError.IdMismatch"/>,
    /// <see cref="DnsFormatError.NotAResponse"/> or <see cref="DnsFormatError.QuestionMismatch"/>.</exception>
    public static DnsMessage DecodeResponse(ReadOnlySpan<byte> wire, DnsMessage query)
    {
        ArgumentNullException.ThrowIfNull(query);
        // The ID is checked before anything else: a datagram that is not ours is not worth parsing.
        if (wire.Length >= 2)
        {
            var id = (ushort)((wire[0] << 8) | wire[1]);
            if (id != query.Id)
                throw new DnsFormatException(DnsFormatError.IdMismatch, 0, $"the answer's ID {id} is not the query's {query.Id}");
        }
        var response = Decode(wire);
        if (!response.Header.IsResponse)
            throw new DnsFormatException(DnsFormatError.NotAResponse, 2, "the message has QR=0: it is a query, not an answer");
        var questionless = response.Questions.IsEmpty && response.ResponseCode != DnsResponseCode.NoError;
        if (!questionless && !response.Questions.SequenceEqual(query.Questions))
        {
            var got = response.Questions.IsEmpty ? "no question" : string.Join(", ", response.Questions);
            throw new DnsFormatException(DnsFormatError.QuestionMismatch, DnsLimits.HeaderLength, $"the answer is for {got}, not {string.Join(", ", query.Questions)}");
        }
        return response;
    }

    /// <summary>Writes the wire form, compressing names (RFC 1035 §4.1.4) and appending <see cref="Edns"/> as OPT.</summary>
    /// <exception cref="ArgumentException">The message cannot be written: over 65535 octets, more than 65535
    /// records in a section, an RCODE above 15 without EDNS, or a field that breaks its type's limits.</exception>
    public byte[] Encode() => DnsMessageCodec.Encode(this);

    /// <summary>Records of <paramref name="type"/> owned by <paramref name="name"/> in the answer section.</summary>
    public IEnumerable<DnsRecord> AnswersFor(DnsName name, DnsRecordType type) =>
        Answers.Where(record => record.Type == type && record.Name == name);

    /// <summary>Whether the answer section holds an RRSIG covering <paramref name="type"/> at <paramref name="name"/>.</summary>
    public bool IsSigned(DnsName name, DnsRecordType type) =>
        AnswersFor(name, DnsRecordType.RRSIG).Any(record => record.Data is RrsigData signature && signature.TypeCovered == type);

    /// <summary>Equal when header, EDNS and every section are equal, record by record (names ignoring case).</summary>
    public bool Equals(DnsMessage? other) =>
        other is not null
        && Header == other.Header
        && Edns == other.Edns
        && Questions.SequenceEqual(other.Questions)
        && Answers.SequenceEqual(other.Answers)
        && Authorities.SequenceEqual(other.Authorities)
        && Additionals.SequenceEqual(other.Additionals);

    public override int GetHashCode() => HashCode.Combine(Header, Questions.Length, Answers.Length, Authorities.Length, Additionals.Length);

    /// <summary>A dig-like text form, for logs and test failures.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var h = Header;
        text.Append($";; {h.Opcode} {h.ResponseCode} id {h.Id} flags:");
        if (h.IsResponse) text.Append(" qr");
        if (h.IsAuthoritative) text.Append(" aa");
        if (h.IsTruncated) text.Append(" tc");
        if (h.RecursionDesired) text.Append(" rd");
        if (h.RecursionAvailable) text.Append(" ra");
        if (h.AuthenticData) text.Append(" ad");
        if (h.CheckingDisabled) text.Append(" cd");
        text.AppendLine();
        if (Edns is { } edns) text.AppendLine($";; EDNS {edns.Version} udp {edns.UdpPayloadSize}{(edns.DnssecOk ? " do" : "")} options {edns.Options.Length}");
        foreach (var question in Questions) text.AppendLine($";{question}");
        foreach (var record in Answers.Concat(Authorities).Concat(Additionals)) text.AppendLine(record.ToString());
        return text.ToString();
    }
}
