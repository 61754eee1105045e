using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Dns;

/// <summary>AAAA: one IPv6 address (RFC 3596 §2.2).</summary>
public sealed record AaaaData(IPAddress Address) : DnsRecordData
{
    private const int Length = 16;

    public override DnsRecordType Type => DnsRecordType.AAAA;

    internal static AaaaData Read(ref DnsWireReader reader, int length)
    {
        if (length != Length)
            throw new DnsFormatException(DnsFormatError.RecordDataLengthMismatch, reader.Position, $"AAAA RDATA is {length} octets, not {Length}");
        return new AaaaData(new IPAddress(reader.ReadSpan(Length)));
    }

    internal override void Write(DnsWireWriter writer)
    {
        if (Address.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ArgumentException($"an AAAA record holds an IPv6 address, not {Address}");
        writer.WriteBytes(Address.GetAddressBytes());
    }

    public override string ToString() => Address.ToString();
}
