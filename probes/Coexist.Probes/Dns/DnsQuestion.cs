namespace Coexist.Probes.Dns;

/// <summary>A question (RFC 1035 §4.1.2). Equality ignores the name's case, as answers are matched (RFC 5452 §9.1).</summary>
public sealed record DnsQuestion(DnsName Name, DnsRecordType Type, DnsClass Class = DnsClass.IN)
{
    public override string ToString() => $"{Name} {Class} {Type}";
}
