using System.Net;
using Coexist.Probes.Paths;
using Coexist.Probes.Sip;
using Coexist.Probes.Sip.Probe;
using Coexist.Probes.Tests.Support;
using static Coexist.Probes.Tests.Sip.Probe.PeerReplies;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>
/// The probe's call, message by message, against scripted servers: every way it can go (answered at once, ringing,
/// answered despite the CANCEL, busy, silent, the user's Ctrl+C) ends with no call up, and the transcript says so.
/// </summary>
public sealed class SipCallTests : IAsyncLifetime
{
    // Sends at 0, 0.5 and 1.5 s fit with room to spare; the next would be at 3.5 s.
    private static readonly TimeSpan InviteBudget = TimeSpan.FromSeconds(2.2);
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(3);
    private readonly List<LoopbackSipPeer> _peers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var peer in _peers) await peer.DisposeAsync();
    }

    private async Task<(SipCallResult Call, LoopbackSipPeer Peer)> CallAsync(SipPeerBehaviour behaviour, SipTransport transport = SipTransport.Udp,
        CancellationToken cancellationToken = default)
    {
        var peer = LoopbackSipPeer.Start(behaviour);
        _peers.Add(peer);
        var server = peer.EndPoint4;
        await using var flow = await SipFlow.OpenAsync(transport, server.Address, server.Port, SystemNetwork.Instance, null, TimeSpan.FromSeconds(2), CancellationToken.None);
        var invite = SipRequests.Invite(new SipRequestParameters { Transport = transport, Local = flow.Local, Target = SipUri.ForEndPoint(server, transport) }, SipOffer.For(flow.Local.Address));
        var call = await SipCall.RunAsync(flow, invite, InviteBudget, CleanupBudget, cancellationToken);
        return (call, peer);
    }

    private static SipPeerBehaviour Answers => PeerBehaviours.FollowsFamily("198.51.100.40", "2001:db8:5060::40");

    [Theory]
    [InlineData(SipTransport.Udp)]
    [InlineData(SipTransport.Tcp)]
    public async Task An_answer_at_once_is_acknowledged_in_its_dialog_and_hung_up(SipTransport transport)
    {
        var (call, peer) = await CallAsync(Answers, transport);

        Assert.Equal(["→ INVITE 1", "← 200 OK (INVITE)", "→ ACK 1", "→ BYE 2", "← 200 OK (BYE)"], call.Transcript.Sequence());
        Assert.Equal([$"{transport.WireName()} INVITE", $"{transport.WireName()} ACK", $"{transport.WireName()} BYE"], peer.Methods);
        var invite = peer.Received.First().Request;
        var ack = peer.Received.Single(r => r.Request.Method == "ACK").Request;
        var bye = peer.Received.Single(r => r.Request.Method == "BYE").Request;
        // RFC 3261 §13.2.2.4: the ACK of a 2xx is a transaction of its own, in the dialog: new branch, To tag, remote target.
        Assert.NotEqual(invite.TopVia.Branch, ack.TopVia.Branch);
        Assert.Equal("peer1", ack.To.Tag);
        Assert.Equal("sip:198.51.100.40:5060" + (transport == SipTransport.Tcp ? ";transport=tcp" : ""), ack.RequestUri.ToString());
        Assert.Equal(new SipCSeq(1, "ACK"), ack.CSeq);
        Assert.Equal(new SipCSeq(2, "BYE"), bye.CSeq);
        Assert.Equal(invite.CallId, bye.CallId);
        Assert.Equal("2xx", call.Ack);
        Assert.Equal(200, call.ByeFinal!.StatusCode);
        Assert.False(call.MayBeLeftUp);
        Assert.Equal("c=IN IP4 198.51.100.40", $"c={call.AnswerSdp!.Connection}");
    }

    [LoopbackFact]
    public async Task A_ringing_phone_is_cancelled_at_the_first_provisional_response_and_its_487_acknowledged()
    {
        var (call, peer) = await CallAsync(PeerBehaviours.Rings("198.51.100.40"));

        // The peer sends its 180 right after the 100, and its answers to the CANCEL from another task: on a loaded
        // machine they can overtake the 180, and the call is over (487 acknowledged) before the 180 comes. Where it
        // comes is the peer's timing, not the probe's; the probe's part is CANCEL at the first provisional response.
        var sequence = call.Transcript.Sequence().Where(line => line != "← 180 Ringing (INVITE)");
        Assert.Equal(["→ INVITE 1", "← 100 Trying (INVITE)", "→ CANCEL 1", "← 200 OK (CANCEL)", "← 487 Request Terminated (INVITE)", "→ ACK 1"],
            sequence);
        var invite = peer.Received.First().Request;
        var cancel = peer.Received.Single(r => r.Request.Method == "CANCEL").Request;
        var ack = peer.Received.Single(r => r.Request.Method == "ACK").Request;
        // RFC 3261 §9.1 and §17.1.1.3: CANCEL and the ACK of a non-2xx share the INVITE's branch.
        Assert.Equal(invite.TopVia.Branch, cancel.TopVia.Branch);
        Assert.Equal(invite.TopVia.Branch, ack.TopVia.Branch);
        Assert.Equal("peer1", ack.To.Tag);
        Assert.Null(cancel.To.Tag);
        Assert.Equal("non-2xx", call.Ack);
        Assert.Null(call.Bye);
        Assert.False(call.MayBeLeftUp);
    }

    [LoopbackFact]
    public async Task A_call_answered_despite_the_CANCEL_is_acknowledged_and_hung_up()
    {
        var (call, peer) = await CallAsync(PeerBehaviours.AnswersDespiteCancel("198.51.100.40"));

        // The CANCEL's own 481 races the BYE's 200 and may come after the call is over: it is no part of the sequence that matters.
        Assert.Equal(["→ INVITE 1", "← 180 Ringing (INVITE)", "→ CANCEL 1", "← 200 OK (INVITE)", "→ ACK 1", "→ BYE 2", "← 200 OK (BYE)"],
            call.Transcript.Sequence().Where(e => !e.EndsWith("(CANCEL)", StringComparison.Ordinal)));
        Assert.All(call.Transcript.Sequence().Where(e => e.EndsWith("(CANCEL)", StringComparison.Ordinal)), e => Assert.Equal("← 481 Call/Transaction Does Not Exist (CANCEL)", e));
        Assert.Equal(["UDP INVITE", "UDP CANCEL", "UDP ACK", "UDP BYE"], peer.Methods);
        Assert.Equal("2xx", call.Ack);
        Assert.False(call.MayBeLeftUp);
    }

    [LoopbackFact]
    public async Task A_busy_line_is_acknowledged_once_in_the_INVITE_transaction_and_the_server_stops_repeating()
    {
        var (call, peer) = await CallAsync(PeerBehaviours.Busy);
        await Task.Delay(600);

        Assert.Equal(["→ INVITE 1", "← 486 Busy Here (INVITE)", "→ ACK 1"], call.Transcript.Sequence());
        Assert.Equal(["UDP INVITE", "UDP ACK"], peer.Methods);
        Assert.Equal(486, call.Final!.StatusCode);
        Assert.Null(call.AnswerSdp);
    }

    [LoopbackFact]
    public async Task A_retransmitted_2xx_is_acknowledged_again_while_the_BYE_is_under_way()
    {
        SipPeerBehaviour repeats = r => r.Request.Method switch
        {
            "INVITE" => [new PeerReply(Response(r, 200, "OK", "<sip:198.51.100.40:5060>", Sdp("IP4", "198.51.100.40"))),
                         new PeerReply(Response(r, 200, "OK", "<sip:198.51.100.40:5060>", Sdp("IP4", "198.51.100.40")), TimeSpan.FromMilliseconds(100))],
            "BYE" => [new PeerReply(Response(r, 200, "OK"), TimeSpan.FromMilliseconds(400))],
            _ => [],
        };

        var (call, peer) = await CallAsync(repeats);

        Assert.Equal(["→ INVITE 1", "← 200 OK (INVITE)", "→ ACK 1", "→ BYE 2", "← 200 OK (INVITE)", "→ ACK 1", "← 200 OK (BYE)"], call.Transcript.Sequence());
        Assert.Equal(2, peer.Received.Count(r => r.Request.Method == "ACK"));
        Assert.Single(peer.Received, r => r.Request.Method == "BYE");
    }

    [LoopbackFact]
    public async Task A_silent_server_gets_the_INVITE_at_Timer_A_intervals_and_never_a_CANCEL()
    {
        var (call, peer) = await CallAsync(PeerBehaviours.Silent);

        Assert.True(call.TimedOut);
        Assert.Contains("nothing to CANCEL (RFC 3261 §9.1)", call.Error);
        // Timed where they were sent: the peer's own clock adds its scheduling delays.
        var invites = call.Transcript.Entries.Where(e => e.Sent).Select(e => e.At).ToList();
        Assert.Equal(["→ INVITE 1", "→ INVITE 1", "→ INVITE 1"], call.Transcript.Sequence());
        Assert.Equal(["UDP INVITE", "UDP INVITE", "UDP INVITE"], peer.Methods);
        // Timer A: T1 = 500 ms, then doubled (RFC 3261 §17.1.1.2).
        AssertGap(invites[0], invites[1], 0.5);
        AssertGap(invites[1], invites[2], 1.0);
    }

    [LoopbackFact]
    public async Task Ctrl_C_after_the_provisional_response_still_ends_the_call()
    {
        SipPeerBehaviour slowToCancel = r => r.Request.Method switch
        {
            "INVITE" => [new PeerReply(Response(r, 180, "Ringing", "<sip:198.51.100.40:5060>"))],
            "CANCEL" => [new PeerReply(Response(r, 200, "OK"), TimeSpan.FromMilliseconds(300)),
                         new PeerReply(Response(r with { Request = r.Peer.Received.First(x => x.Request.Method == "INVITE").Request }, 487, "Request Terminated"), TimeSpan.FromMilliseconds(300))],
            _ => [],
        };
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var (call, peer) = await CallAsync(slowToCancel, cancellationToken: ctrlC.Token);

        Assert.True(ctrlC.IsCancellationRequested);
        Assert.Equal(["→ INVITE 1", "← 180 Ringing (INVITE)", "→ CANCEL 1", "← 200 OK (CANCEL)", "← 487 Request Terminated (INVITE)", "→ ACK 1"], call.Transcript.Sequence());
        Assert.Equal(["UDP INVITE", "UDP CANCEL", "UDP ACK"], peer.Methods);
    }

    [LoopbackFact]
    public async Task Ctrl_C_before_any_response_gives_up_the_INVITE()
    {
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CallAsync(PeerBehaviours.Silent, cancellationToken: ctrlC.Token));
    }

    [LoopbackFact]
    public async Task An_OPTIONS_transaction_to_a_silent_server_is_resent_at_Timer_E_and_ends_at_its_budget()
    {
        var peer = LoopbackSipPeer.Start(PeerBehaviours.Silent);
        _peers.Add(peer);
        await using var flow = await SipFlow.OpenAsync(SipTransport.Udp, IPAddress.Loopback, peer.EndPoint4.Port, SystemNetwork.Instance, null, TimeSpan.FromSeconds(1), CancellationToken.None);
        var options = SipRequests.Options(new SipRequestParameters { Transport = SipTransport.Udp, Local = flow.Local, Target = SipUri.ForEndPoint(peer.EndPoint4) });

        var transcript = new SipTranscript();

        var result = await SipTransaction.RunAsync(flow, options, TimeSpan.FromSeconds(4.2), transcript, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Equal(4, result.Sends);
        Assert.Equal(4, peer.Received.Count);
        var sent = transcript.Entries.Select(e => e.At).ToList();
        AssertGap(sent[0], sent[1], 0.5);
        AssertGap(sent[1], sent[2], 1.0);
        AssertGap(sent[2], sent[3], 2.0);
    }

    [LoopbackFact]
    public async Task A_hostile_datagram_flood_is_counted_as_noise_and_the_real_answer_still_wins()
    {
        SipPeerBehaviour noisyThenFine = r =>
        [
            .. PeerBehaviours.Hostile(r),
            new PeerReply(Response(r, 200, "OK", "<sip:198.51.100.40:5060>"), TimeSpan.FromMilliseconds(50)),
        ];
        var peer = LoopbackSipPeer.Start(noisyThenFine);
        _peers.Add(peer);
        await using var flow = await SipFlow.OpenAsync(SipTransport.Udp, IPAddress.Loopback, peer.EndPoint4.Port, SystemNetwork.Instance, null, TimeSpan.FromSeconds(1), CancellationToken.None);
        var options = SipRequests.Options(new SipRequestParameters { Transport = SipTransport.Udp, Local = flow.Local, Target = SipUri.ForEndPoint(peer.EndPoint4) });
        var transcript = new SipTranscript();

        var result = await SipTransaction.RunAsync(flow, options, TimeSpan.FromSeconds(3), transcript, CancellationToken.None);

        Assert.Equal(200, result.Final!.StatusCode);
        Assert.Equal(2, result.Noise.Unreadable);
        Assert.Equal(1, result.Noise.Unmatched);
        Assert.Contains(transcript.Sequence(), e => e.StartsWith("← unmatched 200 OK", StringComparison.Ordinal));
        Assert.Equal(2000, flow.LargestDatagram);
    }

    [Fact]
    public async Task A_closed_UDP_port_ends_the_transaction_at_once_with_the_ICMP_error()
    {
        var closed = ClosedPort(System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        await using var flow = await SipFlow.OpenAsync(SipTransport.Udp, IPAddress.Loopback, closed, SystemNetwork.Instance, null, TimeSpan.FromSeconds(1), CancellationToken.None);
        var options = SipRequests.Options(new SipRequestParameters { Transport = SipTransport.Udp, Local = flow.Local, Target = SipUri.ForEndPoint(new IPEndPoint(IPAddress.Loopback, closed)) });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await SipTransaction.RunAsync(flow, options, TimeSpan.FromSeconds(4), new SipTranscript(), CancellationToken.None);

        Assert.True(result.Refused);
        Assert.Equal($"ICMP port unreachable: nothing listens on UDP port {closed}", result.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_closed_TCP_port_cannot_be_opened_and_says_so()
    {
        var closed = ClosedPort(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);

        var error = await Assert.ThrowsAsync<SipFlowException>(() => SipFlow.OpenAsync(SipTransport.Tcp, IPAddress.Loopback, closed, SystemNetwork.Instance, null, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.True(error.Refused);
        Assert.False(error.Transient);
        Assert.Equal($"connection refused: nothing listens on TCP port {closed}", error.Message);
    }

    private static int ClosedPort(System.Net.Sockets.SocketType type, System.Net.Sockets.ProtocolType protocol)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static void AssertGap(TimeSpan earlier, TimeSpan later, double seconds)
    {
        var gap = (later - earlier).TotalSeconds;
        // Never early; late by a scheduling hiccup on a loaded machine, but short of the next interval (twice this one).
        Assert.InRange(gap, seconds - 0.05, seconds * 1.9);
    }
}
