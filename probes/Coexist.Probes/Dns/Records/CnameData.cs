namespace Coexist.Probes.Dns;

/// <summary>CNAME: the canonical name (RFC 1035 §3.3.1).</summary>
public sealed record CnameData(DnsName Target) : DnsRecordData
{
    public override DnsRecordType Type => DnsRecordType.CNAME;

    // An RFC 1035 type, so its name may be compressed (RFC 3597 §4).
    internal override void Write(DnsWireWriter writer) => writer.WriteName(Target, compress: true);

    public override string ToString() => Target.ToString();
}
