namespace Coexist.Probes.Dns;

/// <summary>PTR: the name an address or other name points to (RFC 1035 §3.3.12).</summary>
public sealed record PtrData(DnsName Target) : DnsRecordData
{
    public override DnsRecordType Type => DnsRecordType.PTR;

    // An RFC 1035 type, so its name may be compressed (RFC 3597 §4).
    internal override void Write(DnsWireWriter writer) => writer.WriteName(Target, compress: true);

    public override string ToString() => Target.ToString();
}
