using System.Net;
using System.Net.Sockets;

namespace Coexist.Analyzers.Tests.Verification;

/// <summary>A fact that needs to listen on ::1; skipped, with the reason, on a host without IPv6 loopback.</summary>
public sealed class RequiresIPv6LoopbackFactAttribute : FactAttribute
{
    public RequiresIPv6LoopbackFactAttribute()
    {
        if (!CanListenOnIPv6Loopback(out var why)) Skip = why;
    }

    private static bool CanListenOnIPv6Loopback(out string why)
    {
        why = "";
        if (!Socket.OSSupportsIPv6)
        {
            why = "this host has no IPv6, so nothing can listen on ::1";
            return false;
        }
        try
        {
            var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException e)
        {
            why = "cannot listen on [::1]: " + e.Message;
            return false;
        }
    }
}
