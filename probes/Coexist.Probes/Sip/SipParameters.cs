using System.Collections;
using System.Text;

namespace Coexist.Probes.Sip;

/// <summary>One <c>;name[=value]</c> parameter. <see cref="Value"/> is as written (a quoted string keeps its quotes); null for a flag such as <c>;rport</c> or <c>;lr</c>.</summary>
public sealed record SipParameter(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : $"{Name}={Value}";
}

/// <summary>The parameters of a URI or a header value, in order; names compare case-insensitively (RFC 3261 §7.3.1).</summary>
public sealed class SipParameters : IReadOnlyList<SipParameter>, IEquatable<SipParameters>
{
    private readonly SipParameter[] _items;

    public SipParameters(IEnumerable<SipParameter> items) => _items = [.. items];

    public static SipParameters Empty { get; } = new([]);

    public int Count => _items.Length;

    public SipParameter this[int index] => _items[index];

    public bool Contains(string name) => Find(name) is not null;

    /// <summary>The value of the first parameter called <paramref name="name"/>; null when absent or a flag.</summary>
    public string? Value(string name) => Find(name)?.Value;

    public SipParameter? Find(string name) => Array.Find(_items, p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A copy with <paramref name="name"/> set (replacing the first of that name, else appended).</summary>
    public SipParameters With(string name, string? value)
    {
        var index = Array.FindIndex(_items, p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        var items = (SipParameter[])_items.Clone();
        if (index >= 0)
        {
            items[index] = new SipParameter(name, value);
            return new SipParameters(items);
        }
        return new SipParameters([.. items, new SipParameter(name, value)]);
    }

    /// <summary><c>;a=b;c</c>, or the empty string.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var p in _items) text.Append(';').Append(p);
        return text.ToString();
    }

    public IEnumerator<SipParameter> GetEnumerator() => ((IEnumerable<SipParameter>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(SipParameters? other) =>
        other is not null && _items.Length == other._items.Length &&
        _items.Zip(other._items).All(pair =>
            string.Equals(pair.First.Name, pair.Second.Name, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(pair.First.Value, pair.Second.Value, StringComparison.Ordinal));

    public override bool Equals(object? obj) => Equals(obj as SipParameters);

    public override int GetHashCode() => _items.Length;

    /// <summary>
    /// Reads header parameters (Via, From/To, Contact): pieces split at top-level semicolons, each
    /// <c>name [= value]</c> with white space allowed around '=' (SEMI and EQUAL carry SWS, RFC 3261 §25.1).
    /// </summary>
    internal static SipParameters ParseHeaderParameters(IEnumerable<string> pieces, SipFormatError error, int position, string what)
    {
        var items = new List<SipParameter>();
        foreach (var piece in pieces)
        {
            var equals = piece.IndexOf('=');
            var name = SipText.TrimWhitespace(equals < 0 ? piece : piece[..equals]);
            if (!SipText.IsToken(name)) throw new SipFormatException(error, position, $"{what}: parameter '{piece}' has no token name");
            string? value = null;
            if (equals >= 0)
            {
                value = SipText.TrimWhitespace(piece[(equals + 1)..]);
                if (!IsHeaderParameterValue(value, error, position)) throw new SipFormatException(error, position, $"{what}: parameter '{name}' has a malformed value '{value}'");
            }
            items.Add(new SipParameter(name, value));
        }
        return new SipParameters(items);
    }

    /// <summary>Reads URI parameters, the text after the first ';': <c>name[=value]</c> pieces, no white space (RFC 3261 §19.1.1).</summary>
    internal static SipParameters ParseUriParameters(string text, int position)
    {
        var items = new List<SipParameter>();
        foreach (var piece in text.Split(';'))
        {
            var equals = piece.IndexOf('=');
            var name = equals < 0 ? piece : piece[..equals];
            if (name.Length == 0) throw new SipFormatException(SipFormatError.InvalidUri, position, $"empty URI parameter name in ';{text}'");
            items.Add(new SipParameter(name, equals < 0 ? null : piece[(equals + 1)..]));
        }
        return new SipParameters(items);
    }

    // gen-value = token / host / quoted-string. Tokens and hosts have no white space, quotes or separators.
    private static bool IsHeaderParameterValue(string value, SipFormatError error, int position)
    {
        if (value.Length == 0) return false;
        if (value[0] == '"') return SipText.ReadQuotedString(value, 0, error, position).End == value.Length;
        foreach (var c in value)
        {
            if (!SipText.IsTokenChar(c) && c is not ('[' or ']' or ':')) return false;
        }
        return true;
    }
}
