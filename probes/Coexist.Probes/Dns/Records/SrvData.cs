namespace Coexist.Probes.Dns;

/// <summary>SRV: where a service runs (RFC 2782). A target of "." means the service is decidedly not available.</summary>
public sealed record SrvData(ushort Priority, ushort Weight, ushort Port, DnsName Target) : DnsRecordData
{
    public override DnsRecordType Type => DnsRecordType.SRV;

    internal static SrvData Read(ref DnsWireReader reader)
    {
        var priority = reader.ReadUInt16();
        var weight = reader.ReadUInt16();
        var port = reader.ReadUInt16();
        return new SrvData(priority, weight, port, reader.ReadName());
    }

    internal override void Write(DnsWireWriter writer)
    {
        writer.WriteUInt16(Priority);
        writer.WriteUInt16(Weight);
        writer.WriteUInt16(Port);
        // RFC 2782: "name compression is not to be used for this field".
        writer.WriteName(Target, compress: false);
    }

    public override string ToString() => $"{Priority} {Weight} {Port} {Target}";
}
