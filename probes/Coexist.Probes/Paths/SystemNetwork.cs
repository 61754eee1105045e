using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Coexist.Probes.Paths;

/// <summary>The probing host's own network, as the kernel sees it.</summary>
public sealed class SystemNetwork : IProbeNetwork
{
    public static SystemNetwork Instance { get; } = new();

    /// <summary>
    /// A family is usable when a socket of it can be made and an interface that is up carries an address of it
    /// beyond loopback and link-local: a host with only <c>::1</c> and <c>fe80::</c> has no IPv6 to test with.
    /// </summary>
    public bool HasFamily(AddressFamily family, out string? reason)
    {
        var name = family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        try
        {
            using var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException e)
        {
            reason = $"this host cannot open {name} sockets ({e.SocketErrorCode}): {name} is disabled here";
            return false;
        }

        var usable = NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Any(address => address.AddressFamily == family && !IPAddress.IsLoopback(address) && !IsLinkLocal(address));
        reason = usable ? null : $"this host has no {name} address beyond loopback and link-local, so it cannot test {name} paths";
        return usable;
    }

    public bool CanRoute(IPAddress address, out string? reason) => RouteCheck.CanRoute(new IPEndPoint(address, RouteCheck.DiscardPort), out reason);

    public IPEndPoint EndPointFor(IPAddress address, int port) => new(address, port);

    private static bool IsLinkLocal(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6
            ? address.IsIPv6LinkLocal
            : address.GetAddressBytes() is [169, 254, ..];
}

/// <summary>Asks the kernel for a route by connecting a UDP socket, which sends nothing.</summary>
internal static class RouteCheck
{
    /// <summary>RFC 863's discard port: a UDP connect needs some port, and nothing is sent to it.</summary>
    public const int DiscardPort = 9;

    public static bool CanRoute(IPEndPoint endPoint, out string? reason)
    {
        try
        {
            using var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(endPoint);
            reason = null;
            return true;
        }
        catch (SocketException e)
        {
            reason = $"this host has no route to {endPoint.Address} ({e.SocketErrorCode})";
            return false;
        }
    }
}
