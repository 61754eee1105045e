using Coexist.Model;
using Coexist.Probes.PathBench;

namespace Coexist.Probes.Tests.PathBench;

public class BenchStatisticsTests
{
    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 0.14, 0.139, 9.0, 0.141, 0.140 }, 0.140)]
    public void Median_is_the_middle_value_or_the_mean_of_the_two_middle_ones(double[] values, double expected) =>
        Assert.Equal(expected, BenchStatistics.Median(values), 12);

    [Fact]
    public void One_scheduling_delay_moves_the_median_not_at_all_where_it_drags_a_mean()
    {
        double[] samples = [0.060, 0.061, 0.059, 0.062, 4.8];
        Assert.Equal(0.061, BenchStatistics.Median(samples), 12);
        Assert.True(samples.Average() > 1, "the mean would report the delay");
    }

    [Fact]
    public void Median_of_nothing_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BenchStatistics.Median([]));
        Assert.Throws<ArgumentException>(() => BenchStatistics.Summarize([], 3));
    }

    [Fact]
    public void Summarize_rounds_median_min_and_max()
    {
        var spread = BenchStatistics.Summarize([0.17249, 0.1391, 0.15601], 3);
        Assert.Equal(new Spread(0.156, 0.139, 0.172), spread);
    }

    [Fact]
    public void Median_of_medians_reduces_each_repeat_then_spreads_the_repeats()
    {
        IReadOnlyCollection<double>[] repeats = [[1.0, 2.0, 9.0], [3.0, 4.0, 5.0], [], [0.5, 0.5, 7.0]];
        // Repeat medians 2, 4, 0.5; the empty repeat (nothing answered) is left out.
        Assert.Equal(new Spread(2.0, 0.5, 4.0), BenchStatistics.MedianOfMedians(repeats, 3));
        Assert.Null(BenchStatistics.MedianOfMedians([[], []], 3));
    }

    [Fact]
    public void Megabits_a_second_are_decimal_megabits()
    {
        Assert.Equal(8.0, BenchStatistics.Mbps(1_000_000, TimeSpan.FromSeconds(1)), 9);
        Assert.Equal(572.4, BenchStatistics.Mbps(71_550_000, TimeSpan.FromSeconds(1)), 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => BenchStatistics.Mbps(1, TimeSpan.Zero));
    }
}
