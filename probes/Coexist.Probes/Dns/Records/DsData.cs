namespace Coexist.Probes.Dns;

/// <summary>DS: the digest of a child zone's key, held by the parent (RFC 4034 §5.1).</summary>
public sealed record DsData(ushort KeyTag, byte Algorithm, byte DigestType, DnsBytes Digest) : DnsRecordData
{
    public override DnsRecordType Type => DnsRecordType.DS;

    internal static DsData Read(ref DnsWireReader reader)
    {
        var keyTag = reader.ReadUInt16();
        var algorithm = reader.ReadByte();
        var digestType = reader.ReadByte();
        return new DsData(keyTag, algorithm, digestType, new DnsBytes(reader.ReadToLimit()));
    }

    internal override void Write(DnsWireWriter writer)
    {
        writer.WriteUInt16(KeyTag);
        writer.WriteByte(Algorithm);
        writer.WriteByte(DigestType);
        writer.WriteBytes(Digest.Span);
    }

    public override string ToString() => $"{KeyTag} {Algorithm} {DigestType} {Digest}";
}
