namespace Coexist.Probes.Web.Content;

/// <summary>
/// How often each character occurs in a text: all that difflib's <c>quick_ratio</c> looks at, kept instead of
/// the text so that a fetched page costs a few hundred bytes however large it was.
/// </summary>
public sealed class CharHistogram
{
    private readonly char[] _chars;
    private readonly int[] _counts;

    private CharHistogram(char[] chars, int[] counts, long length)
    {
        _chars = chars;
        _counts = counts;
        Length = length;
    }

    public static CharHistogram Empty { get; } = new([], [], 0);

    /// <summary>Characters in the text.</summary>
    public long Length { get; }

    /// <summary>Distinct characters.</summary>
    public int Distinct => _chars.Length;

    public static CharHistogram Of(ReadOnlySpan<char> text)
    {
        var counts = new Dictionary<char, int>();
        foreach (var c in text) counts[c] = counts.GetValueOrDefault(c) + 1;
        var chars = counts.Keys.Order().ToArray();
        return new CharHistogram(chars, [.. chars.Select(c => counts[c])], text.Length);
    }

    /// <summary>Characters the two texts share, counted as a multiset: Σ min(count here, count there).</summary>
    public long Shared(CharHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long shared = 0;
        int i = 0, j = 0;
        while (i < _chars.Length && j < other._chars.Length)
        {
            var order = _chars[i].CompareTo(other._chars[j]);
            if (order == 0) shared += Math.Min(_counts[i++], other._counts[j++]);
            else if (order < 0) i++;
            else j++;
        }
        return shared;
    }

    /// <summary>
    /// internet.nl's distance: 100 − 100 × quick_ratio, where quick_ratio = 2 × shared / (length + other length)
    /// (Python difflib; internet.nl's web_ipv46). 0 for two empty texts, 100 when nothing is shared.
    /// </summary>
    public double Distance(CharHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var total = Length + other.Length;
        return total == 0 ? 0 : 100 - (100.0 * 2 * Shared(other) / total);
    }
}
