using Coexist.Model;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web;

/// <summary>The hosts of a service, as the web checks address them (names and address literals), or why there are none.</summary>
public sealed record WebHosts(IReadOnlyList<string> Hosts, DiscoveryStatus Status, string? Reason, ServiceNames Names);

/// <summary>One resource of a page loaded on a path: whether it loaded, and what was seen.</summary>
public sealed record ResourceLoad(Uri Url, bool Loaded, string Detail);

/// <summary>
/// What the web checks share during a run, each made once per service: the TCP connects, the page fetches (per
/// host, port and address, whatever path led there) and the resource loads (per path). The cross-family checks
/// (status, content, chain, hosting, resources, ports) read the IPv4 fetches from here, so IPv4 is fetched once
/// however many paths compare with it, and whichever check asks first does the work.
/// </summary>
public sealed class WebProbeContext
{
    public WebProbeContext(ProbeContext context)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Dns = new DnsProbeContext(context);
        Fetcher = new PageFetcher(context.Network, context.CertificateAuthorities);
    }

    public ProbeContext Context { get; }

    public DnsProbeContext Dns { get; }

    public PageFetcher Fetcher { get; }

    /// <summary>A fetch's time: 10 s, or less when the check's deadline is shorter, so that a silent server still gets its own verdict.</summary>
    public TimeSpan FetchTimeout => Shorter(WebLimits.HttpTimeout);

    /// <summary>A connect's time: 4 s, or less when the check's deadline is shorter.</summary>
    public TimeSpan ConnectTimeout => Shorter(WebLimits.ConnectTimeout);

    private TimeSpan Shorter(TimeSpan limit) => TimeSpan.FromTicks(Math.Min(limit.Ticks, (long)(Context.CheckTimeout.Ticks * WebLimits.ShareOfDeadline)));

    /// <summary>The service's ports, or 80 and 443 (internet.nl's web reachability test tries both).</summary>
    public static IReadOnlyList<int> Ports(ServiceSpec service) => service.Ports.Count > 0 ? service.Ports : [80, 443];

    /// <summary>443 and 8443 speak HTTPS, every other port HTTP.</summary>
    public static bool IsHttps(int port) => port is 443 or 8443;

    public static string SchemeOf(int port) => IsHttps(port) ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;

    /// <summary>The URL of the home page of <paramref name="host"/> (a name or an address) on <paramref name="port"/>.</summary>
    public static Uri HomePage(string host, int port)
    {
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new Uri($"{SchemeOf(port)}://{hostPart}:{port}/");
    }

    public async Task<WebHosts> HostsAsync(ServiceSpec service, CancellationToken cancellationToken)
    {
        var names = await Dns.NamesAsync(service, cancellationToken).ConfigureAwait(false);
        var hosts = names.Names.Select(n => n.ToString().TrimEnd('.')).Concat(names.Literals.Select(a => a.ToString())).ToList();
        var status = hosts.Count > 0 ? DiscoveryStatus.Found : names.Status == DiscoveryStatus.Found ? DiscoveryStatus.Empty : names.Status;
        return new WebHosts(hosts, status, hosts.Count > 0 ? null : names.Reason ?? $"service '{service.Name}' names no host", names);
    }

    public Task<PathTarget> ResolveAsync(string host, ProbePath path, CancellationToken cancellationToken) =>
        Context.Paths.ResolveAsync(host, path, cancellationToken);

    /// <summary>The targets of a resolved path: each address, or one Happy Eyeballs race on the dual path.</summary>
    public static IReadOnlyList<WebTarget> TargetsOf(PathTarget target) =>
        target.Path == ProbePath.Dual ? [WebTarget.Racing(target.Addresses.Select(a => a.Address))] : [.. target.Addresses.Select(a => WebTarget.To(a.Address))];

    public Task<ConnectOutcome> ConnectAsync(ServiceSpec service, WebTarget target, int port, CancellationToken cancellationToken) =>
        Context.SharedAsync($"web:{service.Name}:connect:{target.Key}:{port}",
            lifetime => target.ProbeAsync(port, Context.Network, ConnectTimeout, lifetime), cancellationToken);

    /// <summary>GET / of <paramref name="host"/> on <paramref name="port"/> at <paramref name="target"/>, once per run.</summary>
    public Task<PageFetch> FetchAsync(ServiceSpec service, string host, WebTarget target, int port, CancellationToken cancellationToken) =>
        Context.SharedAsync($"web:{service.Name}:page:{host}:{port}:{target.Key}",
            lifetime => Fetcher.FetchAsync(new FetchRequest
            {
                Url = HomePage(host, port),
                Target = target,
                Timeout = FetchTimeout,
                ConnectTimeout = ConnectTimeout,
            }, lifetime), cancellationToken);

    /// <summary>
    /// The page of an address for the checks that look at one page (resources, literals, hosting): the HTTPS page
    /// when one of the service's HTTPS ports serves it (2xx), else the HTTP page, else whatever answered first.
    /// </summary>
    public async Task<(PageFetch? Page, int Port)> PageAsync(ServiceSpec service, string host, WebTarget target, CancellationToken cancellationToken)
    {
        var ports = Ports(service).OrderBy(p => IsHttps(p) ? 0 : 1).ToList();
        var fetches = await Task.WhenAll(ports.Select(port => FetchAsync(service, host, target, port, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < ports.Count; i++)
        {
            if (fetches[i].IsPage) return (fetches[i], ports[i]);
        }
        for (var i = 0; i < ports.Count; i++)
        {
            if (fetches[i].Answered) return (fetches[i], ports[i]);
        }
        return (ports.Count > 0 ? fetches[0] : null, ports.Count > 0 ? ports[0] : 0);
    }

    /// <summary>Every fetch of an address, one per port, for checks that look at all of them (redirects to literals).</summary>
    public async Task<IReadOnlyList<PageFetch>> AllFetchesAsync(ServiceSpec service, string host, WebTarget target, CancellationToken cancellationToken) =>
        await Task.WhenAll(Ports(service).Select(port => FetchAsync(service, host, target, port, cancellationToken))).ConfigureAwait(false);

    /// <summary>
    /// Loads <paramref name="url"/>, a resource of the page of <paramref name="pageHost"/> at <paramref name="pageTarget"/>,
    /// as a client on <paramref name="path"/> would: on the page's own host from the page's address, on another
    /// host from that host's address on the path. An IPv4 literal does not load for an IPv6-only client.
    /// </summary>
    public Task<ResourceLoad> LoadAsync(ServiceSpec service, ProbePath path, string pageHost, WebTarget pageTarget, Uri url, CancellationToken cancellationToken)
    {
        var sameHost = string.Equals(url.IdnHost, UriHost(pageHost), StringComparison.OrdinalIgnoreCase);
        return Context.SharedAsync($"web:{service.Name}:resource:{WireNames.Of(path)}:{(sameHost ? pageTarget.Key : "-")}:{url.AbsoluteUri}",
            async lifetime =>
            {
                WebTarget target;
                if (sameHost)
                {
                    target = pageTarget;
                }
                else
                {
                    var (resolved, problem) = await ResourceTargetAsync(url, path, lifetime).ConfigureAwait(false);
                    if (resolved is null) return new ResourceLoad(url, false, problem!);
                    target = resolved;
                }
                var fetch = await Fetcher.FetchAsync(new FetchRequest
                {
                    Url = url,
                    Target = target,
                    Timeout = FetchTimeout,
                    ConnectTimeout = ConnectTimeout,
                    ReadBody = false,
                }, lifetime).ConfigureAwait(false);
                return fetch.Answered && fetch.Status < 400
                    ? new ResourceLoad(url, true, $"{fetch.StatusLine} from {fetch.Address}")
                    : new ResourceLoad(url, false, fetch.Answered ? $"{fetch.StatusLine} from {fetch.Address}" : fetch.StatusLine);
            }, cancellationToken);
    }

    private async Task<(WebTarget? Target, string? Problem)> ResourceTargetAsync(Uri url, ProbePath path, CancellationToken cancellationToken)
    {
        if (url.HostNameType == UriHostNameType.IPv4 && IsIPv6Only(path))
            return (null, $"{url.IdnHost} is an IPv4 address: an IPv6-only client cannot connect to it (only a CLAT, RFC 6877, would translate it)");
        var target = await ResolveAsync(url.IdnHost.Trim('[', ']'), path, cancellationToken).ConfigureAwait(false);
        if (!target.IsReady) return (null, target.Reason ?? $"{url.IdnHost} has no address on the {WireNames.Of(path)} path");
        return (path == ProbePath.Dual ? WebTarget.Racing(target.Addresses.Select(a => a.Address)) : WebTarget.To(target.Addresses[0].Address), null);
    }

    private static string UriHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    /// <summary>
    /// The IPv4 side a comparison needs for <paramref name="host"/>: its A records at the resolver, or why there is
    /// nothing to compare with (no IPv4 on this host: error; no A record or an IPv6 literal: skipped).
    /// </summary>
    public async Task<(PathTarget? Target, Outcome Outcome, string? Problem)> IPv4SideAsync(string host, CancellationToken cancellationToken)
    {
        if (Context.Vantage.Blocks(ProbePath.V4, out var reason))
            return (null, Outcome.Error, $"cannot compare with IPv4: {reason}");
        var target = await ResolveAsync(host, ProbePath.V4, cancellationToken).ConfigureAwait(false);
        if (target.IsReady) return (target, Outcome.Pass, null);
        return target.Status switch
        {
            PathStatus.NoAddress => (null, Outcome.Skipped, $"{host} has no IPv4 address to compare with ({target.Reason})"),
            PathStatus.NotApplicable => (null, Outcome.Skipped, $"{host} is reached without IPv4; nothing to compare with"),
            _ => (null, Outcome.Error, $"cannot compare with IPv4: {target.Reason}"),
        };
    }

    /// <summary>True for the paths whose client has an IPv6 socket only.</summary>
    public static bool IsIPv6Only(ProbePath path) => path is ProbePath.V6 or ProbePath.Nat64 or ProbePath.Dns64;
}
