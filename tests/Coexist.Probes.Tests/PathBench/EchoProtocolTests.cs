using System.Text;
using Coexist.Probes.PathBench;

namespace Coexist.Probes.Tests.PathBench;

public class EchoProtocolTests
{
    [Theory]
    [InlineData("", EchoRequestKind.NeedMore)]
    [InlineData("COEX", EchoRequestKind.NeedMore)]
    [InlineData("COEXIST-DISC", EchoRequestKind.NeedMore)]
    [InlineData("hello\n", EchoRequestKind.Echo)]
    [InlineData("COEXIT-DISCARD\n", EchoRequestKind.Echo)]
    [InlineData("COEXIST-DISCARD\n", EchoRequestKind.Discard)]
    [InlineData("COEXIST-DISCARD\nbulk data follows", EchoRequestKind.Discard)]
    [InlineData("COEXIST-SEND 65536\n", EchoRequestKind.Send)]
    [InlineData("COEXIST-SOURCE 1000\n", EchoRequestKind.Source)]
    [InlineData("COEXIST-SEND 0\n", EchoRequestKind.Echo)]
    [InlineData("COEXIST-SEND -5\n", EchoRequestKind.Echo)]
    [InlineData("COEXIST-SEND 67108865\n", EchoRequestKind.Echo)]
    [InlineData("COEXIST-SOURCE 60001\n", EchoRequestKind.Echo)]
    [InlineData("COEXIST-SEND 12 extra\n", EchoRequestKind.Echo)]
    [InlineData("COEXIST-REBOOT\n", EchoRequestKind.Echo)]
    public void A_TCP_connection_asks_by_its_first_line(string first, EchoRequestKind kind) =>
        Assert.Equal(kind, EchoProtocol.Parse(Encoding.ASCII.GetBytes(first)).Kind);

    [Fact]
    public void A_first_line_too_long_for_a_command_is_echo_data()
    {
        var line = "COEXIST-" + new string('X', EchoProtocol.MaxCommandBytes);
        Assert.Equal(EchoRequestKind.Echo, EchoProtocol.Parse(Encoding.ASCII.GetBytes(line)).Kind);
    }

    [Fact]
    public void A_command_says_how_many_bytes_it_took_and_its_number()
    {
        var send = EchoProtocol.Parse(EchoProtocol.SendCommand(65536));
        Assert.Equal(new EchoRequest(EchoRequestKind.Send, "COEXIST-SEND 65536\n".Length, 65536), send);
        var source = EchoProtocol.Parse(EchoProtocol.SourceCommand(TimeSpan.FromSeconds(1.5)));
        Assert.Equal(new EchoRequest(EchoRequestKind.Source, "COEXIST-SOURCE 1500\n".Length, 1500), source);
        Assert.Equal(EchoProtocol.DiscardCommand.Length, EchoProtocol.Parse(EchoProtocol.DiscardCommand).CommandBytes);
    }

    [Fact]
    public void A_datagram_asks_for_a_size_with_a_tag_and_everything_else_is_echoed()
    {
        var request = EchoProtocol.DatagramRequest(1232, 7);
        Assert.Equal(new EchoRequest(EchoRequestKind.Send, request.Length, 1232), EchoProtocol.Parse(request, complete: true));
        // A whole datagram never waits for more, and TCP-only commands are echo data there.
        Assert.Equal(EchoRequestKind.Echo, EchoProtocol.Parse("COEXIST-SE"u8, complete: true).Kind);
        Assert.Equal(EchoRequestKind.Echo, EchoProtocol.Parse(EchoProtocol.DiscardCommand, complete: true).Kind);
        Assert.Equal(EchoRequestKind.Echo, EchoProtocol.Parse(EchoProtocol.DatagramRequest(70_000, 1), complete: true).Kind);
    }

    [Fact]
    public void The_received_line_goes_there_and_back()
    {
        var line = Encoding.ASCII.GetString(EchoProtocol.ReceivedLine(123_456_789, TimeSpan.FromMilliseconds(1002.5)));
        Assert.Equal("RECEIVED 123456789 1002500\n", line);
        Assert.True(EchoProtocol.TryParseReceived(line, out var bytes, out var elapsed));
        Assert.Equal((123_456_789L, TimeSpan.FromMicroseconds(1_002_500)), (bytes, elapsed));
        Assert.False(EchoProtocol.TryParseReceived("COEXIST-DISCARD\n", out _, out _));
        Assert.False(EchoProtocol.TryParseReceived("RECEIVED many 12", out _, out _));
    }

    [Fact]
    public void The_pattern_continues_across_blocks()
    {
        var whole = new byte[1000];
        EchoProtocol.Fill(whole, 0);
        var second = new byte[400];
        EchoProtocol.Fill(second, 600);
        Assert.Equal(whole.AsSpan(600).ToArray(), second);
        Assert.Equal(0, whole[251]);
    }
}
