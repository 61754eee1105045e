using System.Collections.Immutable;

namespace Coexist.Probes.Dns;

/// <summary>The message layout of RFC 1035 §4.1, with the OPT record of RFC 6891 §6.1.</summary>
internal static class DnsMessageCodec
{
    // Header flag bits (RFC 1035 §4.1.1, RFC 4035 §3.2).
    private const ushort QrBit = 0x8000;
    private const int OpcodeShift = 11;
    private const ushort AaBit = 0x0400;
    private const ushort TcBit = 0x0200;
    private const ushort RdBit = 0x0100;
    private const ushort RaBit = 0x0080;
    private const ushort ZBit = 0x0040;
    private const ushort AdBit = 0x0020;
    private const ushort CdBit = 0x0010;
    private const ushort HeaderRcodeMask = 0x000F;

    // OPT TTL field (RFC 6891 §6.1.3): extended RCODE, version, DO and the other flags.
    private const ushort DoBit = 0x8000;
    private const int MaxExtendedRcode = 0xFFF;

    public static DnsMessage Decode(ReadOnlySpan<byte> wire)
    {
        if (wire.Length < DnsLimits.HeaderLength)
            throw new DnsFormatException(DnsFormatError.TruncatedHeader, wire.Length, $"the message is {wire.Length} octets, shorter than the {DnsLimits.HeaderLength}-octet header");
        var reader = new DnsWireReader(wire);
        var id = reader.ReadUInt16();
        var flags = reader.ReadUInt16();
        int questionCount = reader.ReadUInt16();
        int answerCount = reader.ReadUInt16();
        int authorityCount = reader.ReadUInt16();
        int additionalCount = reader.ReadUInt16();
        var truncated = (flags & TcBit) != 0;

        // Counts are claims by the sender: reject those the octets cannot hold before looping over them.
        // A truncated message may legitimately claim more than it carries (RFC 2181 §9), so it is read until the octets end.
        var minimum = (long)questionCount * DnsLimits.MinQuestionLength
            + ((long)answerCount + authorityCount + additionalCount) * DnsLimits.MinRecordLength;
        if (!truncated && minimum > reader.Remaining)
            throw new DnsFormatException(DnsFormatError.TooManyRecords, 4, $"the header counts {questionCount}/{answerCount}/{authorityCount}/{additionalCount} entries, which need at least {minimum} octets, but {reader.Remaining} follow");

        var questions = ImmutableArray.CreateBuilder<DnsQuestion>();
        var answers = ImmutableArray.CreateBuilder<DnsRecord>();
        var authorities = ImmutableArray.CreateBuilder<DnsRecord>();
        var additionals = ImmutableArray.CreateBuilder<DnsRecord>();
        DnsEdns? edns = null;
        var extendedRcode = 0;
        try
        {
            for (var i = 0; i < questionCount && !(truncated && reader.AtEnd); i++)
                questions.Add(new DnsQuestion(reader.ReadName(), (DnsRecordType)reader.ReadUInt16(), (DnsClass)reader.ReadUInt16()));
            ReadRecords(ref reader, answerCount, truncated, answers);
            ReadRecords(ref reader, authorityCount, truncated, authorities);
            for (var i = 0; i < additionalCount && !(truncated && reader.AtEnd); i++)
            {
                var start = reader.Position;
                var name = reader.ReadName();
                var type = (DnsRecordType)reader.ReadUInt16();
                if (type != DnsRecordType.OPT)
                {
                    additionals.Add(ReadRecordAfterType(ref reader, name, type));
                    continue;
                }
                if (edns is not null) throw new DnsFormatException(DnsFormatError.InvalidOpt, start, "the message has a second OPT record (RFC 6891 §6.1.1)");
                if (!name.IsRoot) throw new DnsFormatException(DnsFormatError.InvalidOpt, start, $"the OPT record is owned by '{name}', not the root (RFC 6891 §6.1.2)");
                (edns, extendedRcode) = ReadOpt(ref reader);
            }
        }
        catch (DnsFormatException e) when (truncated && e.Error is DnsFormatError.UnexpectedEnd or DnsFormatError.RecordDataOverrun)
        {
            // A truncated message may end inside a record; what was read whole is kept.
        }

        return new DnsMessage
        {
            Header = new DnsHeader
            {
                Id = id,
                IsResponse = (flags & QrBit) != 0,
                Opcode = (DnsOpcode)((flags >> OpcodeShift) & 0xF),
                IsAuthoritative = (flags & AaBit) != 0,
                IsTruncated = truncated,
                RecursionDesired = (flags & RdBit) != 0,
                RecursionAvailable = (flags & RaBit) != 0,
                Reserved = (flags & ZBit) != 0,
                AuthenticData = (flags & AdBit) != 0,
                CheckingDisabled = (flags & CdBit) != 0,
                ResponseCode = (DnsResponseCode)((extendedRcode << 4) | (flags & HeaderRcodeMask)),
            },
            Questions = questions.ToImmutable(),
            Answers = answers.ToImmutable(),
            Authorities = authorities.ToImmutable(),
            Additionals = additionals.ToImmutable(),
            Edns = edns,
        };
    }

    private static void ReadRecords(ref DnsWireReader reader, int count, bool truncated, ImmutableArray<DnsRecord>.Builder into)
    {
        for (var i = 0; i < count && !(truncated && reader.AtEnd); i++)
        {
            var name = reader.ReadName();
            into.Add(ReadRecordAfterType(ref reader, name, (DnsRecordType)reader.ReadUInt16()));
        }
    }

