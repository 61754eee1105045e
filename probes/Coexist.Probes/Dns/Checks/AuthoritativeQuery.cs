using System.Net;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Dns.Checks;

/// <summary>Questions to authoritative servers, as the name-server checks ask them.</summary>
public static class AuthoritativeQuery
{
    /// <summary>
    /// How long an authoritative server has to answer one question: 5 s, the default query timeout of dig(1)
    /// (+timeout) and of Zonemaster's resolver; internet.nl's name-server tests allow the same.
    /// </summary>
    public static readonly TimeSpan ResponseTimeLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// RD clear (an authoritative server answers from its own data) and two UDP tries whose waits add up to
    /// <see cref="ResponseTimeLimit"/> (1/3 then 2/3 of it: one lost datagram is not a verdict).
    /// </summary>
    public static DnsQueryOptions Options(DnsTransportMode transport, bool dnssecOk = false) => new()
    {
        Transport = transport,
        RecursionDesired = false,
        AttemptTimeout = ResponseTimeLimit / 3,
        UdpAttempts = 2,
        TcpTimeout = ResponseTimeLimit,
        DnssecOk = dnssecOk,
    };

    public static Task<DnsQueryResult> AskAsync(IDnsClient client, IPAddress server, DnsName name, DnsRecordType type, DnsTransportMode transport,
        CancellationToken cancellationToken, bool dnssecOk = false) =>
        client.QueryAsync(new IPEndPoint(server, DnsLimits.Port), new DnsQuestion(name, type), Options(transport, dnssecOk), cancellationToken);

    /// <summary>An exchange as evidence: transport, outcome, RCODE, AA, size and time.</summary>
    public static JsonObject Evidence(DnsQueryResult result)
    {
        var evidence = new JsonObject
        {
            ["question"] = result.Question.ToString(),
            ["server"] = result.Server.ToString(),
            ["transport"] = result.Transport.ToString().ToLowerInvariant(),
            ["outcome"] = result.Outcome.ToString(),
            ["elapsedMs"] = Math.Round(result.Elapsed.TotalMilliseconds, 1),
        };
        if (result.IsAnswered)
        {
            evidence["rcode"] = result.Response.ResponseCode.ToString();
            evidence["aa"] = result.Response.Header.IsAuthoritative;
            evidence["tc"] = result.Response.Header.IsTruncated;
            evidence["answers"] = result.Response.Answers.Length;
            evidence["size"] = result.ResponseSize;
        }
        else
        {
            evidence["error"] = result.Error;
        }
        if (result.FellBackToTcp) evidence["fellBackToTcp"] = true;
        return evidence;
    }
}
