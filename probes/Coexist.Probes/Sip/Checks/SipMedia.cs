using System.Collections.Immutable;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>One address an SDP answer gives for media, where it stands, and its family (null for a name).</summary>
public sealed record SdpAddressFact(string Where, string Declared, SipHost Address, AddressFamily? Family, bool MatchesDeclared)
{
    public JsonObject ToJson() => new()
    {
        ["where"] = Where,
        ["declared"] = Declared,
        ["address"] = SipEvidence.Cut(Address.ToString(), 64),
        ["family"] = SipEvidence.FamilyName(Family),
        ["matchesDeclared"] = MatchesDeclared,
    };
}

/// <summary>
/// The family facts of an SDP answer, read once for the media checks: the c= of every media stream that is not
/// rejected (port 0, RFC 3264 §6), the a=rtcp addresses, the o= address, the ICE candidates per family, ANAT.
/// </summary>
public sealed record SdpFamilies
{
    public ImmutableArray<SdpAddressFact> Connections { get; init; } = [];

    public ImmutableArray<SdpAddressFact> Rtcp { get; init; } = [];

    public required SdpAddressFact Origin { get; init; }

    /// <summary>ICE candidates of the active streams, counted per family ("IPv4", "IPv6", "name").</summary>
    public ImmutableDictionary<string, int> Candidates { get; init; } = ImmutableDictionary<string, int>.Empty;

    public bool UsesAnat { get; init; }

    /// <summary>Streams the answer accepted (port not 0).</summary>
    public int ActiveStreams { get; init; }

    public static SdpFamilies Of(SdpSession answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var active = answer.Media.Where(m => m.Port != 0).ToList();
        var connections = ImmutableArray.CreateBuilder<SdpAddressFact>();
        foreach (var media in active)
        {
            if (answer.ConnectionFor(media) is { } c)
                connections.Add(Fact(media.Connection is null ? $"session c= (for m={media.Media})" : $"m={media.Media} c=", c.AddressType, c.Address, c.AddressMatchesType));
        }
        var rtcp = active.Select(m => (m, m.Rtcp)).Where(p => p.Rtcp?.Address is not null)
            .Select(p => Fact($"m={p.m.Media} a=rtcp", p.Rtcp!.Address!.AddressType, p.Rtcp.Address.Address, p.Rtcp.Address.AddressMatchesType));
        var candidates = active.SelectMany(m => m.Candidates).GroupBy(c => SipEvidence.FamilyName(SipEvidence.EffectiveFamily(c.Address)))
            .ToImmutableDictionary(g => g.Key, g => g.Count());
        var origin = answer.Origin;
        return new SdpFamilies
        {
            Connections = connections.ToImmutable(),
            Rtcp = [.. rtcp],
            Origin = Fact("o=", origin.AddressType, origin.Address, origin.Address.Address is null || DeclaredFamily(origin.AddressType) == origin.Address.AddressFamily),
            Candidates = candidates,
            UsesAnat = answer.UsesAnat,
            ActiveStreams = active.Count,
        };
    }

