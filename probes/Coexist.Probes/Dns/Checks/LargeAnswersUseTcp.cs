using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3012: an answer larger than <see cref="DnsLimits.DefaultEdnsUdpPayloadSize"/> octets works on the path:
/// asked over UDP with that EDNS size, the server sends it truncated (TC=1), and over TCP it comes whole. A
/// server that ignores the advertised size sends datagrams that must be fragmented, and IPv6 fragments are
/// dropped on many paths (RFC 8900 §3, RFC 7872); a server without TCP loses every large answer (RFC 7766 §5).
/// The size is DNS Flag Day 2020's. Large answers are sought at the zone apex (DNSKEY with DO, TXT) and at the
/// service's hosts (AAAA, A, TXT); one result per name server address.
/// </summary>
public sealed class LargeAnswersUseTcp : DnsCheck
{
    public override ProbeRule Rule => DnsRules.LargeAnswer;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit];

    public override bool AppliesTo(ServiceSpec service) => service.Kind == ServiceKind.Dns;

    public override async Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken)
    {
        var zone = await run.Dns.ZoneAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (zone.Status != DiscoveryStatus.Found) return run.Nothing(zone.Status, zone.Reason ?? "no zone", zone.Evidence());
        var apex = zone.Apex!;
        var candidates = Candidates(apex, run.Service);

        var servers = await Task.WhenAll(zone.NameServers.Select(ns => run.Dns.Context.Paths.ResolveAsync(ns, run.Path, cancellationToken))).ConfigureAwait(false);
        var work = new List<Task<ProbeResult>>();
        var transient = false;
        foreach (var server in servers)
        {
            if (!server.IsReady)
            {
                transient |= server.Status == PathStatus.CannotTest;
                var outcome = server.Status == PathStatus.CannotTest ? Outcome.Error : Outcome.Skipped;
                work.Add(Task.FromResult(run.Result(outcome, $"{server.Target}: {server.Reason}", server.Target, evidence: server.Evidence())));
                continue;
            }
            work.AddRange(server.Addresses.Select(address => JudgeAsync(run, server, address, candidates, cancellationToken)));
        }
        return CheckReport.Of(await Task.WhenAll(work).ConfigureAwait(false), transient);
    }

    private static IReadOnlyList<(DnsName Name, DnsRecordType Type, bool DnssecOk)> Candidates(DnsName apex, ServiceSpec service)
    {
        var list = new List<(DnsName, DnsRecordType, bool)> { (apex, DnsRecordType.DNSKEY, true), (apex, DnsRecordType.TXT, false) };
        foreach (var host in service.Hosts.Where(h => !IPText.TryParse(h, out _)).Select(DnsName.Parse).Where(h => h.IsSubdomainOf(apex)))
        {
            list.Add((host, DnsRecordType.AAAA, false));
            list.Add((host, DnsRecordType.A, false));
            list.Add((host, DnsRecordType.TXT, false));
        }
        return list;
    }

    private static async Task<ProbeResult> JudgeAsync(DnsCheckRun run, PathTarget server, PathAddress address, IReadOnlyList<(DnsName Name, DnsRecordType Type, bool DnssecOk)> candidates, CancellationToken cancellationToken)
    {
        var client = run.Dns.Context.Dns;
        var tried = new JsonArray();
        var evidence = server.Evidence();
        evidence["tried"] = tried;
        evidence["limit"] = (int)DnsLimits.DefaultEdnsUdpPayloadSize;
        var where = $"{server.Target} at {address}";
        foreach (var (name, type, dnssecOk) in candidates)
        {
            var udp = await AuthoritativeQuery.AskAsync(client, address.Address, name, type, DnsTransportMode.UdpOnly, cancellationToken, dnssecOk).ConfigureAwait(false);
            tried.Add(AuthoritativeQuery.Evidence(udp));
            if (!udp.IsAnswered) continue;
            var question = $"{name} {type}{(dnssecOk ? " (DO)" : "")}";
            if (!udp.Response.Header.IsTruncated)
            {
                if (udp.ResponseSize <= DnsLimits.DefaultEdnsUdpPayloadSize) continue;
                return run.Result(Outcome.Fail, $"{where} sent a {udp.ResponseSize}-octet UDP answer to {question} although the query allowed {DnsLimits.DefaultEdnsUdpPayloadSize}: such datagrams are fragmented, and IPv6 fragments are often dropped", server.Target, address.Address, DnsLimits.Port, evidence);
            }

            var tcp = await AuthoritativeQuery.AskAsync(client, address.Address, name, type, DnsTransportMode.TcpOnly, cancellationToken, dnssecOk).ConfigureAwait(false);
            evidence["tcp"] = AuthoritativeQuery.Evidence(tcp);
            if (tcp.Response is { ResponseCode: DnsResponseCode.NoError, Header.IsTruncated: false } whole && whole.Answers.Length > 0)
                return run.Result(Outcome.Pass, $"{where}: {question} came truncated over UDP ({udp.ResponseSize} octets) and whole over TCP ({tcp.ResponseSize} octets, {whole.Answers.Length} records)", server.Target, address.Address, DnsLimits.Port, evidence);
            var why = tcp.IsAnswered ? $"TCP answered {tcp.Response.ResponseCode}{(tcp.Response.Header.IsTruncated ? " truncated" : "")} with {tcp.Response.Answers.Length} records" : $"TCP failed: {tcp.Error}";
            return run.Result(Outcome.Fail, $"{where}: {question} came truncated over UDP, and the TCP fallback did not deliver it ({why})", server.Target, address.Address, DnsLimits.Port, evidence);
        }
        var names = string.Join(", ", candidates.Select(c => $"{c.Name} {c.Type}"));
        return run.Result(Outcome.Skipped, $"{where}: no answer over {DnsLimits.DefaultEdnsUdpPayloadSize} octets to test with (asked {names}); list a name with a large RRset in the service's hosts to test one", server.Target, address.Address, DnsLimits.Port, evidence);
    }
}
