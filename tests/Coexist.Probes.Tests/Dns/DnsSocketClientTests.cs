using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Dns;
using static Coexist.Probes.Tests.Dns.DnsTestMessages;

namespace Coexist.Probes.Tests.Dns;

/// <summary>The client against a misbehaving peer on loopback, over both families.</summary>
public sealed class DnsSocketClientTests
{
    private static readonly DnsQuestion Question = new(Name("www.example.test"), DnsRecordType.A);
    private static readonly DnsRecord Www = new(Name("www.example.test"), 60, new AData(IPAddress.Parse("192.0.2.80")));

    // Generous where the peer answers, so that a busy machine does not turn an answer into a timeout;
    // tests about timeouts set short ones themselves.
    private static readonly DnsQueryOptions Quick = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(2),
        UdpAttempts = 2,
        TcpTimeout = TimeSpan.FromSeconds(5),
    };

    private readonly DnsSocketClient _client = new();

    public static TheoryData<string> Loopbacks => ["127.0.0.1", "::1"];

    private static byte[] Right(LoopbackDnsPeer.Query query, params DnsRecord[] answers) => Answer(query.Message, answers).Encode();

    private static byte[] Edited(LoopbackDnsPeer.Query query, Func<DnsMessage, DnsMessage> edit) => edit(Answer(query.Message, Www)).Encode();

    private static IEnumerable<DnsRecord> ManyAddresses(int count) =>
        Enumerable.Range(1, count).Select(i => new DnsRecord(Name("www.example.test"), 60, new AaaaData(IPAddress.Parse($"2001:db8::{i:x}"))));

    [LoopbackTheory]
    [MemberData(nameof(Loopbacks))]
    public async Task An_answer_with_the_wrong_id_is_ignored_and_the_right_one_taken(string address)
    {
        await using var peer = LoopbackDnsPeer.Udp(IPAddress.Parse(address), query =>
            [Edited(query, m => m with { Header = m.Header with { Id = (ushort)(m.Id + 1) } }), Right(query, Www)]);

        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick);

        Assert.Equal(DnsQueryOutcome.Answered, result.Outcome);
        Assert.Equal(1, result.MismatchedResponses);
        Assert.Equal(DnsTransport.Udp, result.Transport);
        Assert.False(result.FellBackToTcp);
        Assert.Equal(peer.EndPoint, result.Server);
        Assert.Equal(Www, Assert.Single(result.Response!.Answers));
        Assert.Equal(Right(peer.UdpQueries.Single(), Www).Length, result.ResponseSize);
        Assert.True(result.RoundTrip > TimeSpan.Zero && result.RoundTrip <= result.Elapsed);
        // The server's family chose the socket's: an IPv6 server was asked from an IPv6 address.
        Assert.Equal(peer.EndPoint.AddressFamily, peer.UdpQueries.Single().From.AddressFamily);
    }

    [Fact]
    public async Task Answers_to_another_question_or_queries_are_ignored()
    {
        await using var peer = LoopbackDnsPeer.Udp(Loopback.V4, query =>
        [
            Edited(query, m => m with { Questions = [Question with { Name = Name("www.example.org") }] }),
            Edited(query, m => m with { Questions = [Question with { Type = DnsRecordType.AAAA }] }),
            Edited(query, m => m with { Questions = [Question with { Class = DnsClass.CH }] }),
            Edited(query, m => m with { Header = m.Header with { IsResponse = false } }),
            [0x42],
            Edited(query, m => m with { Questions = [Question with { Name = Name("WWW.Example.TEST") }] }),
        ]);

        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick);

        Assert.Equal(DnsQueryOutcome.Answered, result.Outcome);
        Assert.Equal(5, result.MismatchedResponses);
        Assert.Equal("WWW.Example.TEST", result.Response!.Question!.Name.ToString());
    }

    [Fact]
    public async Task Only_wrong_answers_means_waiting_until_the_timeout()
    {
        await using var peer = LoopbackDnsPeer.Udp(Loopback.V4, query => [Edited(query, m => m with { Header = m.Header with { Id = (ushort)~m.Id } })]);

        // Windows long enough that each wrong answer arrives inside the wait of its datagram, even on a busy machine.
        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick with { AttemptTimeout = TimeSpan.FromSeconds(1) });

        Assert.Equal(DnsQueryOutcome.TimedOut, result.Outcome);
        Assert.Null(result.Response);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, result.MismatchedResponses);
        Assert.Contains("2 unrelated messages ignored", result.Error);
    }

    [LoopbackTheory]
    [MemberData(nameof(Loopbacks))]
    public async Task Silence_times_out_after_every_retry_each_waiting_longer(string address)
    {
        await using var peer = LoopbackDnsPeer.Udp(IPAddress.Parse(address), _ => []);
        var options = Quick with { AttemptTimeout = TimeSpan.FromMilliseconds(100), UdpAttempts = 3 };

        var result = await _client.QueryAsync(peer.EndPoint, Question, options);

        Assert.Equal(DnsQueryOutcome.TimedOut, result.Outcome);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(DnsTransport.Udp, result.Transport);
        Assert.Contains("no answer to 3 datagrams", result.Error);
        // 100 + 200 + 400 ms of waiting with backoff; without it, 300 ms.
        Assert.InRange(result.Elapsed, TimeSpan.FromMilliseconds(690), TimeSpan.FromSeconds(10));
        var queries = peer.UdpQueries.ToArray();
        Assert.Equal(3, queries.Length);
        Assert.Single(queries.Select(q => q.Message.Id).Distinct());
    }

    [Fact]
    public async Task A_retry_gets_the_answer_the_first_datagram_did_not()
    {
        await using var peer = LoopbackDnsPeer.Udp(Loopback.V4, query => query.Index == 0 ? [] : [Right(query, Www)]);

        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick with { AttemptTimeout = TimeSpan.FromMilliseconds(200), UdpAttempts = 4 });

        Assert.Equal(DnsQueryOutcome.Answered, result.Outcome);
        // The second datagram's answer; on a busy machine it may arrive during a later wait.
        Assert.InRange(result.Attempts, 2, 4);
        Assert.True(result.RoundTrip < result.Elapsed, "the round trip counts from the datagram that was answered");
    }

    [LoopbackTheory]
    [MemberData(nameof(Loopbacks))]
    public async Task A_truncated_answer_is_asked_again_over_tcp_which_carries_more_than_1232_octets(string address)
    {
        var many = ManyAddresses(80).ToArray();
        await using var peer = LoopbackDnsPeer.Start(IPAddress.Parse(address),
            udp: query => [Edited(query, m => m with { Header = m.Header with { IsTruncated = true }, Answers = [] })],
            tcp: query => LoopbackDnsPeer.Framed(Right(query, many)));
        var question = Question with { Type = DnsRecordType.AAAA };

        var result = await _client.QueryAsync(peer.EndPoint, question, Quick);

        Assert.Equal(DnsQueryOutcome.Answered, result.Outcome);
        Assert.True(result.FellBackToTcp);
        Assert.Equal(DnsTransport.Tcp, result.Transport);
        Assert.Equal(2, result.Attempts);
        Assert.False(result.Response!.Header.IsTruncated);
        Assert.Equal(many, result.Response.Answers);
        Assert.True(result.ResponseSize > DnsLimits.DefaultEdnsUdpPayloadSize, $"{result.ResponseSize} octets");
        var tcpQuery = Assert.Single(peer.TcpQueries);
        Assert.Equal(peer.UdpQueries.Single().Message.Id, tcpQuery.Message.Id);
        Assert.Equal(peer.EndPoint.AddressFamily, tcpQuery.From.AddressFamily);
    }

    [Fact]
    public async Task Udp_only_returns_the_truncated_answer_as_it_is()
    {
        await using var peer = LoopbackDnsPeer.Start(Loopback.V4,
            udp: query => [Edited(query, m => m with { Header = m.Header with { IsTruncated = true } })],
            tcp: query => LoopbackDnsPeer.Framed(Right(query, Www)));

        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick with { Transport = DnsTransportMode.UdpOnly });

        Assert.Equal(DnsQueryOutcome.Answered, result.Outcome);
        Assert.True(result.Response!.Header.IsTruncated);
        Assert.False(result.FellBackToTcp);
        Assert.Empty(peer.TcpQueries);
    }

    [Fact]
    public async Task A_tcp_server_that_closes_mid_message_is_a_network_error()
    {
        await using var peer = LoopbackDnsPeer.Start(Loopback.V4, udp: _ => [], tcp: query =>
        {
            var whole = LoopbackDnsPeer.Framed(Right(query, [.. ManyAddresses(10)]));
            return whole[..(whole.Length / 2)];
        });

        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick with { Transport = DnsTransportMode.TcpOnly });

        Assert.Equal(DnsQueryOutcome.NetworkError, result.Outcome);
        Assert.Equal(DnsTransport.Tcp, result.Transport);
        Assert.Matches(@"closed the connection after \d+ of the \d+ octets", result.Error);
        Assert.Empty(peer.UdpQueries);
    }

    [Fact]
    public async Task A_tcp_server_that_closes_without_answering_is_a_network_error()
    {
        await using var peer = LoopbackDnsPeer.Start(Loopback.V4, udp: _ => [], tcp: _ => []);

        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick with { Transport = DnsTransportMode.TcpOnly });

        Assert.Equal(DnsQueryOutcome.NetworkError, result.Outcome);
        Assert.Contains("before answering", result.Error);
    }

    [Fact]
    public async Task Over_tcp_a_wrong_message_is_skipped_and_the_next_frame_read()
    {
        await using var peer = LoopbackDnsPeer.Start(Loopback.V4, udp: _ => [], tcp: query =>
            LoopbackDnsPeer.Framed(Edited(query, m => m with { Header = m.Header with { Id = (ushort)(m.Id ^ 1) } }), Right(query, Www)));

        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick with { Transport = DnsTransportMode.TcpOnly });

        Assert.Equal(DnsQueryOutcome.Answered, result.Outcome);
        Assert.Equal(1, result.MismatchedResponses);
        Assert.Equal(Www, Assert.Single(result.Response!.Answers));
    }

    [Fact]
    public async Task A_silent_tcp_server_times_out()
    {
        await using var peer = LoopbackDnsPeer.Start(Loopback.V4, udp: _ => [], tcp: _ => null);

        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick with { Transport = DnsTransportMode.TcpOnly, TcpTimeout = TimeSpan.FromSeconds(1) });

        Assert.Equal(DnsQueryOutcome.TimedOut, result.Outcome);
        Assert.Equal(DnsTransport.Tcp, result.Transport);
        Assert.Single(peer.TcpQueries);
    }

    [Fact]
    public async Task An_unreadable_answer_with_our_id_is_malformed()
    {
        await using var peer = LoopbackDnsPeer.Udp(Loopback.V4, query =>
        {
            var wire = Edited(query, m => m with { Edns = null });
            wire[^6] = 0xFF; // the A record's RDLENGTH (before its 4 address octets) now exceeds the message
            return [wire];
        });

        var result = await _client.QueryAsync(peer.EndPoint, Question, Quick);

        Assert.Equal(DnsQueryOutcome.Malformed, result.Outcome);
        Assert.Equal(DnsFormatError.RecordDataOverrun, result.FormatError!.Error);
        Assert.Null(result.Response);
        Assert.Contains("RDLENGTH", result.Error);
    }

    [Fact]
    public async Task A_closed_udp_port_is_a_network_error_not_a_timeout()
    {
        IPEndPoint closed;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(Loopback.V4, 0));
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }

        var result = await _client.QueryAsync(closed, Question, Quick with { AttemptTimeout = TimeSpan.FromSeconds(5) });

        Assert.Equal(DnsQueryOutcome.NetworkError, result.Outcome);
        Assert.Contains("refused", result.Error);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(4), "ICMP port unreachable ends the wait");
    }

    [LoopbackTheory]
    [MemberData(nameof(Loopbacks))]
    public async Task Cancellation_ends_a_wait_at_once_with_an_exception(string address)
    {
        await using var peer = LoopbackDnsPeer.Start(IPAddress.Parse(address), udp: _ => [], tcp: _ => null);
        var patient = new DnsQueryOptions { AttemptTimeout = TimeSpan.FromSeconds(30), TcpTimeout = TimeSpan.FromSeconds(30) };

        foreach (var transport in new[] { DnsTransportMode.UdpWithTcpFallback, DnsTransportMode.TcpOnly })
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var started = Stopwatch.GetTimestamp();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                _client.QueryAsync(peer.EndPoint, Question, patient with { Transport = transport }, cancel.Token));
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5), $"{transport} ignored cancellation");
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _client.QueryAsync(peer.EndPoint, Question, patient, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Options_shape_the_query_on_the_wire()
    {
        await using var peer = LoopbackDnsPeer.Udp(Loopback.V4, query => [Right(query, Www)]);

        await _client.QueryAsync(peer.EndPoint, Question, Quick with { EdnsUdpPayloadSize = 4096, DnssecOk = true, RecursionDesired = false, CheckingDisabled = true });
        await _client.QueryAsync(peer.EndPoint, Question, Quick with { EdnsUdpPayloadSize = null });
        await _client.QueryAsync(peer.EndPoint, Question);

        var queries = peer.UdpQueries.Select(q => q.Message).ToArray();
        Assert.Equal(4096, queries[0].Edns!.UdpPayloadSize);
        Assert.True(queries[0].Edns!.DnssecOk);
        Assert.False(queries[0].Header.RecursionDesired);
        Assert.True(queries[0].Header.CheckingDisabled);
        Assert.Null(queries[1].Edns);
        Assert.Equal(DnsLimits.DefaultEdnsUdpPayloadSize, queries[2].Edns!.UdpPayloadSize);
        Assert.False(queries[2].Edns!.DnssecOk);
        Assert.True(queries[2].Header.RecursionDesired);
        Assert.Equal(Question, queries[2].Question);
        Assert.Equal(3, queries.Select(q => q.Id).Distinct().Count());
    }

    [Fact]
    public async Task Options_that_cannot_work_are_argument_errors()
    {
        var server = new IPEndPoint(Loopback.V4, 53);
        await Assert.ThrowsAsync<ArgumentException>(() => _client.QueryAsync(server, Question, new DnsQueryOptions { AttemptTimeout = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.QueryAsync(server, Question, new DnsQueryOptions { UdpAttempts = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.QueryAsync(server, Question, new DnsQueryOptions { EdnsUdpPayloadSize = null, DnssecOk = true }));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _client.QueryAsync(null!, Question));
    }
}
