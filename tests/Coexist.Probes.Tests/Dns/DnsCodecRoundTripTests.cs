using System.Net;
using Coexist.Probes.Dns;
using static Coexist.Probes.Tests.Dns.DnsTestMessages;

namespace Coexist.Probes.Tests.Dns;

public sealed class DnsCodecRoundTripTests
{
    public static TheoryData<int> RecordIndexes() => [.. Enumerable.Range(0, EveryType().Length)];

    [Theory]
    [MemberData(nameof(RecordIndexes))]
    public void Every_record_type_reads_back_equal_in_every_section(int index)
    {
        var record = EveryType()[index];
        var message = new DnsMessage
        {
            Header = new DnsHeader { Id = 7, IsResponse = true },
            Questions = [new DnsQuestion(record.Name, record.Type, record.Class)],
            Answers = [record],
            Authorities = [record],
            Additionals = [record],
        };

        var decoded = DnsMessage.Decode(message.Encode());

        foreach (var section in new[] { decoded.Answers, decoded.Authorities, decoded.Additionals })
        {
            var read = Assert.Single(section);
            Assert.Equal(record, read);
            Assert.Equal(record.Type, read.Type);
            Assert.True(record.Name.EqualsExactly(read.Name), $"owner case changed: {read.Name}");
        }
    }

    [Fact]
    public void A_full_response_reads_back_with_every_flag_section_and_option()
    {
        var message = FullResponse();
        var wire = message.Encode();
        var decoded = DnsMessage.Decode(wire);

        Assert.Equal(message.Header, decoded.Header);
        Assert.Equal(message.Questions.AsEnumerable(), decoded.Questions);
        Assert.Equal(message.Answers.AsEnumerable(), decoded.Answers);
        Assert.Equal(message.Authorities.AsEnumerable(), decoded.Authorities);
        Assert.Equal(message.Additionals.AsEnumerable(), decoded.Additionals);
        Assert.Equal(message.Edns, decoded.Edns);
        Assert.Equal(message, decoded);
        Assert.NotEqual(message, decoded with { Answers = decoded.Answers[1..] });
        Assert.Equal(wire, decoded.Encode());
    }

    [Theory]
    [InlineData(DnsOpcode.Query)]
    [InlineData(DnsOpcode.Status)]
    [InlineData(DnsOpcode.Notify)]
    [InlineData(DnsOpcode.Update)]
    [InlineData((DnsOpcode)15)]
    public void Opcodes_read_back(DnsOpcode opcode)
    {
        var message = new DnsMessage { Header = new DnsHeader { Id = 1, Opcode = opcode, Reserved = true, IsTruncated = true } };
        Assert.Equal(message.Header, DnsMessage.Decode(message.Encode()).Header);
    }

    [Theory]
    [InlineData(DnsResponseCode.NXDomain, false)]
    [InlineData(DnsResponseCode.BadVers, true)]
    [InlineData(DnsResponseCode.BadCookie, true)]
    [InlineData((DnsResponseCode)4095, true)]
    public void The_extended_rcode_is_split_between_header_and_opt(DnsResponseCode code, bool needsEdns)
    {
        var message = new DnsMessage { Header = new DnsHeader { Id = 1, IsResponse = true, ResponseCode = code }, Edns = new DnsEdns() };
        var wire = message.Encode();

        Assert.Equal((int)code & 0xF, wire[3] & 0xF);
        Assert.Equal(code, DnsMessage.Decode(wire).ResponseCode);
        if (needsEdns)
            Assert.Throws<ArgumentException>(() => (message with { Edns = null }).Encode());
    }

    [Fact]
    public void Edns_fields_travel_in_class_and_ttl()
    {
        var message = new DnsMessage { Edns = new DnsEdns { UdpPayloadSize = 4096, Version = 1, DnssecOk = true, OtherFlags = 0x0001 } };
        var wire = message.Encode();
        // OPT: root, TYPE 41, CLASS = payload size, TTL = ext-rcode 0, version 1, flags DO|1, RDLENGTH 0.
        Assert.Equal<byte>([0, 0, 41, 0x10, 0x00, 0, 1, 0x80, 0x01, 0, 0], wire[12..]);
        Assert.Equal(message.Edns, DnsMessage.Decode(wire).Edns);
        Assert.Empty(DnsMessage.Decode(wire).Additionals);
    }

