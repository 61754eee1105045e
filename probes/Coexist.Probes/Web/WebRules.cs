using Coexist.Model;

namespace Coexist.Probes.Web;

/// <summary>A web rule: its ID, the stable check name results carry, its title and default severity.</summary>
public sealed record WebRule(string Id, string Check, string Title, Severity Severity, string Description)
{
    public RuleInfo ToRuleInfo() => new(Id, Title, Severity, Description);
}

/// <summary>The COEX4xxx rules (docs/rules/COEX4nnn.md), one check each.</summary>
public static class WebRules
{
    public static readonly WebRule Reach = new("COEX4001", "web-reach", "Web server does not accept connections", Severity.Error,
        "Every address of the web server, on every path, must accept TCP connections on ports 80 and 443 (or the service's ports) within 4 s.");

    public static readonly WebRule SamePorts = new("COEX4002", "web-ports", "IPv6 offers fewer web ports than IPv4", Severity.Error,
        "Each IPv6 address must accept connections on every port an IPv4 address of the service accepts (internet.nl web_reach).");

    public static readonly WebRule Http = new("COEX4003", "web-http", "HTTP(S) request gets no usable answer", Severity.Error,
        "A GET / over HTTP and HTTPS must get an HTTP answer below 500 within 10 s on every path and address; redirects on the same host are followed, up to 10.");

    public static readonly WebRule SameStatus = new("COEX4004", "web-status", "HTTP status differs from IPv4", Severity.Error,
        "The answer to GET / must carry the same status (and the same redirect target) on every path as over IPv4.");

    public static readonly WebRule SameContent = new("COEX4005", "web-content", "Page differs from the IPv4 page", Severity.Error,
        "The page on every path must be the same website as over IPv4: a distance of at most 10 (internet.nl web_ipv46), after nonces and __VIEWSTATE are taken out.");

    public static readonly WebRule Certificate = new("COEX4006", "web-tls", "TLS certificate not valid for the name", Severity.Error,
        "Over HTTPS, every address on every path must present a certificate that is in date, chains to a trusted authority and names the host.");

    public static readonly WebRule SameChain = new("COEX4007", "web-tls-chain", "TLS certificate chain differs from IPv4", Severity.Warning,
        "The certificate chain presented on every path should be the one presented over IPv4; another chain means another server or configuration to keep in step.");

    public static readonly WebRule Resources = new("COEX4008", "web-resources", "Page resources do not load on the path", Severity.Error,
        "The images, scripts, style sheets and frames of the page must load on every path as over IPv4: score min(1, loaded / loaded over IPv4) at least 0.95 passes, 0.8 warns (NAT64Check).");

    public static readonly WebRule IPv4Literals = new("COEX4009", "web-ipv4-literal", "Page links to IPv4 literals", Severity.Error,
        "Absolute links, resources and redirects must not name an IPv4 address: IPv6-only clients cannot reach it, even behind NAT64/DNS64.");

    public static readonly WebRule Hosting = new("COEX4010", "web-hosting", "IPv6 is served by another server than IPv4", Severity.Note,
        "Whether IPv6 clients reach the same web server as IPv4 clients or a dedicated IPv6 one, judged from headers, certificate and content; information for the plan.");

    public static IReadOnlyList<WebRule> All { get; } =
        [Reach, SamePorts, Http, SameStatus, SameContent, Certificate, SameChain, Resources, IPv4Literals, Hosting];

    public static IReadOnlyList<RuleInfo> Infos { get; } = [.. All.Select(rule => rule.ToRuleInfo())];
}