    // An OPT outside the additional section is not EDNS (RFC 6891 §6.1.1): it is kept raw like any unknown type.
    private static DnsRecord ReadRecordAfterType(ref DnsWireReader reader, DnsName name, DnsRecordType type)
    {
        var @class = (DnsClass)reader.ReadUInt16();
        var ttl = reader.ReadUInt32();
        var length = ReadRecordDataLength(ref reader);
        reader.BeginRecordData(length, type);
        var data = type == DnsRecordType.OPT
            ? new UnknownData(type, new DnsBytes(reader.ReadToLimit()))
            : DnsRecordData.Read(ref reader, type, @class, length);
        reader.EndRecordData();
        return new DnsRecord(name, ttl, data, @class);
    }

    private static int ReadRecordDataLength(ref DnsWireReader reader)
    {
        var at = reader.Position;
        int length = reader.ReadUInt16();
        if (length > reader.Remaining)
            throw new DnsFormatException(DnsFormatError.RecordDataOverrun, at, $"RDLENGTH is {length}, but only {reader.Remaining} octets follow");
        return length;
    }

    private static (DnsEdns Edns, int ExtendedRcode) ReadOpt(ref DnsWireReader reader)
    {
        var payloadSize = reader.ReadUInt16();
        var extendedRcode = reader.ReadByte();
        var version = reader.ReadByte();
        var flags = reader.ReadUInt16();
        var length = ReadRecordDataLength(ref reader);
        reader.BeginRecordData(length, DnsRecordType.OPT);
        var options = ImmutableArray.CreateBuilder<EdnsOption>();
        while (!reader.AtEnd)
        {
            var code = reader.ReadUInt16();
            int optionLength = reader.ReadUInt16();
            options.Add(new EdnsOption(code, new DnsBytes(reader.ReadSpan(optionLength))));
        }
        reader.EndRecordData();
        var edns = new DnsEdns
        {
            UdpPayloadSize = payloadSize,
            Version = version,
            DnssecOk = (flags & DoBit) != 0,
            OtherFlags = (ushort)(flags & ~DoBit),
            Options = options.ToImmutable(),
        };
        return (edns, extendedRcode);
    }

    public static byte[] Encode(DnsMessage message)
    {
        var header = message.Header;
        var rcode = (int)header.ResponseCode;
        if (rcode > MaxExtendedRcode) throw new ArgumentException($"RCODE {rcode} does not fit in 12 bits");
        if (rcode > HeaderRcodeMask && message.Edns is null)
            throw new ArgumentException($"RCODE {header.ResponseCode} ({rcode}) needs EDNS: only the low 4 bits fit in the header (RFC 6891 §6.1.3)");
        if ((int)header.Opcode > 0xF) throw new ArgumentException($"opcode {(int)header.Opcode} does not fit in 4 bits");

        var writer = new DnsWireWriter();
        writer.WriteUInt16(header.Id);
        var flags = (ushort)(((int)header.Opcode << OpcodeShift) | (rcode & HeaderRcodeMask));
        if (header.IsResponse) flags |= QrBit;
        if (header.IsAuthoritative) flags |= AaBit;
        if (header.IsTruncated) flags |= TcBit;
        if (header.RecursionDesired) flags |= RdBit;
        if (header.RecursionAvailable) flags |= RaBit;
        if (header.Reserved) flags |= ZBit;
        if (header.AuthenticData) flags |= AdBit;
        if (header.CheckingDisabled) flags |= CdBit;
        writer.WriteUInt16(flags);
        writer.WriteUInt16(Count(message.Questions.Length, "questions"));
        writer.WriteUInt16(Count(message.Answers.Length, "answers"));
        writer.WriteUInt16(Count(message.Authorities.Length, "authority records"));
        writer.WriteUInt16(Count(message.Additionals.Length + (message.Edns is null ? 0 : 1), "additional records"));

        foreach (var question in message.Questions)
        {
            writer.WriteName(question.Name, compress: true);
            writer.WriteUInt16((ushort)question.Type);
            writer.WriteUInt16((ushort)question.Class);
        }
        foreach (var record in message.Answers) WriteRecord(writer, record);
        foreach (var record in message.Authorities) WriteRecord(writer, record);
        foreach (var record in message.Additionals) WriteRecord(writer, record);
        if (message.Edns is { } edns) WriteOpt(writer, edns, rcode >> 4);
        return writer.ToArray();
    }

    private static ushort Count(int count, string section) =>
        count <= ushort.MaxValue ? (ushort)count : throw new ArgumentException($"{count} {section} do not fit in a 16-bit count");

    private static void WriteRecord(DnsWireWriter writer, DnsRecord record)
    {
        writer.WriteName(record.Name, compress: true);
        writer.WriteUInt16((ushort)record.Type);
        writer.WriteUInt16((ushort)record.Class);
        writer.WriteUInt32(record.Ttl);
        var lengthAt = writer.ReserveLength();
        record.Data.Write(writer);
        writer.PatchLength(lengthAt, $"the RDATA of {record.Name} {record.Type}");
    }

    private static void WriteOpt(DnsWireWriter writer, DnsEdns edns, int extendedRcode)
    {
        writer.WriteByte(0); // the root owns OPT
        writer.WriteUInt16((ushort)DnsRecordType.OPT);
        writer.WriteUInt16(edns.UdpPayloadSize);
        writer.WriteByte((byte)extendedRcode);
        writer.WriteByte(edns.Version);
        writer.WriteUInt16((ushort)((edns.DnssecOk ? DoBit : 0) | (edns.OtherFlags & ~DoBit)));
        var lengthAt = writer.ReserveLength();
        foreach (var option in edns.Options)
        {
            writer.WriteUInt16(option.Code);
            var optionAt = writer.ReserveLength();
            writer.WriteBytes(option.Data.Span);
            writer.PatchLength(optionAt, $"EDNS option {option.Code}");
        }
        writer.PatchLength(lengthAt, "the OPT RDATA");
    }
}
