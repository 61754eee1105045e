using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Paths;

/// <summary>
/// The host's network with some addresses sent elsewhere: a socket for a redirected address connects to the
/// endpoint given instead, whatever port was asked (a DNS server at 2001:db8::53 port 53 becomes a test server
/// at [::1]:40053). Routes are checked for where the traffic really goes. For loopback tests and benchmarks; it
/// never changes what the results say: evidence keeps the address that was asked for.
/// </summary>
public sealed class RedirectingNetwork : IProbeNetwork
{
    private readonly ConcurrentDictionary<IPAddress, IPEndPoint> _redirects = new();
    private readonly Func<IPAddress, IPEndPoint?>? _fallback;

    /// <param name="fallback">Where addresses without their own redirect go; null leaves them alone.</param>
    /// <param name="families">The families this host is said to have; null asks the system.</param>
    public RedirectingNetwork(Func<IPAddress, IPEndPoint?>? fallback = null, IReadOnlyCollection<AddressFamily>? families = null)
    {
        _fallback = fallback;
        Families = families;
    }

    public IReadOnlyCollection<AddressFamily>? Families { get; }

    /// <summary>Sends every socket for <paramref name="address"/> to <paramref name="to"/>.</summary>
    public RedirectingNetwork Redirect(IPAddress address, IPEndPoint to)
    {
        if (address.AddressFamily != to.AddressFamily)
            throw new ArgumentException($"{address} and {to} are of different families; a redirect keeps the family a path uses", nameof(to));
        _redirects[address] = to;
        return this;
    }

    public bool HasFamily(AddressFamily family, out string? reason)
    {
        if (Families is null) return SystemNetwork.Instance.HasFamily(family, out reason);
        var has = Families.Contains(family);
        reason = has ? null : $"this host has no {(family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} (as configured for this run)";
        return has;
    }

    public bool CanRoute(IPAddress address, out string? reason)
    {
        var target = EndPointFor(address, RouteCheck.DiscardPort);
        return RouteCheck.CanRoute(target, out reason);
    }

    public IPEndPoint EndPointFor(IPAddress address, int port) =>
        _redirects.TryGetValue(address, out var to) ? to
        : _fallback?.Invoke(address) is { } fallback ? fallback
        : new IPEndPoint(address, port);
}
