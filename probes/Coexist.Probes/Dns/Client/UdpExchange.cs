using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Dns;

/// <summary>
/// One query over UDP (RFC 1035 §4.2.1): the same datagram up to <see cref="DnsQueryOptions.UdpAttempts"/>
/// times, each wait longer than the last, on one connected socket of the server's family. Messages that
/// do not answer the question are counted and ignored, and the wait goes on (RFC 5452 §9.1).
/// </summary>
internal static class UdpExchange
{
    /// <summary>The longest a single retry waits, however many retries are asked for.</summary>
    private static readonly TimeSpan MaxAttemptTimeout = TimeSpan.FromSeconds(30);

    // The largest UDP payload (65535 - 8 UDP - 20 IPv4) fits; a larger receive buffer would never fill.
    private const int ReceiveBufferLength = DnsLimits.MaxMessageLength;

    public static async Task<DnsExchange> RunAsync(IPEndPoint server, DnsMessage query, byte[] wire, DnsQueryOptions options, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var mismatched = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferLength);
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            // Connected: the kernel drops datagrams from other sources and reports ICMP errors to us.
            socket.Connect(server);
            var timeout = options.AttemptTimeout;
            for (var attempt = 0; attempt < options.UdpAttempts; attempt++)
            {
                var sentAt = Stopwatch.GetTimestamp();
                await socket.SendAsync(wire, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                attempts++;
                using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                window.CancelAfter(timeout);
                while (true)
                {
                    int received;
                    try
                    {
                        received = await socket.ReceiveAsync(buffer.AsMemory(0, ReceiveBufferLength), SocketFlags.None, window.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    var roundTrip = DnsExchange.Since(sentAt);
                    var (verdict, response, error) = DnsResponseMatching.Classify(buffer.AsSpan(0, received), query);
                    switch (verdict)
                    {
                        case DnsResponseMatching.Verdict.Answer:
                            return new DnsExchange(DnsQueryOutcome.Answered, DnsTransport.Udp, attempts, mismatched, response, received, roundTrip);
                        case DnsResponseMatching.Verdict.Malformed:
                            return new DnsExchange(DnsQueryOutcome.Malformed, DnsTransport.Udp, attempts, mismatched, null, received, roundTrip, error, $"UDP answer unreadable: {error!.Message}");
                        default:
                            mismatched++;
                            continue;
                    }
                }
                timeout = Backoff(timeout, options.AttemptTimeout);
            }
            var ignored = mismatched == 0 ? "" : $", {mismatched} unrelated messages ignored";
            return new DnsExchange(DnsQueryOutcome.TimedOut, DnsTransport.Udp, attempts, mismatched,
                Error: $"UDP: no answer to {attempts} datagrams (first wait {options.AttemptTimeout.TotalSeconds:0.###} s, doubling){ignored}");
        }
        catch (SocketException e)
        {
            return DnsExchange.NetworkError(DnsTransport.Udp, attempts, mismatched, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TimeSpan Backoff(TimeSpan timeout, TimeSpan first)
    {
        var next = timeout * DnsQueryOptions.BackoffFactor;
        var ceiling = first > MaxAttemptTimeout ? first : MaxAttemptTimeout;
        return next > ceiling ? ceiling : next;
    }
}
