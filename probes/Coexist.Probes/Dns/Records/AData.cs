using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Dns;

/// <summary>A: one IPv4 address (RFC 1035 §3.4.1).</summary>
public sealed record AData(IPAddress Address) : DnsRecordData
{
    private const int Length = 4;

    public override DnsRecordType Type => DnsRecordType.A;

    internal static AData Read(ref DnsWireReader reader, int length)
    {
        if (length != Length)
            throw new DnsFormatException(DnsFormatError.RecordDataLengthMismatch, reader.Position, $"A RDATA is {length} octets, not {Length}");
        return new AData(new IPAddress(reader.ReadSpan(Length)));
    }

    internal override void Write(DnsWireWriter writer)
    {
        if (Address.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"an A record holds an IPv4 address, not {Address}");
        writer.WriteBytes(Address.GetAddressBytes());
    }

    public override string ToString() => Address.ToString();
}
