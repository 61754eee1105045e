using System.Net;
using System.Text;
using Coexist.Probes.Dns;
using static Coexist.Probes.Tests.Dns.DnsTestMessages;

namespace Coexist.Probes.Tests.Dns;

/// <summary>Each way a message can be broken gives its own <see cref="DnsFormatError"/> and the octet where reading stopped.</summary>
public sealed class DnsHostileInputTests
{
    private static byte[] Header(ushort qd = 0, ushort an = 0, ushort ns = 0, ushort ar = 0, ushort flags = 0x8000, ushort id = 1) =>
        [(byte)(id >> 8), (byte)id, (byte)(flags >> 8), (byte)flags, (byte)(qd >> 8), (byte)qd, (byte)(an >> 8), (byte)an, (byte)(ns >> 8), (byte)ns, (byte)(ar >> 8), (byte)ar];

    private static readonly byte[] ExampleCom = [7, .. Encoding.ASCII.GetBytes("example"), 3, .. Encoding.ASCII.GetBytes("com"), 0];

    // A record owned by a pointer to the question name (offset 12), with the given type and RDATA.
    private static byte[] Record(ushort type, ushort rdLength, params byte[] rdata) =>
        [0xC0, 12, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 1, 0, (byte)(rdLength >> 8), (byte)rdLength, .. rdata];

    private static byte[] Question(ushort type = 1) => [.. ExampleCom, 0, (byte)type, 0, 1];

