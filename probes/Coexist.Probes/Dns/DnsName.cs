using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Coexist.Probes.Dns;

/// <summary>
/// An absolute domain name. Case is preserved as written or received; equality ignores ASCII case
/// (RFC 4343). Labels are octets: the text form escapes special and non-printable octets
/// (<c>\.</c>, <c>\\</c>, <c>\DDD</c>, RFC 1035 §5.1), and <see cref="Labels"/> gives each octet as one
/// char (Latin-1), so nothing is lost either way.
/// </summary>
public sealed class DnsName : IEquatable<DnsName>
{
    // Uncompressed wire form, root octet included. Never handed out, so the name is immutable.
    private readonly byte[] _wire;

    private DnsName(byte[] wire, int labelCount)
    {
        _wire = wire;
        LabelCount = labelCount;
    }

    public static DnsName Root { get; } = new([0], 0);

    /// <summary>Labels, root excluded.</summary>
    public int LabelCount { get; }

    /// <summary>Octets in uncompressed wire form, the root octet included (at most 255).</summary>
    public int WireLength => _wire.Length;

    public bool IsRoot => LabelCount == 0;

    internal ReadOnlySpan<byte> Wire => _wire;

    /// <summary>Each label as a string with one char per octet (Latin-1), unescaped, leftmost first.</summary>
    public IReadOnlyList<string> Labels
    {
        get
        {
            var labels = new string[LabelCount];
            var offset = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                int length = _wire[offset];
                labels[i] = Encoding.Latin1.GetString(_wire, offset + 1, length);
                offset += length + 1;
            }
            return labels;
        }
    }

    /// <summary>The name one label up; the root's parent is the root.</summary>
    public DnsName Parent => IsRoot ? this : new DnsName(_wire[(_wire[0] + 1)..], LabelCount - 1);

    /// <summary>Reads the text form (<c>www.example.com</c>, trailing dot optional, <c>.</c> for the root).</summary>
    /// <exception cref="FormatException">The text is not a valid name; the message says why.</exception>
    public static DnsName Parse(string text) =>
        TryParse(text, out var name, out var error) ? name : throw new FormatException($"'{text}' is not a DNS name: {error}");

    public static bool TryParse(string? text, [NotNullWhen(true)] out DnsName? name) => TryParse(text, out name, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out DnsName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "it is empty";
            return false;
        }
        if (text == ".")
        {
            name = Root;
            error = null;
            return true;
        }

        // wire[labelStart] is the length octet of the label being read; the one left open at the end is the root.
        var wire = new List<byte>(text.Length + 2) { 0 };
        var labelStart = 0;
        var labelCount = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (wire.Count > DnsLimits.MaxNameLength)
            {
                error = $"it is longer than {DnsLimits.MaxNameLength} octets in wire form (RFC 1035 §2.3.4)";
                return false;
            }
            var c = text[i];
            if (c == '.')
            {
                if (!CloseLabel(wire, ref labelStart, ref labelCount, out error)) return false;
                i++;
                continue;
            }
            if (c == '\\')
            {
                if (!TryReadEscape(text, ref i, out var octet, out error)) return false;
                wire.Add(octet);
                continue;
            }
            if (c is < (char)0x21 or > (char)0x7E)
            {
                error = $"character U+{(int)c:X4} at {i} must be written as \\DDD (or the name in punycode, xn--)";
                return false;
            }
            wire.Add((byte)c);
            i++;
        }
        if (wire.Count - labelStart > 1 && !CloseLabel(wire, ref labelStart, ref labelCount, out error)) return false;
        if (wire.Count > DnsLimits.MaxNameLength)
        {
            error = $"it is {wire.Count} octets long in wire form, more than {DnsLimits.MaxNameLength} (RFC 1035 §2.3.4)";
            return false;
        }
        name = new DnsName([.. wire], labelCount);
        error = null;
        return true;
    }

    // Reads "\X" (X taken literally) or "\DDD" (a decimal octet) starting at text[i], the backslash.
    private static bool TryReadEscape(string text, ref int i, out byte octet, [NotNullWhen(false)] out string? error)
    {
        octet = 0;
        if (i + 1 >= text.Length)
        {
            error = "it ends with a lone backslash";
            return false;
        }
        if (!char.IsAsciiDigit(text[i + 1]))
        {
            var literal = text[i + 1];
            if (literal > 0x7E || literal < 0x20)
            {
                error = $"character U+{(int)literal:X4} at {i + 1} must be written as \\DDD";
                return false;
            }
            octet = (byte)literal;
            i += 2;
            error = null;
            return true;
        }
        if (i + 3 >= text.Length
            || !int.TryParse(text.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value > 255)
        {
            error = $"escape at {i} must be \\DDD with DDD from 000 to 255";
            return false;
        }
        octet = (byte)value;
        i += 4;
        error = null;
        return true;
    }

    // Writes the length octet of the label that started at labelStart and opens the next one.
    private static bool CloseLabel(List<byte> wire, ref int labelStart, ref int labelCount, [NotNullWhen(false)] out string? error)
    {
        var length = wire.Count - labelStart - 1;
        if (length == 0)
        {
            error = "it has an empty label";
            return false;
        }
        if (length > DnsLimits.MaxLabelLength)
        {
            error = $"a label is {length} octets long, more than {DnsLimits.MaxLabelLength} (RFC 1035 §2.3.4)";
            return false;
        }
        wire[labelStart] = (byte)length;
        labelStart = wire.Count;
        labelCount++;
        wire.Add(0);
        error = null;
        return true;
    }

    /// <summary>Builds a name from raw labels (one char per octet, no escapes), leftmost first.</summary>
    /// <exception cref="ArgumentException">A label is empty, longer than 63 octets, holds a char above U+00FF, or the name exceeds 255 octets.</exception>
    public static DnsName FromLabels(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var wire = new List<byte>();
        var count = 0;
        foreach (var label in labels)
        {
            if (string.IsNullOrEmpty(label)) throw new ArgumentException("a label is empty", nameof(labels));
            if (label.Length > DnsLimits.MaxLabelLength)
                throw new ArgumentException($"label '{label}' is {label.Length} octets long, more than {DnsLimits.MaxLabelLength}", nameof(labels));
            wire.Add((byte)label.Length);
            foreach (var c in label)
            {
                if (c > 0xFF) throw new ArgumentException($"label '{label}' holds U+{(int)c:X4}; labels are octets (use punycode)", nameof(labels));
                wire.Add((byte)c);
            }
            count++;
        }
        wire.Add(0);
        if (wire.Count > DnsLimits.MaxNameLength)
            throw new ArgumentException($"the name is {wire.Count} octets long, more than {DnsLimits.MaxNameLength}", nameof(labels));
        return new DnsName([.. wire], count);
    }

    /// <summary>This name with <paramref name="label"/> (raw, no escapes) added on the left.</summary>
    public DnsName Prepend(string label) => FromLabels([label, .. Labels]);

    /// <summary>True when this name equals <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsSubdomainOf(DnsName ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        if (ancestor.LabelCount > LabelCount) return false;
        var name = this;
        for (var i = LabelCount; i > ancestor.LabelCount; i--) name = name.Parent;
        return name.Equals(ancestor);
    }

    /// <summary>Trusted constructor for the wire reader, which has already checked the limits.</summary>
    internal static DnsName FromWire(ReadOnlySpan<byte> wire, int labelCount) =>
        wire.Length == 1 ? Root : new DnsName(wire.ToArray(), labelCount);

    /// <summary>The text form, escaped, without the trailing dot; the root is ".".</summary>
    public override string ToString()
    {
        if (IsRoot) return ".";
        var text = new StringBuilder(_wire.Length + 8);
        var offset = 0;
        while (_wire[offset] != 0)
        {
            if (offset > 0) text.Append('.');
            int length = _wire[offset];
            foreach (var octet in _wire.AsSpan(offset + 1, length)) AppendEscaped(text, octet);
            offset += length + 1;
        }
        return text.ToString();
    }

    private static void AppendEscaped(StringBuilder text, byte octet)
    {
        switch (octet)
        {
            // Characters with a meaning in the master-file format (RFC 1035 §5.1).
            case (byte)'.' or (byte)'\\' or (byte)'"' or (byte)'(' or (byte)')' or (byte)';' or (byte)'@' or (byte)'$':
                text.Append('\\').Append((char)octet);
                break;
            case < 0x21 or > 0x7E:
                text.Append('\\').Append(octet.ToString("D3", CultureInfo.InvariantCulture));
                break;
            default:
                text.Append((char)octet);
                break;
        }
    }

    public bool Equals(DnsName? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (other._wire.Length != _wire.Length) return false;
        // Length octets are below 64, so folding them never changes them: a whole-buffer fold is safe.
        for (var i = 0; i < _wire.Length; i++)
        {
            if (FoldAscii(_wire[i]) != FoldAscii(other._wire[i])) return false;
        }
        return true;
    }

    /// <summary>Equality that also compares case, for checks that a name came back exactly as sent.</summary>
    public bool EqualsExactly(DnsName? other) => other is not null && _wire.AsSpan().SequenceEqual(other._wire);

    public override bool Equals(object? obj) => Equals(obj as DnsName);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var octet in _wire) hash.Add(FoldAscii(octet));
        return hash.ToHashCode();
    }

    public static bool operator ==(DnsName? left, DnsName? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(DnsName? left, DnsName? right) => !(left == right);

    private static byte FoldAscii(byte octet) => octet is >= (byte)'A' and <= (byte)'Z' ? (byte)(octet + 32) : octet;
}
