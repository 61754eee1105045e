using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Paths;

/// <summary>
/// What the probes ask of the probing host's network: whether it has a family at all, whether it has a route
/// to an address, and where a socket for an address really goes. <see cref="SystemNetwork"/> is the host as it
/// is; <see cref="RedirectingNetwork"/> sends chosen addresses elsewhere (loopback tests, port-forwarded labs).
/// </summary>
public interface IProbeNetwork
{
    /// <summary>Whether this host can use <paramref name="family"/> at all; when not, why.</summary>
    bool HasFamily(AddressFamily family, out string? reason);

    /// <summary>Whether the host has a route to <paramref name="address"/> (asked of the kernel; no packet is sent).</summary>
    bool CanRoute(IPAddress address, out string? reason);

    /// <summary>The endpoint a socket for <paramref name="address"/>:<paramref name="port"/> connects to.</summary>
    IPEndPoint EndPointFor(IPAddress address, int port);
}
