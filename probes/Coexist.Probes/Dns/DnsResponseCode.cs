namespace Coexist.Probes.Dns;

/// <summary>
/// RCODE, 12 bits: the low 4 bits travel in the header, the high 8 in the OPT record (RFC 6891 §6.1.3).
/// Any other value is valid too: cast it.
/// </summary>
public enum DnsResponseCode : ushort
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
    YXDomain = 6,
    YXRRSet = 7,
    NXRRSet = 8,
    NotAuth = 9,
    NotZone = 10,
    DsoTypeNI = 11,
    BadVers = 16,
    BadKey = 17,
    BadTime = 18,
    BadMode = 19,
    BadName = 20,
    BadAlg = 21,
    BadTrunc = 22,
    BadCookie = 23,
}
