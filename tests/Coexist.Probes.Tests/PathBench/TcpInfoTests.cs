using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Coexist.Probes.PathBench;

namespace Coexist.Probes.Tests.PathBench;

public class TcpInfoTests
{
    [Fact]
    public void Reads_path_MTU_RTT_advertised_and_received_MSS_at_their_offsets()
    {
        var info = new byte[104];
        Put(info, 20, 1208);    // tcpi_rcv_mss
        Put(info, 60, 1280);    // tcpi_pmtu
        Put(info, 68, 57);      // tcpi_rtt, µs
        Put(info, 84, 1208);    // tcpi_advmss
        Assert.Equal(new TcpInfo(1280, 57, 1208, 1208), TcpInfo.Parse(info));
        Assert.Null(TcpInfo.Parse(info.AsSpan(0, 80)));
    }

    [Fact]
    public async Task A_loopback_connection_has_a_round_trip_and_loopbacks_MTU_on_Linux()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        var info = TcpInfo.Read(client);
        Assert.NotNull(info);
        Assert.True(info.RttMicroseconds > 0, $"{info}");
        Assert.InRange(info.PathMtu, 65535, 65536);   // loopback's MTU, capped at IPv4's largest packet
        Assert.True(info.AdvertisedMss > 60_000, $"{info}");
    }

    private static void Put(byte[] buffer, int offset, uint value)
    {
        if (BitConverter.IsLittleEndian) BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset), value);
        else BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset), value);
    }
}
