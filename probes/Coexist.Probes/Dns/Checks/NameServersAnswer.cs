using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Dns.Checks;

/// <summary>
/// COEX3004: every address a name server has on the path answers SOA and NS for the zone over UDP and over TCP,
/// authoritatively (AA set), within <see cref="AuthoritativeQuery.ResponseTimeLimit"/> (Zonemaster's connectivity
/// and NAMESERVER tests, internet.nl's "name servers reachable over IPv6"). TCP is not optional: RFC 7766 §5 makes
/// it mandatory, and truncated answers need it. One result per server address.
/// </summary>
public sealed class NameServersAnswer : DnsCheck
{
    private static readonly (DnsRecordType Type, DnsTransportMode Mode, string Label)[] Questions =
    [
        (DnsRecordType.SOA, DnsTransportMode.UdpOnly, "SOA over UDP"),
        (DnsRecordType.SOA, DnsTransportMode.TcpOnly, "SOA over TCP"),
        (DnsRecordType.NS, DnsTransportMode.UdpOnly, "NS over UDP"),
        (DnsRecordType.NS, DnsTransportMode.TcpOnly, "NS over TCP"),
    ];

    public override ProbeRule Rule => DnsRules.NameServerAnswers;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit];

    public override bool AppliesTo(ServiceSpec service) => service.Kind == ServiceKind.Dns;

    public override async Task<CheckReport> RunAsync(DnsCheckRun run, CancellationToken cancellationToken)
    {
        var zone = await run.Dns.ZoneAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (zone.Status != DiscoveryStatus.Found) return run.Nothing(zone.Status, zone.Reason ?? "no zone", zone.Evidence());

        var servers = await Task.WhenAll(zone.NameServers.Select(ns => run.Dns.Context.Paths.ResolveAsync(ns, run.Path, cancellationToken))).ConfigureAwait(false);
        var work = new List<Task<ProbeResult>>();
        var transient = false;
        foreach (var server in servers)
        {
            if (!server.IsReady)
            {
                transient |= server.Status == PathStatus.CannotTest;
                // Whether a server should have an address on this path is COEX3003's question (and the path's own).
                var outcome = server.Status == PathStatus.CannotTest ? Outcome.Error : Outcome.Skipped;
                work.Add(Task.FromResult(run.Result(outcome, $"{server.Target}: {server.Reason}", server.Target, evidence: server.Evidence())));
                continue;
            }
            work.AddRange(server.Addresses.Select(address => JudgeAsync(run, zone.Apex!, server, address, cancellationToken)));
        }
        var results = await Task.WhenAll(work).ConfigureAwait(false);
        transient |= results.Any(r => r.Outcome == Outcome.Fail && r.Evidence?["timedOut"]?.GetValue<bool>() == true);
        return CheckReport.Of(results, transient);
    }

    private static async Task<ProbeResult> JudgeAsync(DnsCheckRun run, DnsName apex, PathTarget server, PathAddress address, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var exchanges = await Task.WhenAll(Questions.Select(q =>
            AuthoritativeQuery.AskAsync(run.Dns.Context.Dns, address.Address, apex, q.Type, q.Mode, cancellationToken))).ConfigureAwait(false);

        var problems = new List<string>();
        var evidence = new JsonArray();
        var timedOut = false;
        for (var i = 0; i < Questions.Length; i++)
        {
            var (type, _, label) = Questions[i];
            var exchange = exchanges[i];
            evidence.Add(AuthoritativeQuery.Evidence(exchange));
            if (Problem(exchange, apex, type) is { } problem) problems.Add($"{label}: {problem}");
            timedOut |= exchange.Outcome == DnsQueryOutcome.TimedOut;
        }

        var json = server.Evidence();
        json["exchanges"] = evidence;
        json["limitMs"] = AuthoritativeQuery.ResponseTimeLimit.TotalMilliseconds;
        json["timedOut"] = timedOut;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var where = $"{server.Target} at {address}";
        return problems.Count == 0
            ? run.Result(Outcome.Pass, $"{where} answers SOA and NS for {apex} authoritatively over UDP and TCP", server.Target, address.Address, DnsLimits.Port, json, elapsed)
            : run.Result(Outcome.Fail, $"{where}: {string.Join("; ", problems)}", server.Target, address.Address, DnsLimits.Port, json, elapsed);
    }

    /// <summary>What is wrong with one answer, or null.</summary>
    internal static string? Problem(DnsQueryResult exchange, DnsName apex, DnsRecordType type)
    {
        if (!exchange.IsAnswered)
            return exchange.Outcome == DnsQueryOutcome.TimedOut ? $"no answer within {AuthoritativeQuery.ResponseTimeLimit.TotalSeconds:0} s" : exchange.Error ?? exchange.Outcome.ToString();
        var response = exchange.Response;
        if (response.ResponseCode != DnsResponseCode.NoError) return $"answered {response.ResponseCode}";
        if (!response.Header.IsAuthoritative) return "answered without AA: the server is not authoritative for the zone (lame)";
        if (!response.Header.IsTruncated && !response.AnswersFor(apex, type).Any()) return $"no {type} record for {apex} in the answer";
        if (exchange.Elapsed > AuthoritativeQuery.ResponseTimeLimit) return $"answered after {exchange.Elapsed.TotalSeconds:0.0} s, over the {AuthoritativeQuery.ResponseTimeLimit.TotalSeconds:0} s limit";
        return null;
    }
}
