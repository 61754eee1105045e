using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Tests.Web;

/// <summary>
/// The test world's network with web servers on it: an address and port (80, 443) go to a loopback endpoint of
/// their own, so that HTTP and HTTPS of one made-up address reach the right listener. Everything else goes where
/// the DNS world's <see cref="RedirectingNetwork"/> sends it (a closed loopback port when nothing serves it).
/// </summary>
internal sealed class WebNetwork(RedirectingNetwork inner) : IProbeNetwork
{
    private readonly ConcurrentDictionary<(IPAddress, int), IPEndPoint> _ports = new();

    /// <summary>Serves <paramref name="address"/>:80 and :443 from <paramref name="server"/>'s listeners of the address's family.</summary>
    public WebNetwork Serve(string address, LoopbackWebServer server, bool http = true, bool https = true)
    {
        var logical = IPAddress.Parse(address);
        var v6 = logical.AddressFamily == AddressFamily.InterNetworkV6;
        if (http) _ports[(logical, 80)] = v6 ? server.Http6 : server.Http4;
        if (https) _ports[(logical, 443)] = v6 ? server.Https6 : server.Https4;
        return this;
    }

    /// <summary>Sends <paramref name="address"/>:<paramref name="port"/> to <paramref name="to"/>.</summary>
    public WebNetwork Map(string address, int port, IPEndPoint to)
    {
        _ports[(IPAddress.Parse(address), port)] = to;
        return this;
    }

    public bool HasFamily(AddressFamily family, out string? reason) => inner.HasFamily(family, out reason);

    public bool CanRoute(IPAddress address, out string? reason) => inner.CanRoute(address, out reason);

    public IPEndPoint EndPointFor(IPAddress address, int port) =>
        _ports.TryGetValue((address, port), out var to) ? to : inner.EndPointFor(address, port);
}
