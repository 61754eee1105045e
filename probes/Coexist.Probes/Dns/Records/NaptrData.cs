namespace Coexist.Probes.Dns;

/// <summary>NAPTR: a rewrite rule, as SIP uses to pick a transport (RFC 3403 §4.1, RFC 3263 §4.1).</summary>
public sealed record NaptrData(
    ushort Order,
    ushort Preference,
    string Flags,
    string Services,
    string Regexp,
    DnsName Replacement) : DnsRecordData
{
    public override DnsRecordType Type => DnsRecordType.NAPTR;

    internal static NaptrData Read(ref DnsWireReader reader)
    {
        var order = reader.ReadUInt16();
        var preference = reader.ReadUInt16();
        var flags = reader.ReadCharacterString();
        var services = reader.ReadCharacterString();
        var regexp = reader.ReadCharacterString();
        return new NaptrData(order, preference, flags, services, regexp, reader.ReadName());
    }

    internal override void Write(DnsWireWriter writer)
    {
        writer.WriteUInt16(Order);
        writer.WriteUInt16(Preference);
        writer.WriteCharacterString(Flags, "NAPTR flags");
        writer.WriteCharacterString(Services, "NAPTR services");
        writer.WriteCharacterString(Regexp, "NAPTR regexp");
        // RFC 3403 §4.1: the replacement is not compressed.
        writer.WriteName(Replacement, compress: false);
    }

    public override string ToString() => $"{Order} {Preference} \"{Flags}\" \"{Services}\" \"{Regexp}\" {Replacement}";
}
