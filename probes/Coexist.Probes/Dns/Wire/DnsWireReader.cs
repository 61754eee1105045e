using System.Buffers.Binary;
using System.Text;

namespace Coexist.Probes.Dns;

/// <summary>
/// Reads a message front to back. Every read is bounded by <see cref="_limit"/>, which is the message end,
/// or the RDATA end while a record's data is read, so that an overrun names the right fault.
/// </summary>
internal ref struct DnsWireReader
{
    private readonly ReadOnlySpan<byte> _message;
    private int _limit;
    private DnsFormatError _overrun;
    private string _context;

    public DnsWireReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _limit = message.Length;
        _overrun = DnsFormatError.UnexpectedEnd;
        _context = "message";
    }

    public int Position { get; private set; }

    public readonly int Remaining => _limit - Position;

    public readonly int MessageLength => _message.Length;

    public readonly bool AtEnd => Position >= _limit;

    public void Skip(int count)
    {
        Require(count);
        Position += count;
    }

    public byte ReadByte()
    {
        Require(1);
        return _message[Position++];
    }

    public ushort ReadUInt16()
    {
        Require(2);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_message[Position..]);
        Position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Require(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_message[Position..]);
        Position += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        Require(count);
        var span = _message.Slice(Position, count);
        Position += count;
        return span;
    }

    /// <summary>The rest of the current RDATA.</summary>
    public ReadOnlySpan<byte> ReadToLimit() => ReadSpan(Remaining);

    /// <summary>A character-string (RFC 1035 §3.3): a length octet, then that many octets, one char each.</summary>
    public string ReadCharacterString()
    {
        var length = ReadByte();
        return Encoding.Latin1.GetString(ReadSpan(length));
    }

    /// <summary>Bounds reads to the next <paramref name="length"/> octets, the RDATA of a <paramref name="type"/> record.</summary>
    public void BeginRecordData(int length, DnsRecordType type)
    {
        _limit = Position + length;
        _overrun = DnsFormatError.RecordDataLengthMismatch;
        _context = $"{type} RDATA of {length} octets";
    }

    /// <summary>Checks that the RDATA was read exactly, then bounds reads by the message again.</summary>
    public void EndRecordData()
    {
        if (Position != _limit)
            throw new DnsFormatException(DnsFormatError.RecordDataLengthMismatch, Position, $"{_context} has {_limit - Position} octets its fields do not use");
        _limit = _message.Length;
        _overrun = DnsFormatError.UnexpectedEnd;
        _context = "message";
    }

    /// <summary>
    /// Reads a name, following compression pointers (RFC 1035 §4.1.4). Each pointer must point strictly
    /// before the run of labels that led to it, so every jump goes further back and reading ends.
    /// </summary>
    public DnsName ReadName()
    {
        Span<byte> name = stackalloc byte[DnsLimits.MaxNameLength];
        var length = 0;
        var labels = 0;
        var position = Position;
        var runStart = Position;
        var limit = _limit;
        var jumps = 0;
        while (true)
        {
            if (position >= limit) throw Overrun(position, "a name");
            var octet = _message[position];
            switch (octet & 0xC0)
            {
                case 0x00 when octet == 0:
                    name[length++] = 0;
                    if (jumps == 0) Position = position + 1;
                    return DnsName.FromWire(name[..length], labels);
                case 0x00:
                    if (position + 1 + octet > limit) throw Overrun(position, "a label");
                    // One octet must stay free for the root.
                    if (length + 1 + octet + 1 > DnsLimits.MaxNameLength)
                        throw new DnsFormatException(DnsFormatError.NameTooLong, position, $"a name grows past {DnsLimits.MaxNameLength} octets");
                    _message.Slice(position, 1 + octet).CopyTo(name[length..]);
                    length += 1 + octet;
                    labels++;
                    position += 1 + octet;
                    break;
                case 0xC0:
                    if (position + 2 > limit) throw Overrun(position, "a compression pointer");
                    var target = ((octet & 0x3F) << 8) | _message[position + 1];
                    if (target >= _message.Length)
                        throw new DnsFormatException(DnsFormatError.PointerOutOfRange, position, $"a compression pointer points to {target}, past the message's {_message.Length} octets");
                    if (target >= runStart)
                        throw new DnsFormatException(DnsFormatError.CompressionLoop, position, $"a compression pointer points to {target}, not before {runStart} where its labels began");
                    if (++jumps > DnsLimits.MaxCompressionJumps)
                        throw new DnsFormatException(DnsFormatError.CompressionLoop, position, $"a name follows more than {DnsLimits.MaxCompressionJumps} compression pointers");
                    if (jumps == 1) Position = position + 2;
                    // Labels reached through a pointer lie earlier in the message, outside any RDATA bound.
                    limit = _message.Length;
                    runStart = target;
                    position = target;
                    break;
                default:
                    throw new DnsFormatException(DnsFormatError.ReservedLabelType, position, $"label type 0x{octet & 0xC0:X2} is reserved");
            }
        }
    }

    private readonly void Require(int count)
    {
        if (count > _limit - Position) throw Overrun(Position, $"{count} octets");
    }

    private readonly DnsFormatException Overrun(int position, string what) =>
        new(_overrun, position, $"{_context} ends before {what}");
}
