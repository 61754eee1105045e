using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coexist.Probes.Dns;

/// <summary>The names PTR records live at: <c>in-addr.arpa</c> (RFC 1035 §3.5) and <c>ip6.arpa</c> (RFC 3596 §2.5).</summary>
public static class DnsReverseName
{
    public static DnsName For(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var octets = address.GetAddressBytes();
        var text = new StringBuilder(74);
        switch (address.AddressFamily)
        {
            case AddressFamily.InterNetwork:
                for (var i = octets.Length - 1; i >= 0; i--) text.Append(octets[i]).Append('.');
                text.Append("in-addr.arpa");
                break;
            case AddressFamily.InterNetworkV6:
                // One label per nibble, least significant first.
                for (var i = octets.Length - 1; i >= 0; i--)
                    text.Append(HexDigit(octets[i] & 0xF)).Append('.').Append(HexDigit(octets[i] >> 4)).Append('.');
                text.Append("ip6.arpa");
                break;
            default:
                throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address));
        }
        return DnsName.Parse(text.ToString());
    }

    private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
