namespace Coexist.Probes.Mtu;

/// <summary>The sizes the MTU checks are built on, with their sources.</summary>
public static class MtuLimits
{
    /// <summary>The smallest MTU an IPv6 link may have (RFC 8200 §5).</summary>
    public const int IPv6MinimumMtu = 1280;

    /// <summary>
    /// An IPv6 packet of 1,280 bytes is 1,260 once translated to IPv4 (the 40-byte header becomes 20), which a
    /// translator must be able to send (RFC 7915 §5.1: DF is cleared up to that size, so IPv4 routers may fragment).
    /// </summary>
    public const int TranslatedIPv4Minimum = IPv6MinimumMtu - (IPv6Header - IPv4Header);

    /// <summary>Ethernet's MTU: what most hosts send when nothing narrower is known.</summary>
    public const int EthernetMtu = 1500;

    public const int IPv4Header = 20;
    public const int IPv6Header = 40;
    public const int UdpHeader = 8;

    /// <summary>The largest IP packet there is (the 16-bit length field); loopback links allow it.</summary>
    public const int MaxPacket = 65535;
}
