namespace Coexist.Probes.Web;

/// <summary>The web probe's timeouts, sizes and thresholds, each with where it comes from.</summary>
public static class WebLimits
{
    /// <summary>
    /// A TCP connect to port 80 or 443 may take this long: internet.nl's web server reachability test
    /// (web_reach) gives each connect 4 s (<c>sock.settimeout(4)</c> in checks/tasks/ipv6.py).
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(4);

    /// <summary>One HTTP(S) GET, redirects on the same host included, within 10 s (the limit for a page fetch).</summary>
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Of a page body, only the first 500,000 bytes are read and compared: internet.nl's "same website on IPv6 and
    /// IPv4" test (web_ipv46) reads at most 0.5 MB of each (<c>read(500000)</c> in checks/tasks/ipv6.py).
    /// </summary>
    public const int MaxBodyBytes = 500_000;

    /// <summary>
    /// Two pages are the same website when their distance, 100 × (1 − similarity), is at most 10: internet.nl's
    /// <c>SIMHASH_MAX = 10</c> (internetnl/settings.py), applied to difflib's quick_ratio of the two pages.
    /// </summary>
    public const double MaxContentDistance = 10;

    /// <summary>
    /// A path's resource score, min(1, loaded on the path / loaded over IPv4) as NAT64Check computes it
    /// (zaphod, measurements/tasks/analysis/instancerunresult.py), passes from 0.95 ...
    /// </summary>
    public const double ResourceScorePass = 0.95;

    /// <summary>... and warns from 0.8; below, it fails (the band edges the issue sets after NAT64Check).</summary>
    public const double ResourceScoreWarn = 0.8;

    /// <summary>
    /// Redirects on the same host followed before giving up. RFC 9110 §15.4 asks clients to detect endless
    /// redirection without fixing a number; browsers stop at 20, and a home page needs far fewer.
    /// </summary>
    public const int MaxRedirects = 10;

    /// <summary>Resources of one page loaded per path; a home page with more is judged on its first 50.</summary>
    public const int MaxResources = 50;

    /// <summary>Resources of one page loaded at once: the six connections per host browsers open over HTTP/1.1.</summary>
    public const int ResourceConcurrency = 6;

    /// <summary>HTML that takes longer than this to parse is compared as markup only (AngleSharp's parser is slow on hostile nesting).</summary>
    public static readonly TimeSpan ParseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Response headers larger than this (in KiB) end the fetch: far above any real site, far below what hurts.</summary>
    public const int MaxResponseHeadersKilobytes = 64;

    /// <summary>Of the check's deadline, the share a fetch or a connect may use, so that a silent server still gets its own verdict.</summary>
    public const double ShareOfDeadline = 0.9;

    /// <summary>Evidence cuts: a header value, a title, a URL; and how many items a list in evidence keeps.</summary>
    public const int MaxHeaderText = 200;

    public const int MaxTitleText = 120;

    public const int MaxUrlText = 300;

    public const int MaxListed = 20;
}
