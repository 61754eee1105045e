using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Sip;

/// <summary>
/// A c= field (RFC 8866 §5.7): <c>IN IP6 2001:db8::1</c>. The address is read whatever the declared type says,
/// so that a check can flag <c>IN IP4</c> with an IPv6 address, a bracketed IPv6 address, or an IPv4 address in
/// an IPv6 call. <see cref="Suffix"/> keeps a multicast TTL and address count (<c>/127/3</c>).
/// </summary>
public sealed record SdpConnection(string NetworkType, string AddressType, SipHost Address, string? Suffix = null)
{
    /// <summary>The family the address type declares: IP4, IP6, or null for another type.</summary>
    public AddressFamily? DeclaredFamily => AddressType switch
    {
        "IP4" => AddressFamily.InterNetwork,
        "IP6" => AddressFamily.InterNetworkV6,
        _ => null,
    };

    /// <summary>Whether a literal address is of the family the address type declares; true for a name, which cannot be told.</summary>
    public bool AddressMatchesType => Address.Address is null || Address.AddressFamily == DeclaredFamily;

    public static SdpConnection FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var host = SipHost.FromAddress(address, bracketIPv6: false);
        return new SdpConnection("IN", host.IsIPv6 ? "IP6" : "IP4", host);
    }

    public override string ToString() => $"{NetworkType} {AddressType} {Address}{Suffix}";

    internal static SdpConnection Parse(string value, int position, string what)
    {
        var fields = value.Split(' ');
        if (fields.Length != 3 || fields.Any(f => f.Length == 0))
            throw new SipFormatException(SipFormatError.SdpInvalidField, position, $"{what} '{value}' is not '<nettype> <addrtype> <address>'");
        var slash = fields[2].IndexOf('/');
        var address = slash < 0 ? fields[2] : fields[2][..slash];
        var suffix = slash < 0 ? null : fields[2][slash..];
        return new SdpConnection(fields[0], fields[1], SdpParser.Host(address, position, what), suffix);
    }
}

/// <summary>The o= field (RFC 8866 §5.2): <c>username sess-id sess-version nettype addrtype unicast-address</c>.</summary>
public sealed record SdpOrigin(string UserName, string SessionId, string SessionVersion, string NetworkType, string AddressType, SipHost Address)
{
    public override string ToString() => $"{UserName} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";

    internal static SdpOrigin Parse(string value, int position)
    {
        var fields = value.Split(' ');
        if (fields.Length != 6 || fields.Any(f => f.Length == 0) || !SipText.IsDigits(fields[1]) || !SipText.IsDigits(fields[2]))
            throw new SipFormatException(SipFormatError.SdpInvalidField, position, $"o= '{value}' is not '<username> <sess-id> <sess-version> <nettype> <addrtype> <address>'");
        return new SdpOrigin(fields[0], fields[1], fields[2], fields[3], fields[4], SdpParser.Host(fields[5], position, "o="));
    }
}