    private static DnsFormatException Fails(byte[] wire, DnsFormatError expected)
    {
        var e = Assert.Throws<DnsFormatException>(() => DnsMessage.Decode(wire));
        Assert.Equal(expected, e.Error);
        Assert.InRange(e.Offset, 0, wire.Length);
        return e;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    public void A_short_header_is_a_truncated_header(int length) =>
        Fails(new byte[length], DnsFormatError.TruncatedHeader);

    [Fact]
    public void A_pointer_to_itself_is_a_compression_loop()
    {
        var e = Fails([.. Header(qd: 1), 0xC0, 12, 0, 1, 0, 1], DnsFormatError.CompressionLoop);
        Assert.Equal(12, e.Offset);
    }

    [Fact]
    public void A_pointer_back_into_its_own_labels_is_a_compression_loop() =>
        // "a" then a pointer to the "a": reading would go round forever.
        Fails([.. Header(qd: 1), 1, (byte)'a', 0xC0, 12, 0, 1, 0, 1], DnsFormatError.CompressionLoop);

    [Fact]
    public void Two_names_pointing_at_each_other_are_a_compression_loop()
    {
        // The question's name at 12 is "x" + pointer to 20, and at 20 sits "y" + pointer to 12. Any such
        // cycle needs one pointer that does not go back before its run of labels: here the first one.
        byte[] wire = [.. Header(qd: 1), 1, (byte)'x', 0xC0, 20, 0, 1, 0, 1, 1, (byte)'y', 0xC0, 12];
        var e = Fails(wire, DnsFormatError.CompressionLoop);
        Assert.Equal(14, e.Offset);
    }

    [Fact]
    public void A_forward_pointer_is_a_compression_loop() =>
        Fails([.. Header(qd: 1), 0xC0, 18, 0, 1, 0, 1, 0], DnsFormatError.CompressionLoop);

    [Fact]
    public void A_pointer_past_the_end_is_out_of_range()
    {
        var e = Fails([.. Header(qd: 1), 0xC0, 0xFF, 0, 1, 0, 1], DnsFormatError.PointerOutOfRange);
        Assert.Contains("255", e.Message);
    }

    [Fact]
    public void A_long_chain_of_pointers_is_bounded()
    {
        // The first record's RDATA holds a root and 200 pointers, each to the one before (strictly backwards);
        // the second record's owner points at the last: more jumps than any real name needs.
        var padded = new List<byte>(Header(an: 2));
        padded.AddRange([0, 0, 0xFF, 0, 1, 0, 0, 0, 0]); // root owner, type 255, class IN, TTL 0
        var chainStart = padded.Count + 2;
        var chain = new List<byte> { 0 };
        for (var i = 1; i <= 200; i++)
        {
            var target = i == 1 ? chainStart : chainStart + 1 + (i - 2) * 2;
            chain.AddRange([(byte)(0xC0 | (target >> 8)), (byte)target]);
        }
        padded.AddRange([(byte)(chain.Count >> 8), (byte)chain.Count, .. chain]);
        var owner = chainStart + 1 + 199 * 2;
        padded.AddRange([(byte)(0xC0 | (owner >> 8)), (byte)owner, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]);
        var e = Fails([.. padded], DnsFormatError.CompressionLoop);
        Assert.Contains("128", e.Message);
    }

    [Theory]
    [InlineData(0x40)]
    [InlineData(0x80)]
    public void Reserved_label_types_are_refused(byte labelType) =>
        Fails([.. Header(qd: 1), labelType, 0, 0, 1, 0, 1], DnsFormatError.ReservedLabelType);

    [Fact]
    public void A_name_over_255_octets_is_too_long()
    {
        var label = new byte[64];
        label[0] = 63;
        byte[] wire = [.. Header(qd: 1), .. label, .. label, .. label, .. label, 0, 0, 1, 0, 1];
        Fails(wire, DnsFormatError.NameTooLong);
    }

    [Fact]
    public void A_name_made_too_long_through_pointers_is_too_long()
    {
        // Two 63-octet labels at 12, then names that each add two more labels and point back: 5 labels of 63 > 255.
        var label = new byte[64];
        label[0] = 63;
        byte[] wire = [.. Header(qd: 2), .. label, .. label, 0, 0, 1, 0, 1, .. label, .. label, .. label, 0xC0, 12, 0, 1, 0, 1];
        Fails(wire, DnsFormatError.NameTooLong);
    }

    [Fact]
    public void A_question_cut_short_is_an_unexpected_end() =>
        Fails([.. Header(qd: 1), .. ExampleCom, 0, 1], DnsFormatError.UnexpectedEnd);

    [Fact]
    public void A_label_running_past_the_end_is_an_unexpected_end() =>
        Fails([.. Header(qd: 1), 20, (byte)'a', (byte)'b', 0, 0, 0, 0, 0], DnsFormatError.UnexpectedEnd);

    [Fact]
    public void A_record_cut_in_its_fixed_fields_is_an_unexpected_end()
    {
        // The record claims more than it has: its owner name is long enough to pass the count check,
        // but the message ends inside the TTL.
        byte[] wire = [.. Header(an: 1), .. ExampleCom, 0, 1, 0, 1, 0, 0];
        Fails(wire, DnsFormatError.UnexpectedEnd);
    }

    [Fact]
    public void A_huge_rdlength_is_an_rdata_overrun()
    {
        var e = Fails([.. Header(qd: 1, an: 1), .. Question(), .. Record(1, 0xFFFF, 192, 0, 2, 1)], DnsFormatError.RecordDataOverrun);
        Assert.Contains("65535", e.Message);
    }

    [Theory]
    [InlineData(1, new byte[] { 192, 0, 2, 1, 9 })]                  // A with 5 octets
    [InlineData(1, new byte[] { 192, 0, 2 })]                        // A with 3 octets
    [InlineData(28, new byte[] { 0x20, 0x01, 0x0d, 0xb8 })]          // AAAA with 4 octets
    [InlineData(15, new byte[] { 0, 10 })]                           // MX without its exchange
    [InlineData(15, new byte[] { 0, 10, 0, 7 })]                     // MX with octets after the name
    [InlineData(33, new byte[] { 0, 1, 0, 2, 0, 3, 5, (byte)'a' })]  // SRV whose target runs past RDATA
    [InlineData(16, new byte[] { 5, (byte)'a', (byte)'b' })]         // TXT string longer than RDATA
    [InlineData(257, new byte[] { 0, 9, (byte)'i' })]                // CAA tag longer than RDATA
    [InlineData(6, new byte[] { 0, 0, 0, 0, 0, 1 })]                 // SOA without its numbers
    [InlineData(46, new byte[] { 0, 1, 13 })]                        // RRSIG cut in its fixed fields
    [InlineData(43, new byte[] { 1, 2, 3 })]                         // DS cut in its fixed fields
    public void Rdata_that_does_not_fit_its_type_is_a_length_mismatch(ushort type, byte[] rdata) =>
        Fails([.. Header(qd: 1, an: 1), .. Question(), .. Record(type, (ushort)rdata.Length, rdata)], DnsFormatError.RecordDataLengthMismatch);

    [Fact]
    public void A_name_in_rdata_may_still_point_before_the_rdata()
    {
        byte[] wire = [.. Header(qd: 1, an: 1), .. Question(), .. Record(5, 2, 0xC0, 12)];
        var cname = Assert.IsType<CnameData>(Assert.Single(DnsMessage.Decode(wire).Answers).Data);
        Assert.Equal(Name("example.com"), cname.Target);
    }

    [Fact]
    public void Counts_the_octets_cannot_hold_are_too_many_records()
    {
        // 65535 answers claimed, 20 octets present: refused before any loop or allocation sized by the count.
        byte[] wire = [.. Header(qd: 1, an: 0xFFFF, ns: 0xFFFF, ar: 0xFFFF), .. Question()];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Fails(wire, DnsFormatError.TooManyRecords);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(4, e.Offset);
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated for a 29-octet message");
    }

    [Fact]
    public void Counts_just_within_the_octets_are_read_until_a_record_breaks()
    {
        // 2 answers claimed, 22 octets present: passes the count check (2 x 11), then the first record is not a record.
        byte[] wire = [.. Header(an: 2), .. new byte[22]];
        wire[12 + 9] = 0xFF; // the first record's RDLENGTH high octet
        Fails(wire, DnsFormatError.RecordDataOverrun);
    }

    [Fact]
    public void A_second_opt_record_is_invalid_opt()
    {
        byte[] opt = [0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 0];
        Fails([.. Header(ar: 2), .. opt, .. opt], DnsFormatError.InvalidOpt);
    }

    [Fact]
    public void An_opt_not_owned_by_the_root_is_invalid_opt() =>
        Fails([.. Header(ar: 1), 1, (byte)'x', 0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 0], DnsFormatError.InvalidOpt);

    [Fact]
    public void An_edns_option_longer_than_the_opt_rdata_is_a_length_mismatch() =>
        Fails([.. Header(ar: 1), 0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 4, 0, 10, 0, 9], DnsFormatError.RecordDataLengthMismatch);

    [Fact]
    public void An_opt_in_the_answer_section_is_kept_as_raw_data()
    {
        var answers = DnsMessage.Decode([.. Header(an: 1), 0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 1, 7]).Answers;
        var raw = Assert.IsType<UnknownData>(Assert.Single(answers).Data);
        Assert.Equal(DnsRecordType.OPT, raw.Type);
        Assert.Equal(1, raw.Data.Length);
    }

    [Fact]
    public void A_truncated_message_keeps_the_records_that_arrived_whole()
    {
        // TC=1, three answers claimed, one and a half present: the whole one is kept, no error.
        var whole = Record(1, 4, 192, 0, 2, 1);
        byte[] wire = [.. Header(qd: 1, an: 3, flags: 0x8200), .. Question(), .. whole, .. whole[..9]];
        var message = DnsMessage.Decode(wire);
        Assert.True(message.Header.IsTruncated);
        var record = Assert.Single(message.Answers);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), Assert.IsType<AData>(record.Data).Address);

