namespace Coexist.Probes.Dns;

/// <summary>DNSKEY: a zone's public key (RFC 4034 §2.1).</summary>
public sealed record DnskeyData(ushort Flags, byte Protocol, byte Algorithm, DnsBytes PublicKey) : DnsRecordData
{
    /// <summary>RFC 4034 §2.1.1: bit 7, the key signs the zone.</summary>
    public const ushort ZoneKeyFlag = 0x0100;

    /// <summary>RFC 3757: bit 15, the key is a key-signing key.</summary>
    public const ushort SecureEntryPointFlag = 0x0001;

    public override DnsRecordType Type => DnsRecordType.DNSKEY;

    internal static DnskeyData Read(ref DnsWireReader reader)
    {
        var flags = reader.ReadUInt16();
        var protocol = reader.ReadByte();
        var algorithm = reader.ReadByte();
        return new DnskeyData(flags, protocol, algorithm, new DnsBytes(reader.ReadToLimit()));
    }

    internal override void Write(DnsWireWriter writer)
    {
        writer.WriteUInt16(Flags);
        writer.WriteByte(Protocol);
        writer.WriteByte(Algorithm);
        writer.WriteBytes(PublicKey.Span);
    }

    public override string ToString() => $"{Flags} {Protocol} {Algorithm} {Convert.ToBase64String(PublicKey.Span)}";
}
