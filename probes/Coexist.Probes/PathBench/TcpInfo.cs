using System.Buffers.Binary;
using System.Net.Sockets;

namespace Coexist.Probes.PathBench;

/// <summary>
/// What the kernel knows about a TCP connection (Linux's struct tcp_info, <c>getsockopt(TCP_INFO)</c>): the path MTU
/// it uses, its smoothed round-trip time, the MSS it advertised in its SYN and the largest segment it received.
/// </summary>
public sealed record TcpInfo(int PathMtu, double RttMicroseconds, int AdvertisedMss, int ReceivedMss)
{
    // <netinet/in.h>, <netinet/tcp.h>: IPPROTO_TCP = 6, TCP_INFO = 11.
    private const int IPProtoTcp = 6;
    private const int TcpInfoOption = 11;

    // struct tcp_info: eight u8 fields, then u32s (rto at 8, ato, snd_mss, rcv_mss at 20, ..., pmtu at 60, rcv_ssthresh, rtt at 68, rttvar, snd_ssthresh, snd_cwnd, advmss at 84).
    internal const int ReceivedMssOffset = 20;
    internal const int PathMtuOffset = 60;
    internal const int RttOffset = 68;
    internal const int AdvertisedMssOffset = 84;

    /// <summary>The connection's tcp_info; null off Linux or when the kernel does not tell.</summary>
    public static TcpInfo? Read(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!OperatingSystem.IsLinux()) return null;
        Span<byte> info = stackalloc byte[256];
        try
        {
            return Parse(info[..socket.GetRawSocketOption(IPProtoTcp, TcpInfoOption, info)]);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>The fields used here, from a tcp_info buffer in the machine's byte order; null when it is too short.</summary>
    public static TcpInfo? Parse(ReadOnlySpan<byte> info)
    {
        if (info.Length < AdvertisedMssOffset + sizeof(uint)) return null;
        return new TcpInfo(U32(info, PathMtuOffset), U32(info, RttOffset), U32(info, AdvertisedMssOffset), U32(info, ReceivedMssOffset));

        static int U32(ReadOnlySpan<byte> bytes, int offset) => (int)Math.Min(int.MaxValue,
            BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]));
    }
}
