using Coexist.Analyzers;
using Coexist.Schema.Rules;

namespace Coexist.Schema.Live;

/// <summary>
/// Counts, for one column, the values that hold IPv4 addresses, keeping a few addresses as examples
/// and how they were written. Constant memory whatever the number of rows: this is what a streamed
/// client-side scan feeds, row by row.
/// </summary>
internal sealed class StoredValueMatcher
{
    /// <summary>Addresses kept per column as examples: enough to recognise the data, few enough to print.</summary>
    public const int MaxExamples = 5;

    private readonly List<string> _examples = [];
    private readonly SortedSet<string> _shapes = new(StringComparer.Ordinal);

    public long RowsRead { get; private set; }
    public long RowsWithIPv4 { get; private set; }
    public long NonNullRows { get; private set; }

    /// <summary>Looks at one value; null counts as read.</summary>
    public void Add(string? value)
    {
        RowsRead++;
        if (value is null) return;
        NonNullRows++;
        if (IPv4TextScanner.Find(value) is not { } matches) return;
        RowsWithIPv4++;
        foreach (var match in matches)
        {
            if (_examples.Count < MaxExamples && !_examples.Contains(match.Text)) _examples.Add(match.Text);
        }
        _shapes.Add(Shape(value, matches));
    }

    /// <summary>Counts a value of a column that is not text (a number holding an address).</summary>
    public void AddPresence(bool hasValue)
    {
        RowsRead++;
        if (hasValue) NonNullRows++;
    }

    public ColumnData ToData(bool sampled) => new()
    {
        RowsRead = RowsRead,
        RowsWithIPv4 = RowsWithIPv4,
        NonNullRows = NonNullRows,
        Examples = [.. _examples],
        Shapes = [.. _shapes],
        Sampled = sampled,
    };

    /// <summary>How a value holds its address: in a URL, as a CIDR prefix, in a list, or alone.</summary>
    public static string Shape(string value, IReadOnlyList<IPv4TextMatch> matches)
    {
        var first = matches[0];
        var before = value.AsSpan(0, first.Start);
        var scheme = before.LastIndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0 && before[scheme..].IndexOfAny(' ', ',', ';') < 0) return "url";
        if (matches.Count > 1) return "list";
        if (first.Text.Contains('/', StringComparison.Ordinal)) return "cidr";
        return "address";
    }
}
