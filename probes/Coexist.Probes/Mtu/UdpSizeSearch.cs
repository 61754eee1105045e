using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Coexist.Probes.Mtu;

/// <summary>What the size search found: the largest packet that crossed both ways, and how far it looked.</summary>
public sealed record SizeSearchResult(int? LargestPacket, int Ceiling, int Probes, string? Failure);

/// <summary>
/// The largest IP packet that crosses a path from the echo server to this host, found without trusting ICMP: a
/// small request asks the server for one datagram of a given size, sent with don't-fragment, and a size counts as
/// passing only when that datagram arrives (packetization-layer path MTU discovery, RFC 4821 §7 and RFC 8899 §5: a
/// lost probe is the signal, a Packet Too Big only a hint). Only the server sends large packets, as a server's
/// responses do (<see cref="PathBench.EchoProtocol"/>). The search confirms a small size, tries the ceiling (this
/// host's link MTU) and, when that is lost, bisects, trying the IPv6 minimum of 1,280 first.
/// </summary>
public static class UdpSizeSearch
{
    /// <summary>A size every path carries (IPv4's 576-byte datagram every host must accept, RFC 791): it shows that something echoes.</summary>
    public const int BasePacket = 576;

    /// <summary>Tries per size before it counts as lost: a single loss on a busy machine must not shrink the answer (RFC 8899 §5.1.3, MAX_PROBES).</summary>
    public const int TriesPerSize = 2;

    public static Task<SizeSearchResult> RunAsync(IPEndPoint endpoint, TimeSpan probeTimeout, int? ceiling, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(endpoint, probeTimeout, ceiling, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static SizeSearchResult Run(IPEndPoint endpoint, TimeSpan probeTimeout, int? ceiling, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(endpoint);
        var top = Math.Min(ceiling ?? LinkMtuTowards(socket), MaxPacketFor(endpoint.AddressFamily));
        var header = HeaderBytes(endpoint.AddressFamily);
        var probes = 0;
        long sequence = 0;
        var buffer = new byte[MtuLimits.MaxPacket];
        string? lastError = null;

        bool Passes(int packet)
        {
            for (var attempt = 0; attempt < TriesPerSize; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                probes++;
                switch (Probe(socket, packet - header, ++sequence, probeTimeout, buffer, out lastError))
                {
                    case ProbeResult.Echoed: return true;
                    case ProbeResult.TooBig: return false;   // this host already knows the path is narrower: no need to ask again
                }
            }
            return false;
        }

        if (!Passes(Math.Min(BasePacket, top)))
            return new SizeSearchResult(null, top, probes, $"no echo of a {Math.Min(BasePacket, top)}-byte UDP datagram: {lastError ?? "lost"}");
        if (Passes(top)) return new SizeSearchResult(top, top, probes, null);

        int good = Math.Min(BasePacket, top), bad = top;
        if (MtuLimits.IPv6MinimumMtu > good && MtuLimits.IPv6MinimumMtu < bad)
        {
            if (Passes(MtuLimits.IPv6MinimumMtu)) good = MtuLimits.IPv6MinimumMtu;
            else bad = MtuLimits.IPv6MinimumMtu;
        }
        while (bad - good > 1)
        {
            var middle = good + (bad - good) / 2;
            if (Passes(middle)) good = middle;
            else bad = middle;
        }
        return new SizeSearchResult(good, top, probes, null);
    }

    private enum ProbeResult { Echoed, Lost, TooBig }

    private static ProbeResult Probe(Socket socket, int payloadBytes, long sequence, TimeSpan timeout, byte[] buffer, out string? error)
    {
        error = null;
        var request = PathBench.EchoProtocol.DatagramRequest(payloadBytes, sequence);
        var started = Stopwatch.GetTimestamp();
        try
        {
            socket.Send(request);
            while (true)
            {
                var left = timeout - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero || !socket.Poll(PathBench.LatencyMeter.Micros(left), SelectMode.SelectRead))
                {
                    error = $"no {payloadBytes:N0}-byte answer within {timeout.TotalMilliseconds:0} ms";
                    return ProbeResult.Lost;
                }
                var n = socket.Receive(buffer);
                // The answer starts with its request: a late answer to an earlier probe is told apart and skipped.
                if (n == payloadBytes && buffer.AsSpan(0, Math.Min(n, request.Length)).SequenceEqual(request.AsSpan(0, Math.Min(n, request.Length))))
                    return ProbeResult.Echoed;
                if (n == request.Length && buffer.AsSpan(0, n).SequenceEqual(request))
                {
                    error = "the server echoed the request instead of answering it: not a coexist echo-server";
                    return ProbeResult.Lost;
                }
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
        {
            error = "too big for the path this host has learnt (EMSGSIZE)";
            return ProbeResult.TooBig;
        }
        catch (SocketException e)
        {
            error = PathBench.LatencyMeter.Describe(e.SocketErrorCode);
            return ProbeResult.Lost;
        }
    }

    public static int HeaderBytes(AddressFamily family) =>
        (family == AddressFamily.InterNetworkV6 ? MtuLimits.IPv6Header : MtuLimits.IPv4Header) + MtuLimits.UdpHeader;

    /// <summary>The largest packet a UDP datagram of this family can make (IPv6's length field leaves its own header out).</summary>
    private static int MaxPacketFor(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? MtuLimits.MaxPacket + MtuLimits.IPv6Header : MtuLimits.MaxPacket;

    /// <summary>The MTU of the interface that holds the connected socket's source address; Ethernet's when that cannot be told.</summary>
    internal static int LinkMtuTowards(Socket connected)
    {
        try
        {
            if (connected.LocalEndPoint is not IPEndPoint local) return MtuLimits.EthernetMtu;
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                var properties = nic.GetIPProperties();
                if (!properties.UnicastAddresses.Any(u => u.Address.Equals(local.Address))) continue;
                var mtu = local.AddressFamily == AddressFamily.InterNetworkV6 ? properties.GetIPv6Properties()?.Mtu : properties.GetIPv4Properties()?.Mtu;
                if (mtu is > 0) return mtu.Value;
            }
        }
        catch (NetworkInformationException)
        {
            // Fall through to the common case.
        }
        return MtuLimits.EthernetMtu;
    }
}
