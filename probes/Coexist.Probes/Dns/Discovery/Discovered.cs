using Coexist.Model;

namespace Coexist.Probes.Dns.Discovery;

/// <summary>How finding a service's names or a zone's servers went.</summary>
public enum DiscoveryStatus
{
    Found,

    /// <summary>Nothing to check, rightly (a null MX, a service given only by address).</summary>
    Empty,

    /// <summary>The DNS data is wrong (the mail domain does not exist, the zone has no NS): a fault of the service.</summary>
    Broken,

    /// <summary>The probe could not find out (the resolver did not answer).</summary>
    CannotTest,
}

public static class Discovered
{
    /// <summary>The verdict a check gives when discovery found nothing to check.</summary>
    public static Outcome Outcome(this DiscoveryStatus status) => status switch
    {
        DiscoveryStatus.Empty => Model.Outcome.Skipped,
        DiscoveryStatus.Broken => Model.Outcome.Fail,
        DiscoveryStatus.CannotTest => Model.Outcome.Error,
        _ => Model.Outcome.Pass,
    };

    /// <summary>The status a lookup that found nothing stands for.</summary>
    public static DiscoveryStatus StatusOf<T>(DnsLookupResult<T> lookup) => lookup.Status switch
    {
        DnsLookupStatus.Found => DiscoveryStatus.Found,
        DnsLookupStatus.TimedOut or DnsLookupStatus.NetworkError or DnsLookupStatus.Malformed => DiscoveryStatus.CannotTest,
        _ => DiscoveryStatus.Broken,
    };
}
