using System.Net.Sockets;

namespace Coexist.Probes.Mtu;

/// <summary>
/// Don't-fragment on a UDP socket, for both families: a datagram too big for the path is then lost (or refused
/// with EMSGSIZE once the host knows the path MTU) instead of being cut into fragments that hide the path's size.
/// .NET's <see cref="Socket.DontFragment"/> covers IPv4 only; for IPv6 the Linux option is set directly.
/// </summary>
internal static class DontFragment
{
    // <linux/in6.h>: IPV6_MTU_DISCOVER = 23, IPV6_PMTUDISC_DO = 2 (never fragment locally, report EMSGSIZE).
    private const int IPProtoIPv6 = 41;
    private const int IPv6MtuDiscover = 23;
    private const int IPv6PmtuDiscoverDo = 2;

    /// <summary>Sets don't-fragment; false when this system does not allow it.</summary>
    public static bool TrySet(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            if (socket.AddressFamily == AddressFamily.InterNetwork)
            {
                socket.DontFragment = true;
                return true;
            }
            if (socket.AddressFamily == AddressFamily.InterNetworkV6 && OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(IPProtoIPv6, IPv6MtuDiscover, BitConverter.GetBytes(IPv6PmtuDiscoverDo));
                return true;
            }
        }
        catch (Exception e) when (e is SocketException or NotSupportedException)
        {
            // Fall through: the caller says what that costs.
        }
        return false;
    }
}
