namespace Coexist.Probes.Dns;

/// <summary>CLASS codes (RFC 1035 §3.2.4, RFC 2136 §2.4 for NONE). Any other 16-bit value is valid too: cast it.</summary>
public enum DnsClass : ushort
{
    IN = 1,
    CH = 3,
    HS = 4,
    NONE = 254,
    ANY = 255,
}
