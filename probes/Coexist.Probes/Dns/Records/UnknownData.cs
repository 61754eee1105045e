namespace Coexist.Probes.Dns;

/// <summary>RDATA of a type the codec does not decode, kept raw (RFC 3597 §5) and written back as it came.</summary>
public sealed record UnknownData(DnsRecordType RecordType, DnsBytes Data) : DnsRecordData
{
    public override DnsRecordType Type => RecordType;

    internal override void Write(DnsWireWriter writer) => writer.WriteBytes(Data.Span);

    /// <summary>The RFC 3597 §5 generic form: <c>\# LENGTH HEX</c>.</summary>
    public override string ToString() => Data.Length == 0 ? "\\# 0" : $"\\# {Data.Length} {Data}";
}
