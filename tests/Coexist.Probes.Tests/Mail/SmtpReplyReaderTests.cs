using System.Text;
using Coexist.Probes.Mail;
using Coexist.Probes.Mail.Dmarc;
using Coexist.Probes.Mail.Smtp;

namespace Coexist.Probes.Tests.Mail;

/// <summary>Reading replies (RFC 5321 §4.2) from octets, with the limits; EHLO keywords; DMARC records; report text.</summary>
public sealed class SmtpReplyReaderTests
{
    private static async Task<SmtpReply> ReadAsync(string octets)
    {
        var reader = new SmtpReplyReader(new MemoryStream(Encoding.Latin1.GetBytes(octets)), new SmtpTranscript());
        return await reader.ReadAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), SmtpFailure.ReplyTimedOut, CancellationToken.None);
    }

    private static async Task<SmtpProtocolException> FailsAsync(string octets) => await Assert.ThrowsAsync<SmtpProtocolException>(() => ReadAsync(octets));

    [Theory]
    [InlineData("250 OK\r\n", 250, new[] { "OK" })]
    [InlineData("250\r\n", 250, new[] { "" })]
    [InlineData("250-a\r\n250-b\r\n250 c\r\n", 250, new[] { "a", "b", "c" })]
    [InlineData("220 bare line feed\n", 220, new[] { "bare line feed" })]
    [InlineData("554 5.7.1 go away\r\n", 554, new[] { "5.7.1 go away" })]
    public async Task Replies(string octets, int code, string[] texts)
    {
        var reply = await ReadAsync(octets);

        Assert.Equal(code, reply.Code);
        Assert.Equal(texts, reply.Texts.AsEnumerable());
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n", SmtpFailure.MalformedReply, "not an SMTP reply line")]
    [InlineData("250-a\r\n251 b\r\n", SmtpFailure.MalformedReply, "reply code changed from 250 to 251")]
    [InlineData("650 six\r\n", SmtpFailure.MalformedReply, "not an SMTP reply line")]
    [InlineData("25\r\n", SmtpFailure.MalformedReply, "not an SMTP reply line")]
    [InlineData("250-a\r\n", SmtpFailure.ClosedByServer, "the server closed the connection where the line 2 of a reply was due")]
    [InlineData("", SmtpFailure.ClosedByServer, "the first line of a reply was due")]
    public async Task Not_replies(string octets, SmtpFailure failure, string detail)
    {
        var e = await FailsAsync(octets);

        Assert.Equal(failure, e.Failure);
        Assert.Contains(detail, e.Message);
    }

    [Fact]
    public async Task A_line_of_512_octets_is_read_and_one_of_513_is_not()
    {
        var longest = "250 " + new string('a', 512 - 6) + "\r\n";
        var tooLong = "250 " + new string('a', 512 - 5) + "\r\n";

        Assert.Equal(512 - 6, (await ReadAsync(longest)).Texts[0].Length);
        Assert.Equal(SmtpFailure.LineTooLong, (await FailsAsync(tooLong)).Failure);
    }

    [Fact]
    public async Task A_reply_of_more_than_64_lines_is_too_large()
    {
        var octets = string.Concat(Enumerable.Repeat("250-x\r\n", 70)) + "250 end\r\n";

        var e = await FailsAsync(octets);

        Assert.Equal(SmtpFailure.ReplyTooLarge, e.Failure);
        Assert.Contains($"more than {SmtpLimits.MaxReplyLines} lines", e.Message);
    }

    [Fact]
    public async Task A_server_that_says_nothing_times_out_with_the_failure_asked_for()
    {
        var (client, server) = await ConnectedPairAsync();
        using var _ = client;
        using var __ = server;
        var reader = new SmtpReplyReader(new System.Net.Sockets.NetworkStream(client), new SmtpTranscript());

        var e = await Assert.ThrowsAsync<SmtpProtocolException>(() => reader.ReadAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), SmtpFailure.BannerTimedOut, CancellationToken.None));

        Assert.Equal(SmtpFailure.BannerTimedOut, e.Failure);
    }

    private static async Task<(System.Net.Sockets.Socket Client, System.Net.Sockets.Socket Server)> ConnectedPairAsync()
    {
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        var accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        return (client, await accept);
    }

    [Fact]
    public void EHLO_keywords_are_upper_case_once_each_with_parameters()
    {
        var reply = new SmtpReply(250, ["mx.shop.test greets you", "pipelining", "SIZE 10240000", "AUTH PLAIN LOGIN", "Pipelining", ""]);

        var extensions = EhloExtensions.FromReply(reply);

        Assert.Equal(["PIPELINING", "SIZE", "AUTH"], extensions.Keywords);
        Assert.Equal("PLAIN LOGIN", extensions.Items[2].Parameters);
        Assert.True(extensions.Has("size"));
        Assert.False(extensions.OffersStartTls);
    }

    [Theory]
    [InlineData("v=DMARC1; p=reject; rua=mailto:d@shop.test", true, DmarcPolicy.Reject, "p=reject, aggregate reports requested")]
    [InlineData("v=DMARC1;p=quarantine;sp=none", true, DmarcPolicy.Quarantine, "p=quarantine, sp=none")]
    [InlineData("v=DMARC1; rua=mailto:d@shop.test", true, DmarcPolicy.None, "p=none, aggregate reports requested")]
    [InlineData("v=DMARC1; p=bounce", false, null, "p=bounce is not none, quarantine or reject")]
    [InlineData("v=DMARC1; pct=100", false, null, "the required p tag is missing")]
    [InlineData("p=reject; v=DMARC1", false, null, "does not start with v=DMARC1")]
    [InlineData("v=dmarc1; p=reject", false, null, "does not start with v=DMARC1")]
    public void DMARC_records(string text, bool valid, DmarcPolicy? policy, string description)
    {
        var parsed = DmarcRecord.TryParse(text, out var record, out var error);

        Assert.Equal(valid, parsed);
        if (valid)
        {
            Assert.Equal(policy, record!.Policy);
            Assert.Equal(description, record.Describe());
        }
        else
        {
            Assert.Equal(description, error);
        }
    }

    [Theory]
    [InlineData("plain", 200, "plain")]
    [InlineData("tab\there", 200, "tab\\x09here")]
    [InlineData("abcdefghij", 5, "abcde…")]
    [InlineData("é", 200, "\\xe9")]
    public void Report_text_is_printable_and_short(string text, int max, string expected) => Assert.Equal(expected, ReportText.Printable(text, max));
}
