namespace Coexist.Probes.Dns;

/// <summary>SOA: the start of a zone of authority (RFC 1035 §3.3.13). Times are in seconds.</summary>
public sealed record SoaData(
    DnsName PrimaryServer,
    DnsName ResponsibleMailbox,
    uint Serial,
    uint Refresh,
    uint Retry,
    uint Expire,
    uint Minimum) : DnsRecordData
{
    public override DnsRecordType Type => DnsRecordType.SOA;

    internal static SoaData Read(ref DnsWireReader reader)
    {
        var primary = reader.ReadName();
        var mailbox = reader.ReadName();
        return new SoaData(primary, mailbox, reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
    }

    internal override void Write(DnsWireWriter writer)
    {
        writer.WriteName(PrimaryServer, compress: true);
        writer.WriteName(ResponsibleMailbox, compress: true);
        writer.WriteUInt32(Serial);
        writer.WriteUInt32(Refresh);
        writer.WriteUInt32(Retry);
        writer.WriteUInt32(Expire);
        writer.WriteUInt32(Minimum);
    }

    public override string ToString() => $"{PrimaryServer} {ResponsibleMailbox} {Serial} {Refresh} {Retry} {Expire} {Minimum}";
}
