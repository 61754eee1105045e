namespace Coexist.Probes.Mail.Spf;

/// <summary>The limits of one SPF evaluation (check_host), from RFC 7208.</summary>
public static class SpfLimits
{
    /// <summary>
    /// Terms that cause DNS queries (include, a, mx, ptr, exists, redirect) per evaluation, includes and redirects
    /// counted across the whole tree: the 11th is a permerror (RFC 7208 §4.6.4).
    /// </summary>
    public const int MaxDnsLookups = 10;

    /// <summary>
    /// Lookups that return no records (NODATA or NXDOMAIN) per evaluation; one more is a permerror
    /// (RFC 7208 §4.6.4: "SHOULD limit void lookups to two").
    /// </summary>
    public const int MaxVoidLookups = 2;

    /// <summary>MX records one mx mechanism may look at; more is a permerror (RFC 7208 §4.6.4).</summary>
    public const int MaxMxNames = 10;

    /// <summary>PTR names one ptr mechanism (or %{p}) looks at; the rest are ignored (RFC 7208 §4.6.4, §5.5).</summary>
    public const int MaxPtrNames = 10;

    /// <summary>The longest domain a macro expansion may give; longer ones lose labels on the left (RFC 7208 §7.3).</summary>
    public const int MaxExpandedDomainLength = 253;

    /// <summary>Lines of the evaluation trace kept as evidence.</summary>
    public const int MaxTraceLines = 60;
}
