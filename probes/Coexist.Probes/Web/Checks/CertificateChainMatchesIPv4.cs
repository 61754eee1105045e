using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4007: over HTTPS, the certificate chain of each path and address (SHA-256 of each certificate, leaf first)
/// is one an IPv4 address presents. Another chain is a warning: another server or configuration to renew in step.
/// </summary>
public sealed class CertificateChainMatchesIPv4 : WebCheck
{
    public override WebRule Rule => WebRules.SameChain;

    public override IReadOnlyCollection<ProbePath> Paths => ComparedPaths;

    public override string? NotFor(ServiceSpec service) => NoHttpsPort(service);

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        Comparison.PerPortAsync(run, (host, port, fetch, ipv4, evidence) =>
        {
            var tls = fetch.Tls!;
            evidence["ipv4Chains"] = new JsonArray([.. ipv4.Select(f => (JsonNode)new JsonObject { ["address"] = f.Address?.ToString(), ["chainSha256"] = Evidence.Strings(f.Tls!.Chain) })]);
            if (ipv4.FirstOrDefault(f => f.Tls!.Chain.SequenceEqual(tls.Chain)) is { } same)
                return (Outcome.Pass, $"the same certificate chain as over IPv4 ({same.Address}), leaf {Short(tls.Leaf)}");
            var sameLeaf = ipv4.FirstOrDefault(f => f.Tls!.Leaf == tls.Leaf);
            return sameLeaf is not null
                ? (Outcome.Warn, $"the same certificate as over IPv4 ({sameLeaf.Address}) but another chain ({tls.Chain.Length} certificates against {sameLeaf.Tls!.Chain.Length})")
                : (Outcome.Warn, $"another certificate than over IPv4: {Short(tls.Leaf)} ({tls.Subject}, until {tls.NotAfter:yyyy-MM-dd}) against {string.Join(", ", ipv4.Select(f => $"{Short(f.Tls!.Leaf)} at {f.Address}"))}");
        }, cancellationToken, WebProbeContext.IsHttps, NoHandshake);

    private static string? NoHandshake(PageFetch fetch) => fetch.Tls is null ? $"no TLS handshake ({fetch.StatusLine})" : null;

    private static string? Short(string sha256) => Content.HostingVerdict.Short(sha256);
}
