using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Mtu;
using Coexist.Probes.PathBench;

namespace Coexist.Probes.Tests.Mtu;

/// <summary>The verdicts from what the check saw, without the network.</summary>
public class MtuJudgementTests
{
    private static readonly ExchangeReport SmallOk = new(ExchangeEnd.Completes, 32, 32, TimeSpan.FromMilliseconds(1), "32 bytes");
    private static readonly TcpInfo FullMss = new(1500, 60, 1440, 1440);

    private static ExchangeReport Large(ExchangeEnd end, TcpInfo? info = null) =>
        new(end, 65536, end == ExchangeEnd.Completes ? 65536 : 0, TimeSpan.FromSeconds(1), end.ToString(), info ?? FullMss);

    private static MtuObservation Seen(ProbePath path, ExchangeEnd large, int? largest, int ceiling = 1500, AddressFamily family = AddressFamily.InterNetworkV6, TcpInfo? info = null) => new()
    {
        Path = path,
        Family = family,
        Small = SmallOk,
        Large = Large(large, info),
        Search = new SizeSearchResult(largest, ceiling, 9, largest is null ? "no answer" : null),
    };

    [Fact]
    public void A_stall_after_a_small_success_is_COEX7001_whatever_the_sizes() =>
        Assert.Equal((Outcome.Fail, "COEX7001", "not-honoured"), Verdict(Seen(ProbePath.Nat64, ExchangeEnd.Stalls, 1280)));

    [Fact]
    public void A_stall_without_a_size_search_is_still_a_black_hole() =>
        Assert.Equal((Outcome.Fail, "COEX7001", "not-honoured"), Verdict(Seen(ProbePath.V6, ExchangeEnd.Stalls, null)));

    [Fact]
    public void A_narrow_hop_with_completing_responses_honours_Packet_Too_Big() =>
        Assert.Equal((Outcome.Pass, null, "honoured"), Verdict(Seen(ProbePath.V6, ExchangeEnd.Completes, 1280)));

    [Fact]
    public void Nothing_narrower_than_the_link_needs_no_Packet_Too_Big() =>
        Assert.Equal((Outcome.Pass, null, "not-needed"), Verdict(Seen(ProbePath.V4, ExchangeEnd.Completes, 1500, family: AddressFamily.InterNetwork)));

    [Fact]
    public void A_host_that_already_knows_the_narrow_hop_cannot_test_it()
    {
        // It advertised MSS 1208 (1280 − 60 − timestamps): the server's segments fit and needed no Packet Too Big.
        var seen = Seen(ProbePath.V6, ExchangeEnd.Completes, 1280, info: new TcpInfo(1280, 60, 1208, 1208));
        var mtu = MtuJudgement.Judge(seen);
        Assert.Equal((Outcome.Error, "not-tested"), (mtu.Outcome, mtu.PacketTooBig));
        Assert.Contains("already uses a smaller path MTU", mtu.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProbePath.V6, AddressFamily.InterNetworkV6, 1279, "COEX7002")]
    [InlineData(ProbePath.Nat64, AddressFamily.InterNetworkV6, 1279, "COEX7002")]
    [InlineData(ProbePath.V6, AddressFamily.InterNetworkV6, 1280, null)]
    [InlineData(ProbePath.Siit, AddressFamily.InterNetwork, 1259, "COEX7002")]
    [InlineData(ProbePath.Siit, AddressFamily.InterNetwork, 1260, null)]
    [InlineData(ProbePath.V4, AddressFamily.InterNetwork, 576, null)]
    public void The_minimum_is_1280_for_IPv6_clients_and_1260_behind_a_SIIT_front(ProbePath path, AddressFamily family, int largest, string? rule) =>
        Assert.Equal(rule, MtuJudgement.Judge(Seen(path, ExchangeEnd.Completes, largest, family: family)).RuleId);

    [Fact]
    public void A_small_exchange_that_fails_leaves_nothing_to_judge()
    {
        var mtu = MtuJudgement.Judge(new MtuObservation
        {
            Path = ProbePath.V6,
            Family = AddressFamily.InterNetworkV6,
            Small = new ExchangeReport(ExchangeEnd.Failed, 32, 0, TimeSpan.Zero, "connection refused (nothing listens there)"),
        });
        Assert.Equal((Outcome.Error, null), (mtu.Outcome, mtu.RuleId));
        Assert.Contains("coexist echo-server", mtu.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_exchange_that_fails_is_an_error_not_a_black_hole() =>
        Assert.Equal((Outcome.Error, null, "unknown"), Verdict(Seen(ProbePath.V6, ExchangeEnd.Failed, 1280)));

    [Fact]
    public void Without_a_size_search_answer_Packet_Too_Big_is_unknown() =>
        Assert.Equal((Outcome.Pass, null, "unknown"), Verdict(Seen(ProbePath.V6, ExchangeEnd.Completes, null)));

    private static (Outcome, string?, string?) Verdict(MtuObservation seen)
    {
        var mtu = MtuJudgement.Judge(seen);
        return (mtu.Outcome, mtu.RuleId, mtu.PacketTooBig);
    }
}
