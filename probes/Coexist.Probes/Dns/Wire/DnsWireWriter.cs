using System.Buffers.Binary;
using System.Text;

namespace Coexist.Probes.Dns;

/// <summary>
/// Writes a message front to back, compressing names against names already written (RFC 1035 §4.1.4).
/// Suffixes match only with the same case, so that every name reads back exactly as it was given.
/// </summary>
internal sealed class DnsWireWriter
{
    private byte[] _buffer = new byte[DnsLimits.ClassicUdpPayloadSize];
    private readonly Dictionary<string, int> _suffixOffsets = new(StringComparer.Ordinal);

    public int Position { get; private set; }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Position++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Position), value);
        Position += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Position), value);
        Position += 4;
    }

    public void WriteBytes(ReadOnlySpan<byte> octets)
    {
        Ensure(octets.Length);
        octets.CopyTo(_buffer.AsSpan(Position));
        Position += octets.Length;
    }

    /// <summary>A character-string: one char per octet, at most 255 of them.</summary>
    /// <exception cref="ArgumentException">More than 255 chars, or a char above U+00FF.</exception>
    public void WriteCharacterString(string text, string field)
    {
        if (text.Length > DnsLimits.MaxCharacterStringLength)
            throw new ArgumentException($"{field} is {text.Length} octets long; a character-string holds at most {DnsLimits.MaxCharacterStringLength}");
        WriteByte((byte)text.Length);
        WriteLatin1(text, field);
    }

    /// <summary>Octets given as chars, one each (Latin-1), without a length.</summary>
    public void WriteLatin1(string text, string field)
    {
        foreach (var c in text)
        {
            if (c > 0xFF) throw new ArgumentException($"{field} holds U+{(int)c:X4}; each char stands for one octet (U+0000..U+00FF)");
        }
        Ensure(text.Length);
        Position += Encoding.Latin1.GetBytes(text, _buffer.AsSpan(Position));
    }

    /// <summary>
    /// Writes a name. With <paramref name="compress"/> the longest suffix already written becomes a pointer,
    /// and the name's own suffixes become targets for later names. RFC 3597 §4 allows compression only in the
    /// RDATA of the RFC 1035 types, so SRV, NAPTR and RRSIG names are written whole.
    /// </summary>
    public void WriteName(DnsName name, bool compress)
    {
        var wire = name.Wire;
        var offset = 0;
        while (wire[offset] != 0)
        {
            var suffix = compress ? Encoding.Latin1.GetString(wire[offset..]) : null;
            if (suffix is not null && _suffixOffsets.TryGetValue(suffix, out var target))
            {
                WriteUInt16((ushort)(0xC000 | target));
                return;
            }
            if (suffix is not null && Position <= DnsLimits.MaxPointerOffset) _suffixOffsets[suffix] = Position;
            var labelLength = wire[offset] + 1;
            WriteBytes(wire.Slice(offset, labelLength));
            offset += labelLength;
        }
        WriteByte(0);
    }

    /// <summary>Leaves room for a 16-bit length written later by <see cref="PatchLength"/>.</summary>
    public int ReserveLength()
    {
        WriteUInt16(0);
        return Position - 2;
    }

    /// <summary>Writes the number of octets written since <paramref name="lengthPosition"/>'s field.</summary>
    public void PatchLength(int lengthPosition, string what)
    {
        var length = Position - lengthPosition - 2;
        if (length > ushort.MaxValue) throw new ArgumentException($"{what} is {length} octets long, more than a 16-bit length can say");
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthPosition), (ushort)length);
    }

    public void PatchUInt16(int position, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(position), value);

    public byte[] ToArray() => _buffer.AsSpan(0, Position).ToArray();

    private void Ensure(int count)
    {
        var needed = Position + count;
        if (needed > DnsLimits.MaxMessageLength)
            throw new ArgumentException($"the message would be longer than {DnsLimits.MaxMessageLength} octets (RFC 1035 §4.2.2)");
        if (needed <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Min(DnsLimits.MaxMessageLength, Math.Max(needed, _buffer.Length * 2)));
    }
}
