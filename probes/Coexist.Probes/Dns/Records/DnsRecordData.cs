namespace Coexist.Probes.Dns;

/// <summary>
/// The RDATA of a record, one immutable record type per RR type. Types the codec does not know, and
/// class-specific types in a class other than IN, are kept as <see cref="UnknownData"/> (RFC 3597).
/// Text fields (TXT, NAPTR, CAA) are strings with one char per octet (Latin-1), so they read back exactly.
/// </summary>
public abstract record DnsRecordData
{
    public abstract DnsRecordType Type { get; }

    internal abstract void Write(DnsWireWriter writer);

    /// <summary>Reads RDATA of <paramref name="length"/> octets; the reader is already bounded to it.</summary>
    internal static DnsRecordData Read(ref DnsWireReader reader, DnsRecordType type, DnsClass @class, int length) =>
        (type, @class) switch
        {
            (DnsRecordType.A, DnsClass.IN) => AData.Read(ref reader, length),
            (DnsRecordType.AAAA, DnsClass.IN) => AaaaData.Read(ref reader, length),
            (DnsRecordType.SRV, DnsClass.IN) => SrvData.Read(ref reader),
            (DnsRecordType.NAPTR, DnsClass.IN) => NaptrData.Read(ref reader),
            (DnsRecordType.CNAME, _) => new CnameData(reader.ReadName()),
            (DnsRecordType.NS, _) => new NsData(reader.ReadName()),
            (DnsRecordType.PTR, _) => new PtrData(reader.ReadName()),
            (DnsRecordType.SOA, _) => SoaData.Read(ref reader),
            (DnsRecordType.MX, _) => MxData.Read(ref reader),
            (DnsRecordType.TXT, _) => TxtData.Read(ref reader),
            (DnsRecordType.CAA, _) => CaaData.Read(ref reader),
            (DnsRecordType.RRSIG, _) => RrsigData.Read(ref reader),
            (DnsRecordType.DS, _) => DsData.Read(ref reader),
            (DnsRecordType.DNSKEY, _) => DnskeyData.Read(ref reader),
            _ => new UnknownData(type, new DnsBytes(reader.ReadToLimit())),
        };
}
