namespace Coexist.Probes.Dns;

/// <summary>RR TYPE codes (IANA "Resource Record (RR) TYPEs"). Any other 16-bit value is valid too: cast it.</summary>
public enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    SRV = 33,
    NAPTR = 35,
    OPT = 41,
    DS = 43,
    RRSIG = 46,
    NSEC = 47,
    DNSKEY = 48,
    NSEC3 = 50,
    HTTPS = 65,
    ANY = 255,
    CAA = 257,
}