        // Without TC the same octets are an error.
        wire[2] = 0x80;
        Fails(wire, DnsFormatError.UnexpectedEnd);
    }

    [Fact]
    public void An_answer_with_another_id_is_an_id_mismatch()
    {
        var query = DnsMessage.CreateQuery(100, new DnsQuestion(Name("example.com"), DnsRecordType.A));
        var wire = Answer(query with { Header = query.Header with { Id = 101 } }).Encode();
        var e = Assert.Throws<DnsFormatException>(() => DnsMessage.DecodeResponse(wire, query));
        Assert.Equal(DnsFormatError.IdMismatch, e.Error);
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void An_answer_to_another_question_is_a_question_mismatch()
    {
        var query = DnsMessage.CreateQuery(100, new DnsQuestion(Name("example.com"), DnsRecordType.A));
        foreach (var other in new[]
                 {
                     new DnsQuestion(Name("example.net"), DnsRecordType.A),
                     new DnsQuestion(Name("example.com"), DnsRecordType.AAAA),
                     new DnsQuestion(Name("example.com"), DnsRecordType.A, DnsClass.CH),
                 })
        {
            var wire = Answer(query with { Questions = [other] }).Encode();
            var e = Assert.Throws<DnsFormatException>(() => DnsMessage.DecodeResponse(wire, query));
            Assert.Equal(DnsFormatError.QuestionMismatch, e.Error);
        }
        // The name's case does not matter (RFC 5452 §9.1, RFC 4343).
        var upper = Answer(query with { Questions = [new DnsQuestion(Name("EXAMPLE.com"), DnsRecordType.A)] }).Encode();
        Assert.Equal(100, DnsMessage.DecodeResponse(upper, query).Id);
    }

    [Fact]
    public void A_query_with_our_id_is_not_a_response()
    {
        var query = DnsMessage.CreateQuery(100, new DnsQuestion(Name("example.com"), DnsRecordType.A));
        var e = Assert.Throws<DnsFormatException>(() => DnsMessage.DecodeResponse(query.Encode(), query));
        Assert.Equal(DnsFormatError.NotAResponse, e.Error);
    }

    [Fact]
    public void An_error_answer_without_a_question_is_accepted()
    {
        var query = DnsMessage.CreateQuery(100, new DnsQuestion(Name("example.com"), DnsRecordType.A));
        var formErr = new DnsMessage { Header = new DnsHeader { Id = 100, IsResponse = true, ResponseCode = DnsResponseCode.FormErr } };
        Assert.Equal(DnsResponseCode.FormErr, DnsMessage.DecodeResponse(formErr.Encode(), query).ResponseCode);
        var empty = formErr with { Header = formErr.Header with { ResponseCode = DnsResponseCode.NoError } };
        Assert.Equal(DnsFormatError.QuestionMismatch, Assert.Throws<DnsFormatException>(() => DnsMessage.DecodeResponse(empty.Encode(), query)).Error);
    }
}
