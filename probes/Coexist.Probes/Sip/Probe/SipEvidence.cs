using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Sip.Probe;

/// <summary>
/// Evidence that is safe to put in a report: values a server chose are cut to a length and stripped of control
/// characters, since a hostile server writes what it likes into its headers.
/// </summary>
public static class SipEvidence
{
    /// <summary>Header values in evidence: enough for a Contact or Record-Route with an IPv6 address and parameters.</summary>
    public const int MaxValueLength = 200;

    public static string Cut(string value, int max = MaxValueLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(Math.Min(value.Length, max + 1));
        foreach (var c in value)
        {
            if (text.Length >= max)
            {
                text.Append('…');
                break;
            }
            text.Append(char.IsControl(c) ? '?' : c);
        }
        return text.ToString();
    }

    public static JsonArray Cut(IEnumerable<string> values, int max = MaxValueLength) => Evidence.Strings(values.Select(v => Cut(v, max)));

    /// <summary>"IPv4", "IPv6", or "name" for a host an address family cannot be told of. An IPv4-mapped address is IPv4.</summary>
    public static string FamilyName(AddressFamily? family) => family switch
    {
        AddressFamily.InterNetwork => "IPv4",
        AddressFamily.InterNetworkV6 => "IPv6",
        _ => "name",
    };

    /// <summary>The family a host really stands for: IPv4 for an IPv4-mapped IPv6 literal (RFC 5118 §4.9), null for a name.</summary>
    public static AddressFamily? EffectiveFamily(SipHost host) => host.IsIPv4MappedIPv6 ? AddressFamily.InterNetwork : host.AddressFamily;

    public static string FamilyName(IPAddress address) =>
        FamilyName(address.IsIPv4MappedToIPv6 ? AddressFamily.InterNetwork : address.AddressFamily);
}
