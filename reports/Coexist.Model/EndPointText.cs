using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coexist.Model;

/// <summary>
/// A server written as <c>ADDR[:PORT]</c>: <c>192.0.2.53</c>, <c>192.0.2.53:5353</c>,
/// <c>2001:db8::53</c> or <c>[2001:db8::53]:5353</c> (RFC 3986 brackets for IPv6 with a port).
/// </summary>
public sealed record EndPointText(IPAddress Address, int? Port)
{
    public IPEndPoint WithDefaultPort(int port) => new(Address, Port ?? port);

    public override string ToString() => Port is { } p ? new IPEndPoint(Address, p).ToString() : Address.ToString();

    public static bool TryParse(string? text, [NotNullWhen(true)] out EndPointText? value)
    {
        value = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return false;

        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0) return false;
            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') return false;
                port = rest[1..];
            }
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
        }
        else if (IPText.TryParse(text, out _))
        {
            host = text;
        }
        else
        {
            // Only IPv4 may carry a port without brackets: "192.0.2.53:5353".
            var colon = text.IndexOf(':');
            if (colon < 0 || text.IndexOf(':', colon + 1) >= 0) return false;
            host = text[..colon];
            port = text[(colon + 1)..];
            if (!IPText.TryParse(host, out var v4) || v4.AddressFamily != AddressFamily.InterNetwork) return false;
        }

        int? number = null;
        if (port is not null)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535) return false;
            number = p;
        }
        value = new EndPointText(IPAddress.Parse(host), number);
        return true;
    }

    public static EndPointText Parse(string text, string what) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"{what} '{text}' is not an address or ADDR:PORT (write IPv6 with a port as [ADDR]:PORT)");
}
