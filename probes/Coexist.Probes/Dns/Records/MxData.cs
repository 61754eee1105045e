namespace Coexist.Probes.Dns;

/// <summary>MX: a mail exchanger; lower preference first (RFC 1035 §3.3.9, RFC 5321 §5.1).</summary>
public sealed record MxData(ushort Preference, DnsName Exchange) : DnsRecordData
{
    public override DnsRecordType Type => DnsRecordType.MX;

    internal static MxData Read(ref DnsWireReader reader)
    {
        var preference = reader.ReadUInt16();
        return new MxData(preference, reader.ReadName());
    }

    internal override void Write(DnsWireWriter writer)
    {
        writer.WriteUInt16(Preference);
        writer.WriteName(Exchange, compress: true);
    }

    public override string ToString() => $"{Preference} {Exchange}";
}
