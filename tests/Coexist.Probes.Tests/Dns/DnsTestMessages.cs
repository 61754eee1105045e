using System.Collections.Immutable;
using System.Net;
using Coexist.Probes.Dns;

namespace Coexist.Probes.Tests.Dns;

/// <summary>Messages the tests build answers and corpora from.</summary>
internal static class DnsTestMessages
{
    public static DnsName Name(string text) => DnsName.Parse(text);

    /// <summary>An answer to <paramref name="query"/> carrying <paramref name="answers"/>.</summary>
    public static DnsMessage Answer(DnsMessage query, params DnsRecord[] answers) => new()
    {
        Header = query.Header with { IsResponse = true, IsAuthoritative = true },
        Questions = query.Questions,
        Answers = [.. answers],
        Edns = query.Edns is null ? null : new DnsEdns(),
    };

    /// <summary>One record of every type the codec knows, and one it does not, owned by names that share suffixes.</summary>
    public static ImmutableArray<DnsRecord> EveryType()
    {
        var zone = Name("Example.COM");
        return
        [
            new DnsRecord(Name("www.Example.COM"), 300, new AData(IPAddress.Parse("192.0.2.1"))),
            new DnsRecord(Name("www.Example.COM"), 300, new AaaaData(IPAddress.Parse("2001:db8::1"))),
            new DnsRecord(Name("alias.example.com"), 60, new CnameData(Name("www.Example.COM"))),
            new DnsRecord(zone, 86400, new NsData(Name("ns1.example.net"))),
            new DnsRecord(zone, 3600, new SoaData(Name("ns1.example.net"), Name("hostmaster.Example.COM"), 2024010101, 7200, 900, 1209600, 300)),
            new DnsRecord(zone, 3600, new MxData(10, Name("mail.Example.COM"))),
            new DnsRecord(Name("_sip._udp.example.com"), 3600, new SrvData(10, 60, 5060, Name("sip.example.com"))),
            new DnsRecord(zone, 3600, new NaptrData(10, 50, "S", "SIP+D2U", "", Name("_sip._udp.example.com"))),
            new DnsRecord(zone, 3600, new NaptrData(100, 10, "u", "E2U+sip", "!^.*$!sip:info@example.com!", DnsName.Root)),
            new DnsRecord(zone, 300, new TxtData("v=spf1 -all", "", "second \"quoted\" string", "\u00ff\u0000binary")),
            new DnsRecord(zone, 300, new CaaData(CaaData.IssuerCriticalFlag, "issue", "ca.example.net; account=1")),
            new DnsRecord(Name("10.2.0.192.in-addr.arpa"), 300, new PtrData(Name("www.Example.COM"))),
            new DnsRecord(zone, 300, new RrsigData(DnsRecordType.A, 13, 2, 300, 1700000000, 1690000000, 12345, zone, new byte[] { 1, 2, 3, 4, 5 })),
            new DnsRecord(zone, 300, new DsData(12345, 13, 2, Convert.FromHexString("A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90"))),
            new DnsRecord(zone, 300, new DnskeyData(257, 3, 13, new byte[] { 9, 8, 7, 6 })),
            new DnsRecord(zone, 300, new UnknownData((DnsRecordType)65280, new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })),
            new DnsRecord(zone, 300, new UnknownData((DnsRecordType)65281, DnsBytes.Empty)),
            new DnsRecord(Name("version.bind"), 0, new TxtData("9.18"), DnsClass.CH),
            new DnsRecord(Name("chaos.example"), 0, new UnknownData(DnsRecordType.A, new byte[] { 7, 0, 1 }), DnsClass.CH),
        ];
    }

    /// <summary>A response using every section, flags and EDNS with options.</summary>
    public static DnsMessage FullResponse()
    {
        var records = EveryType();
        return new DnsMessage
        {
            Header = new DnsHeader
            {
                Id = 0xBEEF,
                IsResponse = true,
                Opcode = DnsOpcode.Query,
                IsAuthoritative = true,
                RecursionDesired = true,
                RecursionAvailable = true,
                AuthenticData = true,
                CheckingDisabled = true,
                ResponseCode = DnsResponseCode.NoError,
            },
            Questions = [new DnsQuestion(Name("www.Example.COM"), DnsRecordType.A)],
            Answers = records[..10],
            Authorities = records[10..13],
            Additionals = records[13..],
            Edns = new DnsEdns
            {
                UdpPayloadSize = 1232,
                DnssecOk = true,
                Options = [new EdnsOption(10, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }), new EdnsOption(3, DnsBytes.Empty)],
            },
        };
    }
}
