using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Dns;

/// <summary>
/// One query over TCP: connect, send the message behind its two-octet length (RFC 1035 §4.2.2), read framed
/// messages until the answer comes (RFC 7766 §6.2.1.1 lets servers interleave), all within one timeout.
/// </summary>
internal static class TcpExchange
{
    private const int LengthPrefix = 2;

    public static async Task<DnsExchange> RunAsync(IPEndPoint server, DnsMessage query, byte[] wire, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var mismatched = 0;
        var sentAt = Stopwatch.GetTimestamp();
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(timeout);
        try
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server, window.Token).ConfigureAwait(false);

            var framed = new byte[LengthPrefix + wire.Length];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)wire.Length);
            wire.CopyTo(framed, LengthPrefix);
            for (var sent = 0; sent < framed.Length;)
                sent += await socket.SendAsync(framed.AsMemory(sent), SocketFlags.None, window.Token).ConfigureAwait(false);

            var prefix = new byte[LengthPrefix];
            while (true)
            {
                var got = await ReadFullyAsync(socket, prefix, window.Token).ConfigureAwait(false);
                if (got < LengthPrefix)
                {
                    var when = got == 0 ? "before answering" : "inside a length prefix";
                    return Closed($"the server closed the connection {when}");
                }
                int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                // At most 65535 octets, whatever the prefix says: a bounded allocation.
                var message = new byte[length];
                got = await ReadFullyAsync(socket, message, window.Token).ConfigureAwait(false);
                if (got < length) return Closed($"the server closed the connection after {got} of the {length} octets it announced");

                var roundTrip = DnsExchange.Since(sentAt);
                var (verdict, response, error) = DnsResponseMatching.Classify(message, query);
                switch (verdict)
                {
                    case DnsResponseMatching.Verdict.Answer:
                        return new DnsExchange(DnsQueryOutcome.Answered, DnsTransport.Tcp, 1, mismatched, response, length, roundTrip);
                    case DnsResponseMatching.Verdict.Malformed:
                        return new DnsExchange(DnsQueryOutcome.Malformed, DnsTransport.Tcp, 1, mismatched, null, length, roundTrip, error, $"TCP answer unreadable: {error!.Message}");
                    default:
                        mismatched++;
                        continue;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DnsExchange(DnsQueryOutcome.TimedOut, DnsTransport.Tcp, 1, mismatched,
                Error: $"TCP: no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (SocketException e)
        {
            return DnsExchange.NetworkError(DnsTransport.Tcp, 1, mismatched, e);
        }

        DnsExchange Closed(string what) =>
            new(DnsQueryOutcome.NetworkError, DnsTransport.Tcp, 1, mismatched, Error: $"TCP: {what}");
    }

    // Reads until the buffer is full or the peer closes; returns the octets read.
    private static async Task<int> ReadFullyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer[total..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            total += read;
        }
        return total;
    }
}
