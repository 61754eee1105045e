using Coexist.Model;

namespace Coexist.Probes.PathBench;

/// <summary>
/// The statistics of a bench: medians, because a shared machine's scheduler adds rare long delays that would drag
/// a mean (ping's avg shows them; its median would not), and the spread of repeats as min and max.
/// </summary>
public static class BenchStatistics
{
    /// <summary>The middle value; the mean of the two middle ones for an even count.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("the median of no values is undefined", nameof(values));
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Median, min and max, rounded to <paramref name="decimals"/>.</summary>
    public static Spread Summarize(IEnumerable<double> values, int decimals)
    {
        var list = values?.ToList() ?? throw new ArgumentNullException(nameof(values));
        if (list.Count == 0) throw new ArgumentException("a spread of no values is undefined", nameof(values));
        return new Spread(Math.Round(Median(list), decimals), Math.Round(list.Min(), decimals), Math.Round(list.Max(), decimals));
    }

    /// <summary>
    /// Each repeat's samples reduced to their median, then those medians summarized: the median of medians is the
    /// figure, their min and max the spread between repeats. Repeats without samples are left out.
    /// </summary>
    public static Spread? MedianOfMedians(IEnumerable<IReadOnlyCollection<double>> repeats, int decimals)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        var medians = repeats.Where(r => r.Count > 0).Select(r => Median(r)).ToList();
        return medians.Count == 0 ? null : Summarize(medians, decimals);
    }

    /// <summary>Megabits (10⁶ bits) a second for <paramref name="bytes"/> in <paramref name="elapsed"/>.</summary>
    public static double Mbps(long bytes, TimeSpan elapsed) =>
        elapsed > TimeSpan.Zero ? bytes * 8.0 / elapsed.TotalSeconds / 1e6 : throw new ArgumentOutOfRangeException(nameof(elapsed), elapsed, "must be positive");
}
