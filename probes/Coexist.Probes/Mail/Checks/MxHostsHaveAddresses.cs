using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Mail.Checks;

/// <summary>
/// COEX5001: every MX host has an address on the path (v6: AAAA, internet.nl's mx_aaaa; v4 and nat64: A; dns64:
/// what the DNS64 resolver hands out), the MX set is sound (a null MX alone, RFC 7505 §3), and no MX names an alias
/// (RFC 2181 §10.3: senders may refuse to follow a CNAME there).
/// </summary>
public sealed class MxHostsHaveAddresses : MailCheck
{
    public override MailRule Rule => MailRules.MxAddresses;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit, ProbePath.Dual];

    public override async Task<CheckReport> RunAsync(MailCheckRun run, CancellationToken cancellationToken)
    {
        var hosts = await run.Mail.HostsAsync(run.Service, cancellationToken).ConfigureAwait(false);
        var results = new List<ProbeResult>();
        foreach (var fault in hosts.Faults)
            results.Add(run.Result(Outcome.Fail, fault, hosts.Domain, evidence: hosts.Evidence()));
        if (hosts.NullMx)
        {
            if (results.Count == 0) results.Add(run.Result(Outcome.Pass, $"{hosts.Reason}; nothing to reach on any path", hosts.Domain, evidence: hosts.Evidence()));
            return CheckReport.Of(results);
        }
        if (hosts.Status != DiscoveryStatus.Found)
            return new CheckReport([.. results, run.Result(hosts.Status.Outcome(), hosts.Reason ?? "no MTA to check", hosts.Domain, evidence: hosts.Evidence())], hosts.Status == DiscoveryStatus.CannotTest);

        var transient = false;
        foreach (var host in await run.Mail.OnPathAsync(hosts, run.Path, cancellationToken).ConfigureAwait(false))
        {
            var target = host.Target;
            var evidence = target.Evidence();
            evidence["mx"] = hosts.Evidence();
            transient |= target.Status == PathStatus.CannotTest;
            if (!target.IsReady)
            {
                var why = target.Status == PathStatus.NoAddress ? $"{NoAddress(run.Path, host.Host)} ({target.Reason})" : target.Reason ?? target.Status.ToString();
                results.Add(run.Result(target.OutcomeWhenNotReady, why, host.Host, evidence: evidence));
                continue;
            }
            if (host.Name is { } name && await AliasOfAsync(run, name, cancellationToken).ConfigureAwait(false) is { } canonical)
            {
                results.Add(run.Result(Outcome.Warn, $"{name} is an alias of {canonical}: an MX must name a host, not a CNAME (RFC 2181 §10.3, RFC 5321 §5.1)", name, evidence: evidence));
                continue;
            }
            results.Add(run.Result(Outcome.Pass, $"{host.Host} has {string.Join(", ", target.Addresses)} on the {WireNames.Of(run.Path)} path", host.Host, evidence: evidence));
        }
        return CheckReport.Of(results, transient);
    }

    private static string NoAddress(ProbePath path, string host) => path switch
    {
        ProbePath.V6 => $"MX host {host} has no AAAA record: IPv6-only senders cannot deliver to it",
        ProbePath.V4 => $"MX host {host} has no A record",
        ProbePath.Nat64 => $"MX host {host} has no A record to reach through NAT64",
        _ => $"MX host {host} has no address on the {WireNames.Of(path)} path",
    };

    /// <summary>The canonical name when <paramref name="name"/> is a CNAME (looked up once; the path resolver asked the same).</summary>
    private static async Task<DnsName?> AliasOfAsync(MailCheckRun run, string name, CancellationToken cancellationToken)
    {
        var dnsName = DnsName.Parse(name);
        var family = run.Path is ProbePath.V6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var found = await run.Mail.Context.Resolver.GetAddressesAsync(dnsName, family, cancellationToken).ConfigureAwait(false);
        return found.CnameChain.IsEmpty ? null : found.CanonicalName;
    }
}