    public JsonObject ToJson(AddressFamily signalling) => new()
    {
        ["signallingFamily"] = SipEvidence.FamilyName(signalling),
        ["connections"] = new JsonArray([.. Connections.Select(c => (JsonNode)c.ToJson())]),
        ["rtcp"] = new JsonArray([.. Rtcp.Select(c => (JsonNode)c.ToJson())]),
        ["origin"] = Origin.ToJson(),
        ["candidates"] = new JsonObject([.. Candidates.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
        ["anat"] = UsesAnat,
        ["activeStreams"] = ActiveStreams,
        ["sameFamily"] = Connections.Length > 0 && Connections.All(c => c.Family is null || c.Family == signalling),
    };

    private static SdpAddressFact Fact(string where, string declared, SipHost address, bool matches) =>
        new(where, declared, address, SipEvidence.EffectiveFamily(address), matches);

    private static AddressFamily? DeclaredFamily(string type) => type switch
    {
        "IP4" => AddressFamily.InterNetwork,
        "IP6" => AddressFamily.InterNetworkV6,
        _ => null,
    };
}

/// <summary>What the media checks share: the calls of a path, and the verdict when a call gave no answer to read.</summary>
public static class SipAnswers
{
    /// <summary>Final responses that refuse the offer itself (RFC 3261 §21.4.26 488, §21.6.4 606, §21.4.13 415).</summary>
    public static readonly IReadOnlySet<int> OfferRefused = new HashSet<int> { 415, 488, 606 };

    public static async Task<(SipPathCalls Calls, CheckReport? Nothing)> GatherAsync(SipCheckRun run, CancellationToken cancellationToken)
    {
        var calls = await run.Sip.CallsAsync(run.Service, run.Path, cancellationToken).ConfigureAwait(false);
        if (calls.Discovery.Status != DiscoveryStatus.Found) return (calls, run.Nothing(calls.Discovery));
        if (calls.Transport is null) return (calls, CheckReport.Of(run.Result(Outcome.Skipped, calls.Reason ?? "no SIP server to call", evidence: calls.Discovery.Evidence())));
        if (calls.Calls.IsEmpty) return (calls, CheckReport.Of(run.Result(Outcome.Skipped, "no SIP server to call on this path", evidence: calls.Discovery.Evidence())));
        return (calls, null);
    }

    /// <summary>
    /// The verdict for a call whose answer cannot be read, or null when there is one. The media check itself
    /// (<paramref name="owner"/>) judges the failures: no response, a refused offer, a 2xx without SDP, unreadable
    /// SDP. The other media checks skip them, so that one fault is counted once.
    /// </summary>
    public static ProbeResult? Unjudged(SipCheckRun run, SipCallExchange exchange, bool owner)
    {
        if (exchange.Address is null) return owner ? run.NotReady(exchange) : Skip(run, exchange, "the path gives no address to call");
        var evidence = exchange.Evidence();
        if (exchange.Call is not { } call)
            return owner ? run.About(exchange, Outcome.Fail, $"{exchange.Where}: could not send the INVITE: {exchange.Error}", evidence) : Skip(run, exchange, "no call was made");
        if (call.AnswerSdp is not null) return null;
        string? fault = null;
        if (call.AnswerSdpError is { } error) fault = $"the SDP answer in {call.Answer!.StatusCode} cannot be read: {error}";
        else if (call.Final is { IsSuccess: true } ok) fault = $"{ok.StatusCode} to an INVITE with an offer carries no SDP answer (RFC 3264 §4, RFC 3261 §13.2.1)";
        else if (call.Final is { } refused && OfferRefused.Contains(refused.StatusCode))
            fault = $"the offer, in the signalling's family ({SipEvidence.FamilyName(exchange.SignallingFamily)}), was refused with {refused.StatusCode} {SipEvidence.Cut(refused.ReasonPhrase, 64)}";
        else if (call.Final is null) fault = $"the INVITE got no final answer: {call.Error ?? "no response"}";
        if (fault is not null) return owner ? run.About(exchange, Outcome.Fail, $"{exchange.Where}: {fault}", evidence) : Skip(run, exchange, $"no SDP answer to read ({fault})");
        return Skip(run, exchange, $"not judged: the INVITE was answered {call.Final!.StatusCode} {SipEvidence.Cut(call.Final.ReasonPhrase, 64)} without SDP (the probe places no authenticated or routed calls)");
    }

    private static ProbeResult Skip(SipCheckRun run, SipCallExchange exchange, string why) =>
        run.About(exchange, Outcome.Skipped, $"{exchange.Where}: {why}", exchange.Evidence());

    /// <summary>The answer's facts as evidence, with the call's.</summary>
    public static JsonObject Evidence(SipCallExchange exchange, SdpFamilies facts)
    {
        var evidence = exchange.Evidence();
        evidence["media"] = facts.ToJson(exchange.SignallingFamily!.Value);
        evidence["answerIn"] = $"{exchange.Call!.Answer!.StatusCode} {exchange.Call.Answer.CSeq.Method}";
        return evidence;
    }
}
