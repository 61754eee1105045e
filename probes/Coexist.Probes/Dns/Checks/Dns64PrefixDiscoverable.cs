using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3009: the DNS64 resolver reveals its NAT64 prefix to RFC 7050 discovery: AAAA queries for
/// <c>ipv4only.arpa</c> come back synthesized, with 192.0.0.170/171 at an RFC 6052 position. 464XLAT clients
/// (RFC 6877) and applications that handle IPv4 literals learn the prefix this way. Judged once per dns service,
/// on the dns64 path; a configured prefix that differs from the discovered one is a warning.
/// </summary>
public sealed class Dns64PrefixDiscoverable : DnsCheck
{
    public override ProbeRule Rule => DnsRules.Dns64Prefix;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.Dns64];

    public override bool AppliesTo(ServiceSpec service) => service.Kind == ServiceKind.Dns;

    public override Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken)
    {
        var vantage = run.Dns.Context.Vantage;
        var resolver = run.Dns.Context.Dns64 is { } dns64 ? PathResolver.Describe(dns64) : "no DNS64 resolver";
        if (vantage.Discovery is not { } discovery)
            return Task.FromResult(run.Nothing(Dns.Discovery.DiscoveryStatus.CannotTest, "RFC 7050 discovery was not run: no DNS64 resolver"));

        var evidence = new JsonObject
        {
            ["resolver"] = resolver,
            ["name"] = Nat64PrefixDiscovery.WellKnownName,
            ["aaaa"] = Evidence.Strings(discovery.Lookup.Values),
            ["status"] = discovery.Status.ToString(),
            ["prefixes"] = Evidence.Strings(discovery.Prefixes),
        };
        var result = discovery.Status switch
        {
            Nat64DiscoveryStatus.Found when vantage.PrefixSource == Engine.Nat64PrefixSource.Configured && !discovery.Prefixes.Contains(vantage.Prefix!) =>
                run.Result(Outcome.Warn, $"the DNS64 resolver synthesizes with {string.Join(", ", discovery.Prefixes)}, but the configured NAT64 prefix is {vantage.Prefix}", resolver, evidence: evidence),
            Nat64DiscoveryStatus.Found =>
                run.Result(Outcome.Pass, $"RFC 7050 discovery finds {string.Join(", ", discovery.Prefixes)} ({discovery.Describe()})", resolver, evidence: evidence),
            Nat64DiscoveryStatus.ResolverFailed =>
                run.Result(Outcome.Error, discovery.Describe(), resolver, evidence: evidence),
            _ => run.Result(Outcome.Fail, $"{discovery.Describe()}: IPv6-only hosts cannot learn the NAT64 prefix (RFC 7050 §3)", resolver, evidence: evidence),
        };
        // Discovery ran once, before the checks; asking again inside this check would not change its answer.
        return Task.FromResult(CheckReport.Of(result));
    }
}
