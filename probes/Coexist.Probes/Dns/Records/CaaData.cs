namespace Coexist.Probes.Dns;

/// <summary>
/// CAA: which certificate authorities may issue for the name (RFC 8659 §4.1). Tag and value are kept as
/// received, one char per octet, even where they break RFC 8659's syntax, so that a probe can report it.
/// </summary>
public sealed record CaaData(byte Flags, string Tag, string Value) : DnsRecordData
{
    /// <summary>RFC 8659 §4.1: the issuer-critical flag.</summary>
    public const byte IssuerCriticalFlag = 0x80;

    public override DnsRecordType Type => DnsRecordType.CAA;

    public bool IsIssuerCritical => (Flags & IssuerCriticalFlag) != 0;

    internal static CaaData Read(ref DnsWireReader reader)
    {
        var flags = reader.ReadByte();
        var tag = reader.ReadCharacterString();
        return new CaaData(flags, tag, System.Text.Encoding.Latin1.GetString(reader.ReadToLimit()));
    }

    internal override void Write(DnsWireWriter writer)
    {
        writer.WriteByte(Flags);
        writer.WriteCharacterString(Tag, "the CAA tag");
        writer.WriteLatin1(Value, "the CAA value");
    }

    public override string ToString() => $"{Flags} {Tag} \"{Value}\"";
}
