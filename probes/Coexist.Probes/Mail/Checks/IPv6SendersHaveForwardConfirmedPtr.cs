using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail.Spf;

namespace Coexist.Probes.Mail.Checks;

/// <summary>
/// COEX5006: each IPv6 address the domain sends from has a PTR record whose name resolves back to it
/// (forward-confirmed reverse DNS, RFC 8601 §2.7.3's iprev). Large receivers reject IPv6 mail without one
/// (Gmail's IPv6 sender guidelines, M3AAWG). The senders are the MTAs' IPv6 addresses and the single IPv6 hosts
/// (ip6:…/128) the domain's SPF record names, which often are outbound relays that receive nothing. COEX3007
/// (DNS probe) judges every mail and SIP server address on both families as a warning; this is the mail view, for
/// IPv6 senders, at the severity receivers apply.
/// </summary>
public sealed class IPv6SendersHaveForwardConfirmedPtr : MailCheck
{
    public override MailRule Rule => MailRules.Ptr;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V6];

    public override async Task<CheckReport> RunAsync(MailCheckRun run, CancellationToken cancellationToken)
    {
        var mail = run.Mail;
        var hosts = await mail.HostsAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (MtasUnknown.Check(run, hosts) is { } unknown) return unknown;
        var senders = await mail.IPv6SendersAsync(hosts, cancellationToken).ConfigureAwait(false);
        if (senders.Error is not null) return new CheckReport([run.Result(Outcome.Error, senders.Error, hosts.Domain)], Transient: true);

        var targets = senders.Addresses.Select(s => (Host: s.Host, s.Address)).ToList();
        if (hosts.Domain is { } domain)
        {
            var record = await mail.Spf.GetRecordAsync(domain, cancellationToken).ConfigureAwait(false);
            foreach (var address in SpfHosts(record))
                if (!targets.Any(t => t.Address.Equals(address))) targets.Add(($"SPF of {domain}", address));
        }
        if (targets.Count == 0)
            return CheckReport.Of(run.Result(Outcome.Skipped, "no IPv6 sender: the MTAs have no IPv6 address and the SPF record names no single IPv6 host (COEX5001 judges the missing AAAA)", hosts.Domain, evidence: hosts.Evidence()));

        var results = new List<ProbeResult>();
        var transient = false;
        foreach (var (host, address) in targets)
        {
            var (result, unanswered) = await JudgeAsync(run, host, address, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            transient |= unanswered;
        }
        return CheckReport.Of(results, transient);
    }

    /// <summary>The single IPv6 hosts (ip6:…/128) a domain's own SPF record lists; includes are not followed.</summary>
    private static IEnumerable<IPAddress> SpfHosts(SpfRecordLookup record)
    {
        if (record.Text is null) return [];
        try
        {
            return SpfParser.Parse(record.Text).Directives
                .Where(d => d.Mechanism == SpfMechanism.Ip6 && d.Cidr6 == 128 && d.Qualifier == SpfQualifier.Pass)
                .Select(d => d.Network!);
        }
        catch (SpfSyntaxException)
        {
            return [];
        }
    }

    private static async Task<(ProbeResult Result, bool Unanswered)> JudgeAsync(MailCheckRun run, string host, IPAddress address, CancellationToken cancellationToken)
    {
        var resolver = run.Mail.Context.Resolver;
        var ptr = await resolver.GetPtrAsync(address, cancellationToken).ConfigureAwait(false);
        var evidence = new JsonObject { ["reverseName"] = DnsReverseName.For(address).ToString(), ["ptr"] = Evidence.Strings(ptr.Values), ["status"] = ptr.Status.ToString() };
        if (Discovered.StatusOf(ptr) == DiscoveryStatus.CannotTest)
            return (run.Result(Outcome.Error, $"the resolver gave no answer for the PTR of {address}: {ptr.Error}", host, address, evidence), true);
        if (!ptr.IsFound)
            return (run.Result(Outcome.Fail, $"{address} has no PTR record ({ptr.Status}): receivers that check reverse DNS reject mail sent from it over IPv6", host, address, evidence), false);

        var forward = new JsonObject();
        evidence["forward"] = forward;
        foreach (var name in ptr.Values.Select(p => p.Target).Distinct().Take(SpfLimits.MaxPtrNames))
        {
            var back = await resolver.GetAddressesAsync(name, AddressFamily.InterNetworkV6, cancellationToken).ConfigureAwait(false);
            if (Discovered.StatusOf(back) == DiscoveryStatus.CannotTest)
                return (run.Result(Outcome.Error, $"the resolver gave no answer for the AAAA of {name}: {back.Error}", host, address, evidence), true);
            forward[name.ToString()] = Evidence.Strings(back.Values);
            if (back.Values.Contains(address))
                return (run.Result(Outcome.Pass, $"{address} → PTR {name} → {address}: forward-confirmed", host, address, evidence), false);
        }
        return (run.Result(Outcome.Fail, $"{address} → PTR {string.Join(", ", ptr.Values.Select(p => p.Target))}, but no such name has {address} among its AAAA records: not forward-confirmed, and receivers reject IPv6 mail from it", host, address, evidence), false);
    }
}
