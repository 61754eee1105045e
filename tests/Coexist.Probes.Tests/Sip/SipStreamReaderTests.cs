using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Coexist.Probes.Sip;
using Coexist.Probes.Tests.Dns;
using static Coexist.Probes.Tests.Sip.SipTestMessages;

namespace Coexist.Probes.Tests.Sip;

/// <summary>The TCP framing reader against a real peer on loopback: pipelining, keep-alives, slowness, closes, resets, limits, cancellation.</summary>
public sealed class SipStreamReaderTests
{
    // Every test here ends in well under a second; this bound only says "did not hang".
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(5);

    private static readonly SipRequest Options = SipRequests.Options(new SipRequestParameters
    {
        Transport = SipTransport.Tcp,
        Local = new IPEndPoint(IPAddress.Parse("2001:db8::10"), 40000),
        Target = SipUri.ForEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5060), SipTransport.Tcp),
    });

    private static readonly SipRequest Invite = SipRequests.Invite(new SipRequestParameters
    {
        Transport = SipTransport.Tcp,
        Local = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000),
        Target = SipUri.ForEndPoint(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5060), SipTransport.Tcp),
    });

    private static IPAddress Address(string loopback) => IPAddress.Parse(loopback);

    private static async Task<SipFormatException> FailsAsync(SipStreamReader reader, SipFormatError expected)
    {
        var started = Stopwatch.GetTimestamp();
        var e = await Assert.ThrowsAsync<SipFormatException>(() => reader.ReadAsync());
        Assert.Equal(expected, e.Error);
        Assert.True(Stopwatch.GetElapsedTime(started) < HangBound);
        return e;
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Pipelined_messages_and_keepalives_read_in_order_then_a_clean_close_is_null(string loopback)
    {
        byte[] octets = [.. "\r\n\r\n"u8, .. Options.Encode(), .. "\r\n"u8, .. Invite.Encode(), .. "\r\n\r\n"u8];
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.SendsThenCloses(octets));
        var reader = new SipStreamReader(peer.Stream);

        var first = Assert.IsType<SipRequest>(await reader.ReadAsync());
        Assert.Equal(Options.Encode(), first.Encode());
        var second = Assert.IsType<SipRequest>(await reader.ReadAsync());
        Assert.Equal(Invite.Encode(), second.Encode());
        Assert.Equal(Invite.Body.ToArray(), second.Body.ToArray());
        Assert.Null(await reader.ReadAsync());
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task A_message_dribbled_in_small_pieces_reads_whole(string loopback)
    {
        var octets = Invite.Encode();
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.Dribbles(octets, 13, TimeSpan.FromMilliseconds(1), close: true));
        var reader = new SipStreamReader(peer.Stream);

        var message = Assert.IsType<SipRequest>(await reader.ReadAsync());
        Assert.Equal(octets, message.Encode());
        Assert.Null(await reader.ReadAsync());
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task A_peer_that_dribbles_too_slowly_is_too_slow(string loopback)
    {
        var limit = TimeSpan.FromMilliseconds(300);
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.Dribbles(Options.Encode(), 1, TimeSpan.FromMilliseconds(40), close: false));
        var reader = new SipStreamReader(peer.Stream, new SipReadLimits { MessageTimeout = limit });

        var started = Stopwatch.GetTimestamp();
        var e = await FailsAsync(reader, SipFormatError.TooSlow);
        Assert.True(Stopwatch.GetElapsedTime(started) >= limit - TimeSpan.FromMilliseconds(50), "gave up before the limit");
        Assert.InRange(e.Position, 1, Options.EncodedLength - 1);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Closing_in_the_middle_of_the_body_is_a_closed_connection(string loopback)
    {
        var head = Wire(Rfc3261Bye).Replace("Content-Length: 0", "Content-Length: 100", StringComparison.Ordinal);
        byte[] octets = [.. Encoding.ASCII.GetBytes(head), .. "ten octets"u8];
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.SendsThenCloses(octets));
        var e = await FailsAsync(new SipStreamReader(peer.Stream), SipFormatError.ConnectionClosed);
        Assert.Contains("10 of 100", e.Message, StringComparison.Ordinal);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Closing_in_the_middle_of_the_headers_is_a_closed_connection(string loopback)
    {
        var octets = Options.Encode()[..120];
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.SendsThenCloses(octets));
        var e = await FailsAsync(new SipStreamReader(peer.Stream), SipFormatError.ConnectionClosed);
        Assert.Contains("header section", e.Message, StringComparison.Ordinal);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task A_reset_in_the_middle_of_a_message_is_a_closed_connection(string loopback)
    {
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), async (socket, token) =>
        {
            await LoopbackStreamPeer.SendAsync(socket, Options.Encode()[..80], token);
            await Task.Delay(100, token);
            socket.LingerState = new LingerOption(true, 0); // close with RST, not FIN
            socket.Close();
        });
        var e = await FailsAsync(new SipStreamReader(peer.Stream), SipFormatError.ConnectionClosed);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task An_endless_header_section_is_refused_at_the_limit_without_waiting(string loopback)
    {
        // 70 KiB of header lines and no empty line; the peer then holds the connection open.
        var padding = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("X-Pad: " + new string('a', 1000) + "\r\n", 70)));
        byte[] octets = [.. Encoding.ASCII.GetBytes("OPTIONS sip:a@example.com SIP/2.0\r\n"), .. padding];
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.SendsThenHolds(octets));
        var reader = new SipStreamReader(peer.Stream, new SipReadLimits { MessageTimeout = TimeSpan.FromSeconds(60) });
        await FailsAsync(reader, SipFormatError.HeaderSectionTooLarge);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task An_absurd_content_length_is_refused_before_any_body_arrives(string loopback)
    {
        var head = Wire(Rfc3261Bye).Replace("Content-Length: 0", "Content-Length: 4000000000", StringComparison.Ordinal);
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.SendsThenHolds(Encoding.ASCII.GetBytes(head)));
        await FailsAsync(new SipStreamReader(peer.Stream), SipFormatError.ContentLengthTooLarge);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task A_message_without_content_length_cannot_be_framed_on_a_stream(string loopback)
    {
        var head = Wire(Rfc3261Bye).Replace("Content-Length: 0\r\n", "", StringComparison.Ordinal);
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.SendsThenHolds(Encoding.ASCII.GetBytes(head)));
        await FailsAsync(new SipStreamReader(peer.Stream), SipFormatError.MissingContentLength);
        // The same octets as a datagram are fine: there the body runs to the end (RFC 3261 §18.3).
        Assert.IsType<SipRequest>(SipMessage.ParseDatagram(Encoding.ASCII.GetBytes(head)));
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task A_malformed_message_gives_its_own_error(string loopback)
    {
        var octets = Encoding.ASCII.GetBytes(Wire(Rfc3261Bye).Replace("SIP/2.0\r\n", "SIP/3.0\r\n", StringComparison.Ordinal));
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.SendsThenHolds(octets));
        await FailsAsync(new SipStreamReader(peer.Stream), SipFormatError.UnsupportedVersion);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Cancelling_while_the_peer_is_silent_ends_the_read(string loopback)
    {
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.SendsThenHolds([]));
        var reader = new SipStreamReader(peer.Stream);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = Stopwatch.GetTimestamp();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadAsync(cancel.Token));
        Assert.True(Stopwatch.GetElapsedTime(started) < HangBound);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Cancelling_in_the_middle_of_a_message_is_cancellation_not_slowness(string loopback)
    {
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), LoopbackStreamPeer.SendsThenHolds(Options.Encode()[..100]));
        var reader = new SipStreamReader(peer.Stream, new SipReadLimits { MessageTimeout = TimeSpan.FromSeconds(60) });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = Stopwatch.GetTimestamp();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadAsync(cancel.Token));
        Assert.True(Stopwatch.GetElapsedTime(started) < HangBound);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Options_over_tcp_gets_a_response_that_matches_it(string loopback)
    {
        // Both ends use the codec: the peer reads the request off the stream and answers as a UAS would.
        await using var peer = await LoopbackStreamPeer.StartAsync(Address(loopback), async (socket, token) =>
        {
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var request = Assert.IsType<SipRequest>(await new SipStreamReader(stream).ReadAsync(token));
            var ok = SipResponse.For(request, 200, "OK", "uas1", [new SipHeader("Allow", "INVITE, ACK, CANCEL, OPTIONS, BYE")]);
            await LoopbackStreamPeer.SendAsync(socket, ok.Encode(), token);
            socket.Shutdown(SocketShutdown.Send);
        });
        var local = (IPEndPoint)peer.Client.LocalEndPoint!;
        var options = SipRequests.Options(new SipRequestParameters
        {
            Transport = SipTransport.Tcp,
            Local = local,
            Target = SipUri.ForEndPoint((IPEndPoint)peer.Client.RemoteEndPoint!, SipTransport.Tcp),
        });
        await peer.Stream.WriteAsync(options.Encode());

        var response = Assert.IsType<SipResponse>(await new SipStreamReader(peer.Stream).ReadAsync());
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(options.TopVia.Branch, response.TopVia.Branch);
        Assert.Equal(options.CallId, response.CallId);
        Assert.Equal(options.CSeq, response.CSeq);
        Assert.Equal("uas1", response.To.Tag);
        Assert.Equal(local.Address, response.TopVia.Host.Address);
        Assert.Equal(local.AddressFamily == AddressFamily.InterNetworkV6, response.TopVia.Host.Bracketed);
    }

    [LoopbackTheory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Options_over_udp_gets_a_response_that_matches_it(string loopback)
    {
        using var server = new Socket(Address(loopback).AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(Address(loopback), 0));
        using var client = new Socket(Address(loopback).AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(Address(loopback), 0));
        using var timeout = new CancellationTokenSource(HangBound);

        var local = (IPEndPoint)client.LocalEndPoint!;
        var options = SipRequests.Options(new SipRequestParameters
        {
            Transport = SipTransport.Udp,
            Local = local,
            Target = SipUri.ForEndPoint((IPEndPoint)server.LocalEndPoint!),
        });
        await client.SendToAsync(options.Encode(), server.LocalEndPoint!, timeout.Token);

        // The server side: one datagram in, a 200 OK with received and rport filled in (RFC 3581 §4) back.
        var buffer = new byte[SipLimits.MaxUdpPayload];
        var received = await server.ReceiveFromAsync(buffer, new IPEndPoint(Address(loopback).AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), timeout.Token);
        var request = Assert.IsType<SipRequest>(SipMessage.ParseDatagram(buffer.AsSpan(0, received.ReceivedBytes)));
        var source = (IPEndPoint)received.RemoteEndPoint;
        var via = request.TopVia with { Parameters = request.TopVia.Parameters.With("received", source.Address.ToString()).With("rport", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        var answered = new SipRequest(request.Method, request.RequestUri, [new SipHeader("Via", via.ToString()), .. request.Headers.Where(h => !h.Is("Via"))]);
        await server.SendToAsync(SipResponse.For(answered, 200, "OK", "uas2").Encode(), source, timeout.Token);

        var got = await client.ReceiveAsync(buffer, timeout.Token);
        var response = Assert.IsType<SipResponse>(SipMessage.ParseDatagram(buffer.AsSpan(0, got)));
        Assert.Equal(options.TopVia.Branch, response.TopVia.Branch);
        Assert.Equal(local.Address, response.TopVia.Received!.Address);
        Assert.Equal(local.Port, response.TopVia.RPort);
        Assert.Equal(local.AddressFamily == AddressFamily.InterNetworkV6, response.TopVia.Received.IsUnbracketedIPv6);
    }
}
