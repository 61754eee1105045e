namespace Coexist.Probes.Dns;

/// <summary>
/// RRSIG: a DNSSEC signature over the RRset of <see cref="TypeCovered"/> (RFC 4034 §3.1). Times are seconds
/// since 1970 modulo 2^32 (RFC 4034 §3.1.5). Coexist reports signatures; it does not validate them.
/// </summary>
public sealed record RrsigData(
    DnsRecordType TypeCovered,
    byte Algorithm,
    byte Labels,
    uint OriginalTtl,
    uint SignatureExpiration,
    uint SignatureInception,
    ushort KeyTag,
    DnsName SignerName,
    DnsBytes Signature) : DnsRecordData
{
    public override DnsRecordType Type => DnsRecordType.RRSIG;

    internal static RrsigData Read(ref DnsWireReader reader)
    {
        var typeCovered = (DnsRecordType)reader.ReadUInt16();
        var algorithm = reader.ReadByte();
        var labels = reader.ReadByte();
        var originalTtl = reader.ReadUInt32();
        var expiration = reader.ReadUInt32();
        var inception = reader.ReadUInt32();
        var keyTag = reader.ReadUInt16();
        var signer = reader.ReadName();
        return new RrsigData(typeCovered, algorithm, labels, originalTtl, expiration, inception, keyTag, signer, new DnsBytes(reader.ReadToLimit()));
    }

    internal override void Write(DnsWireWriter writer)
    {
        writer.WriteUInt16((ushort)TypeCovered);
        writer.WriteByte(Algorithm);
        writer.WriteByte(Labels);
        writer.WriteUInt32(OriginalTtl);
        writer.WriteUInt32(SignatureExpiration);
        writer.WriteUInt32(SignatureInception);
        writer.WriteUInt16(KeyTag);
        // RFC 4034 §3.1.7: the signer's name is not compressed.
        writer.WriteName(SignerName, compress: false);
        writer.WriteBytes(Signature.Span);
    }

    public override string ToString() => $"{TypeCovered} {Algorithm} {Labels} {OriginalTtl} {SignatureExpiration} {SignatureInception} {KeyTag} {SignerName} {Convert.ToBase64String(Signature.Span)}";
}
