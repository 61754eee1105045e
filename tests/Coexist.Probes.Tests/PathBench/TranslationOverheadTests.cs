using Coexist.Model;
using Coexist.Probes.PathBench;

namespace Coexist.Probes.Tests.PathBench;

/// <summary>The seed's comparison: translated paths against the native path of the client's family.</summary>
public class TranslationOverheadTests
{
    [Theory]
    [InlineData(ProbePath.V4, ProbePath.V4)]
    [InlineData(ProbePath.V6, ProbePath.V6)]
    [InlineData(ProbePath.Nat64, ProbePath.V6)]
    [InlineData(ProbePath.Dns64, ProbePath.V6)]
    [InlineData(ProbePath.Siit, ProbePath.V4)]
    public void Baseline_is_the_native_path_of_the_clients_family(ProbePath path, ProbePath baseline) =>
        Assert.Equal(baseline, TranslationOverhead.BaselineOf(path));

    [Fact]
    public void Dual_has_no_baseline() => Assert.Null(TranslationOverhead.BaselineOf(ProbePath.Dual));

    [Fact]
    public void The_seeds_map646_figures_give_the_seeds_cost()
    {
        // CONTEXT.md: translated 0.172 ms / 572.4 Mbps, IPv4 only 0.139 ms / 593.4 Mbps (SIIT: an IPv4 client).
        var results = TranslationOverhead.Apply([Measured(ProbePath.Siit, 0.172, 572.4), Measured(ProbePath.V4, 0.139, 593.4), Measured(ProbePath.V6, 0.140, 584.2)]);
        var siit = results.Single(r => r.Path == ProbePath.Siit);
        Assert.Equal(ProbePath.V4, siit.Baseline);
        Assert.Equal(0.033, siit.OverheadMs);
        Assert.Equal(0.965, siit.ThroughputRatio);
        var v4 = results.Single(r => r.Path == ProbePath.V4);
        Assert.Equal((ProbePath.V4, 0.0, 1.0), (v4.Baseline!.Value, v4.OverheadMs!.Value, v4.ThroughputRatio!.Value));
    }

    [Fact]
    public void NAT64_is_compared_with_v6_not_v4()
    {
        var results = TranslationOverhead.Apply([Measured(ProbePath.V4, 0.05, 1000), Measured(ProbePath.V6, 0.07, 800), Measured(ProbePath.Nat64, 0.17, 400)]);
        var nat64 = results.Single(r => r.Path == ProbePath.Nat64);
        Assert.Equal(ProbePath.V6, nat64.Baseline);
        Assert.Equal(0.1, nat64.OverheadMs);
        Assert.Equal(0.5, nat64.ThroughputRatio);
    }

    [Fact]
    public void Without_its_baseline_a_translated_path_has_no_cost()
    {
        var failedV6 = Measured(ProbePath.V6, 0.07, 800) with { Outcome = Outcome.Fail, LatencyMs = null, TcpConnectMs = null, ThroughputMbps = null };
        var nat64 = TranslationOverhead.Apply([Measured(ProbePath.Nat64, 0.17, 400), failedV6]).Single(r => r.Path == ProbePath.Nat64);
        Assert.Null(nat64.Baseline);
        Assert.Null(nat64.OverheadMs);
        Assert.Null(nat64.ThroughputRatio);
    }

    [Fact]
    public void Latency_is_compared_like_for_like()
    {
        // The baseline has no TCP figure, so both sides use UDP echo.
        var v6 = Measured(ProbePath.V6, 0.07, 800) with { TcpConnectMs = null, UdpEchoMs = new Spread(0.2, 0.2, 0.2) };
        var nat64 = Measured(ProbePath.Nat64, 0.17, 400) with { UdpEchoMs = new Spread(0.35, 0.3, 0.4) };
        Assert.Equal(0.15, TranslationOverhead.LatencyOverhead(nat64, v6));
        Assert.Null(TranslationOverhead.LatencyOverhead(nat64 with { UdpEchoMs = null }, v6));
    }

    [Fact]
    public void Rows_are_named_as_in_the_seed()
    {
        Assert.Equal("IPv4 only, routed", TranslationOverhead.ConfigurationOf(ProbePath.V4));
        Assert.Equal("IPv6 only, routed", TranslationOverhead.ConfigurationOf(ProbePath.V6));
        Assert.StartsWith("translated", TranslationOverhead.ConfigurationOf(ProbePath.Nat64), StringComparison.Ordinal);
        Assert.StartsWith("translated", TranslationOverhead.ConfigurationOf(ProbePath.Siit), StringComparison.Ordinal);
    }

    private static PathBenchResult Measured(ProbePath path, double latency, double mbps) => new()
    {
        Path = path,
        Address = "192.0.2.1",
        LatencyMs = new Spread(latency, latency, latency),
        TcpConnectMs = new Spread(latency, latency, latency),
        ThroughputMbps = new Spread(mbps, mbps, mbps),
    };
}
