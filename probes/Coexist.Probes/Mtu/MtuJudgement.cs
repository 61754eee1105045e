using System.Net.Sockets;
using Coexist.Model;

namespace Coexist.Probes.Mtu;

/// <summary>What the MTU check saw on one path, before any judgement.</summary>
public sealed record MtuObservation
{
    public required ProbePath Path { get; init; }

    /// <summary>The family of the client's socket on this path.</summary>
    public required AddressFamily Family { get; init; }

    /// <summary>A TCP response that fits in one packet of any path.</summary>
    public required ExchangeReport Small { get; init; }

    /// <summary>A TCP response of many full-size segments; null when the small one already failed.</summary>
    public ExchangeReport? Large { get; init; }

    /// <summary>The UDP size search; null when it was not run.</summary>
    public SizeSearchResult? Search { get; init; }
}

/// <summary>
/// Turns what the MTU check saw into a verdict (rules COEX7001, COEX7002). A path where the small exchange works and
/// the large one stalls is a black hole; a narrower hop with large exchanges completing means Packet Too Big is
/// honoured; a path that cannot carry the IPv6 minimum breaks RFC 8200 §5 whatever else works.
/// </summary>
public static class MtuJudgement
{
    /// <summary>The smallest packet the path must carry: 1,280 for IPv6 clients, 1,260 (its IPv4 form) behind a SIIT front, none for plain IPv4.</summary>
    public static int? MinimumFor(ProbePath path, AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? MtuLimits.IPv6MinimumMtu
        : path == ProbePath.Siit ? MtuLimits.TranslatedIPv4Minimum
        : null;

    public static PathMtu Judge(MtuObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var search = observation.Search;
        var facts = new PathMtu
        {
            Outcome = Outcome.Pass,
            Detail = "",
            LargestPacket = search?.LargestPacket,
            ProbedUpTo = search?.Ceiling,
            SmallExchange = observation.Small.EndText,
            LargeExchange = observation.Large?.EndText,
            PacketTooBig = PacketTooBig(observation),
        };
        var sizes = SizesText(search);

        if (observation.Small.End != ExchangeEnd.Completes)
        {
            return facts with
            {
                Outcome = Outcome.Error,
                Detail = $"a {observation.Small.Asked}-byte TCP response did not complete ({observation.Small.Detail}); the MTU check needs coexist echo-server at the target",
            };
        }
        if (observation.Large is not { } large)
            return facts with { Outcome = Outcome.Error, Detail = "the large exchange was not run" };
        if (large.End == ExchangeEnd.Stalls)
        {
            return facts with
            {
                Outcome = Outcome.Fail,
                RuleId = MtuRules.BlackHole.Id,
                Detail = $"a {observation.Small.Asked}-byte TCP response completes but a {large.Asked:N0}-byte one stalls ({large.Detail}): full-size packets are lost and no Packet Too Big reaches the sender{sizes}",
            };
        }
        if (large.End == ExchangeEnd.Failed)
            return facts with { Outcome = Outcome.Error, Detail = $"the {large.Asked:N0}-byte TCP response failed ({large.Detail}), so the MTU could not be judged{sizes}" };

        if (search?.LargestPacket is { } largest && MinimumFor(observation.Path, observation.Family) is { } minimum && largest < minimum)
        {
            return facts with
            {
                Outcome = Outcome.Fail,
                RuleId = MtuRules.BelowMinimum.Id,
                Detail = $"the largest packet that crosses is {largest:N0} bytes, below the {minimum:N0} this path must carry (RFC 8200 §5{(minimum == MtuLimits.TranslatedIPv4Minimum ? ", RFC 7915 §5.1" : "")})",
            };
        }
        if (facts.PacketTooBig == NotTested)
        {
            return facts with
            {
                Outcome = Outcome.Error,
                Detail = $"could not test Packet Too Big: this host already uses a smaller path MTU to the target (learnt from its own large packets, kept about ten minutes), so its SYN asked for segments that fit (MSS {large.Connection!.AdvertisedMss:N0}){sizes}",
            };
        }
        var ptb = facts.PacketTooBig switch
        {
            "honoured" => "a narrower hop exists and Packet Too Big is honoured",
            "not-needed" => "nothing on the path is narrower than this host's link",
            _ => "the UDP size search got no answer, so the path MTU itself was not measured",
        };
        return facts with { Detail = $"small and {large.Asked:N0}-byte TCP responses complete; {ptb}{sizes}" };
    }

    private const string NotTested = "not-tested";

    private static string? PacketTooBig(MtuObservation observation)
    {
        if (observation.Large?.End == ExchangeEnd.Stalls) return "not-honoured";
        if (observation.Large?.End != ExchangeEnd.Completes) return "unknown";
        if (observation.Search is not { LargestPacket: { } largest, Ceiling: var ceiling }) return "unknown";
        if (largest >= ceiling) return "not-needed";
        // The server's segments are no larger than the MSS this host advertised: when that already fits the narrow
        // hop, no segment needed a Packet Too Big and the completed response proves nothing.
        var mss = observation.Large.Connection?.AdvertisedMss;
        return mss is > 0 && mss.Value + TcpIpHeaderBytes(observation.Family) <= largest ? NotTested : "honoured";
    }

    /// <summary>IP and TCP headers without options: what an MSS leaves out of a full-size packet (RFC 879, RFC 8200 §8.3).</summary>
    public static int TcpIpHeaderBytes(AddressFamily family) =>
        (family == AddressFamily.InterNetworkV6 ? MtuLimits.IPv6Header : MtuLimits.IPv4Header) + 20;

    private static string SizesText(SizeSearchResult? search) => search switch
    {
        { LargestPacket: { } largest } => $" (largest packet from the server: {largest:N0} of {search.Ceiling:N0} bytes tried)",
        { Failure: { } why } => $" (UDP size search: {why})",
        _ => "",
    };
}
