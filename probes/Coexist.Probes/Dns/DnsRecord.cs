namespace Coexist.Probes.Dns;

/// <summary>
/// A resource record (RFC 1035 §4.1.3). Its TYPE is its data's: <c>new DnsRecord(name, 300, new AData(address))</c>.
/// Equality compares every field, names ignoring case (<see cref="DnsName.EqualsExactly"/> compares case).
/// </summary>
public sealed record DnsRecord(DnsName Name, uint Ttl, DnsRecordData Data, DnsClass Class = DnsClass.IN)
{
    public DnsRecordType Type => Data.Type;

    public override string ToString() => $"{Name} {Ttl} {Class} {Type} {Data}";
}