    [Fact]
    public void Text_fields_keep_every_octet()
    {
        var all = new string([.. Enumerable.Range(0, 255).Select(i => (char)i)]);
        var record = new DnsRecord(Name("t.example"), 1, new TxtData(all, "\u00ff"));
        var decoded = DnsMessage.Decode(new DnsMessage { Answers = [record] }.Encode());
        var txt = Assert.IsType<TxtData>(Assert.Single(decoded.Answers).Data);
        Assert.Equal(all, txt.Strings[0]);
        Assert.Equal(all + "\u00ff", txt.Text);
    }

    [Fact]
    public void Encoding_rejects_fields_the_wire_cannot_hold()
    {
        var name = Name("x.example");
        Assert.Throws<ArgumentException>(() => new DnsMessage { Answers = [new DnsRecord(name, 1, new AData(IPAddress.IPv6Loopback))] }.Encode());
        Assert.Throws<ArgumentException>(() => new DnsMessage { Answers = [new DnsRecord(name, 1, new AaaaData(IPAddress.Loopback))] }.Encode());
        Assert.Throws<ArgumentException>(() => new DnsMessage { Answers = [new DnsRecord(name, 1, new TxtData(new string('a', 256)))] }.Encode());
        Assert.Throws<ArgumentException>(() => new DnsMessage { Answers = [new DnsRecord(name, 1, new TxtData("\u0100"))] }.Encode());
        Assert.Throws<ArgumentException>(() => new DnsMessage { Answers = [new DnsRecord(name, 1, new CaaData(0, "issue", "\u20ac"))] }.Encode());
        var huge = new DnsRecord(name, 1, new UnknownData((DnsRecordType)65280, new byte[60000]));
        Assert.Throws<ArgumentException>(() => new DnsMessage { Answers = [huge, huge] }.Encode());
    }

    [Fact]
    public void Default_arrays_read_as_empty()
    {
        var message = new DnsMessage { Answers = default, Questions = default };
        Assert.Empty(message.Answers);
        Assert.Equal(DnsLimits.HeaderLength, message.Encode().Length);
        Assert.Empty(new TxtData(default(System.Collections.Immutable.ImmutableArray<string>)).Strings);
    }

    [Fact]
    public void Records_compare_by_value()
    {
        Assert.Equal(new DnskeyData(257, 3, 13, new byte[] { 1, 2 }), new DnskeyData(257, 3, 13, new byte[] { 1, 2 }));
        Assert.NotEqual(new DnskeyData(257, 3, 13, new byte[] { 1, 2 }), new DnskeyData(257, 3, 13, new byte[] { 1, 3 }));
        Assert.Equal(new TxtData("a", "b"), new TxtData("a", "b"));
        Assert.NotEqual(new TxtData("a", "b"), new TxtData("ab"));
        Assert.NotEqual<DnsRecordData>(new CnameData(Name("a.example")), new PtrData(Name("a.example")));
    }

    [Fact]
    public void Signed_answers_are_recognised_per_type()
    {
        var zone = Name("example.com");
        var message = new DnsMessage
        {
            Answers =
            [
                new DnsRecord(zone, 1, new AData(IPAddress.Parse("192.0.2.1"))),
                new DnsRecord(zone, 1, new RrsigData(DnsRecordType.A, 13, 2, 1, 0, 0, 1, zone, new byte[] { 1 })),
            ],
        };
        var decoded = DnsMessage.Decode(message.Encode());
        Assert.True(decoded.IsSigned(Name("EXAMPLE.com"), DnsRecordType.A));
        Assert.False(decoded.IsSigned(zone, DnsRecordType.AAAA));
    }
}
