namespace Coexist.Probes.Dns;

/// <summary>NS: an authoritative name server (RFC 1035 §3.3.11).</summary>
public sealed record NsData(DnsName Host) : DnsRecordData
{
    public override DnsRecordType Type => DnsRecordType.NS;

    // An RFC 1035 type, so its name may be compressed (RFC 3597 §4).
    internal override void Write(DnsWireWriter writer) => writer.WriteName(Host, compress: true);

    public override string ToString() => Host.ToString();
}
