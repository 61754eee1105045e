using System.Net;
using System.Text;
using Coexist.Probes.Dns;
using static Coexist.Probes.Tests.Dns.DnsTestMessages;

namespace Coexist.Probes.Tests.Dns;

/// <summary>Byte-exact vectors: the RFC 1035 §4.1.4 compression example and hand-assembled messages.</summary>
public sealed class DnsWireVectorTests
{
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void Writer_reproduces_the_rfc1035_compression_example()
    {
        // RFC 1035 §4.1.4: F.ISI.ARPA at 20, FOO.F.ISI.ARPA at 40, ARPA at 64 and the root at 92.
        var writer = new DnsWireWriter();
        writer.WriteBytes(new byte[20]);
        writer.WriteName(Name("F.ISI.ARPA"), compress: true);
        writer.WriteBytes(new byte[40 - writer.Position]);
        writer.WriteName(Name("FOO.F.ISI.ARPA"), compress: true);
        writer.WriteBytes(new byte[64 - writer.Position]);
        writer.WriteName(Name("ARPA"), compress: true);
        writer.WriteBytes(new byte[92 - writer.Position]);
        writer.WriteName(DnsName.Root, compress: true);
        var wire = writer.ToArray();

        Assert.Equal<byte>([1, .. Ascii("F"), 3, .. Ascii("ISI"), 4, .. Ascii("ARPA"), 0], wire[20..32]);
        Assert.Equal<byte>([3, .. Ascii("FOO"), 0xC0, 20], wire[40..46]);
        Assert.Equal<byte>([0xC0, 26], wire[64..66]);
        Assert.Equal(0, wire[92]);
        Assert.Equal(93, wire.Length);
    }

    [Theory]
    [InlineData(20, "F.ISI.ARPA", 32)]
    [InlineData(40, "FOO.F.ISI.ARPA", 46)]
    [InlineData(64, "ARPA", 66)]
    [InlineData(92, ".", 93)]
    public void Reader_follows_the_rfc1035_compression_example(int offset, string expected, int endsAt)
    {
        var wire = new byte[93];
        byte[] fIsiArpa = [1, .. Ascii("F"), 3, .. Ascii("ISI"), 4, .. Ascii("ARPA"), 0];
        fIsiArpa.CopyTo(wire, 20);
        byte[] foo = [3, .. Ascii("FOO"), 0xC0, 20];
        foo.CopyTo(wire, 40);
        wire[64] = 0xC0;
        wire[65] = 26;

        var reader = new DnsWireReader(wire);
        reader.Skip(offset);
        var name = reader.ReadName();

        Assert.True(name.EqualsExactly(Name(expected)), name.ToString());
        Assert.Equal(endsAt, reader.Position);
    }

    [Fact]
    public void A_query_encodes_to_the_bytes_rfc1035_lays_out()
    {
        var query = DnsMessage.CreateQuery(0x1234, new DnsQuestion(Name("example.com"), DnsRecordType.A));
        byte[] expected =
        [
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            7, .. Ascii("example"), 3, .. Ascii("com"), 0, 0, 1, 0, 1,
        ];
        Assert.Equal(expected, query.Encode());
    }

    [Fact]
    public void A_query_with_edns_appends_the_opt_record()
    {
        var query = DnsMessage.CreateQuery(0xABCD, new DnsQuestion(Name("example.com"), DnsRecordType.AAAA), recursionDesired: false, edns: new DnsEdns { DnssecOk = true }, checkingDisabled: true);
        byte[] expected =
        [
            0xAB, 0xCD, 0x00, 0x10, 0, 1, 0, 0, 0, 0, 0, 1,
            7, .. Ascii("example"), 3, .. Ascii("com"), 0, 0, 28, 0, 1,
            0, 0, 41, 0x04, 0xD0, 0, 0, 0x80, 0, 0, 0,
        ];
        Assert.Equal(expected, query.Encode());
    }

    [Fact]
    public void An_answer_points_its_owner_at_the_question()
    {
        var query = DnsMessage.CreateQuery(1, new DnsQuestion(Name("example.com"), DnsRecordType.A));
        var answer = Answer(query, new DnsRecord(Name("example.com"), 0x0E10, new AData(IPAddress.Parse("192.0.2.1")))) with { Edns = null };
        var wire = answer.Encode();
        byte[] record = [0xC0, 12, 0, 1, 0, 1, 0, 0, 0x0E, 0x10, 0, 4, 192, 0, 2, 1];
        Assert.Equal(record, wire[^16..]);
        Assert.Equal(0x85, wire[2]); // QR, AA, RD
    }

    [Fact]
    public void Rdata_names_compress_only_for_rfc1035_types()
    {
        var owner = Name("_sip._udp.example.com");
        var target = Name("sip.example.com");
        var message = new DnsMessage
        {
            Answers =
            [
                new DnsRecord(owner, 1, new SrvData(1, 2, 5060, target)),
                new DnsRecord(Name("example.com"), 1, new MxData(10, target)),
            ],
        };
        var wire = message.Encode();

        // The SRV target is written whole (RFC 2782), even though "example.com" was already written.
        var srvTarget = wire.AsSpan(12 + 23 + 10 + 6, 17).ToArray();
        Assert.Equal<byte>([3, .. Ascii("sip"), 7, .. Ascii("example"), 3, .. Ascii("com"), 0], srvTarget);
        // The MX exchange (RFC 1035) is compressed: "sip", then a pointer to the "example.com" of the SRV owner.
        Assert.Equal<byte>([0, 10, 3, .. Ascii("sip"), 0xC0, 22], wire[^8..]);
        Assert.Equal(message.Answers.AsEnumerable(), DnsMessage.Decode(wire).Answers);
    }

    [Fact]
    public void Compression_keeps_case_by_matching_only_same_case_suffixes()
    {
        var message = new DnsMessage
        {
            Questions = [new DnsQuestion(Name("WWW.EXAMPLE.COM"), DnsRecordType.A)],
            Answers = [new DnsRecord(Name("www.example.com"), 1, new AData(IPAddress.Parse("192.0.2.1")))],
        };
        var decoded = DnsMessage.Decode(message.Encode());
        Assert.Equal("WWW.EXAMPLE.COM", decoded.Questions[0].Name.ToString());
        Assert.Equal("www.example.com", decoded.Answers[0].Name.ToString());
    }

    [Fact]
    public void Names_written_again_become_two_octet_pointers()
    {
        var name = Name("a.long.name.example.com");
        var records = Enumerable.Range(0, 10).Select(i => new DnsRecord(name, 1, new AData(new IPAddress([192, 0, 2, (byte)i])))).ToArray();
        var wire = new DnsMessage { Questions = [new DnsQuestion(name, DnsRecordType.A)], Answers = [.. records] }.Encode();
        // Header, question (25 + 4), then 10 records of pointer (2) + fixed fields (10) + address (4).
        Assert.Equal(12 + 25 + 4 + 10 * 16, wire.Length);
    }
}
