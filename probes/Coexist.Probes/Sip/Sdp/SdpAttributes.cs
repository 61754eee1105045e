using System.Text;

namespace Coexist.Probes.Sip;

/// <summary>One a= line: <c>a=name</c> (a flag such as sendrecv) or <c>a=name:value</c>.</summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}

/// <summary>A line the codec keeps but does not interpret (i=, u=, e=, p=, b=, r=, z=, k=, unknown types), for re-encoding.</summary>
public sealed record SdpLine(char Type, string Value)
{
    public override string ToString() => $"{Type}={Value}";
}

/// <summary>The media direction attributes (RFC 8866 §6.7).</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

/// <summary><c>a=rtpmap:&lt;payload type&gt; &lt;encoding&gt;/&lt;clock rate&gt;[/&lt;parameters&gt;]</c> (RFC 8866 §6.6).</summary>
public sealed record SdpRtpMap(int PayloadType, string Encoding, int ClockRate, string? Parameters = null)
{
    public override string ToString() => $"{PayloadType} {Encoding}/{ClockRate}{(Parameters is null ? "" : "/" + Parameters)}";

    /// <summary>The map, or null when the value is malformed: rtpmap carries no address, so the reader tolerates it.</summary>
    internal static SdpRtpMap? TryParse(string? value)
    {
        var space = value?.IndexOf(' ') ?? -1;
        if (value is null || space <= 0) return null;
        var parts = value[(space + 1)..].Split('/');
        if (!SipText.TryParseDigits(value.AsSpan(0, space), 127, out var payloadType) || parts.Length is < 2 or > 3 || parts[0].Length == 0
            || !SipText.TryParseDigits(parts[1], int.MaxValue, out var clock) || (parts.Length == 3 && parts[2].Length == 0))
            return null;
        return new SdpRtpMap((int)payloadType, parts[0], (int)clock, parts.Length == 3 ? parts[2] : null);
    }
}

/// <summary><c>a=rtcp:&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;address&gt;]</c> (RFC 3605): where RTCP goes when not to port+1.</summary>
public sealed record SdpRtcp(int Port, SdpConnection? Address = null)
{
    public override string ToString() => Address is null ? SipText.Invariant(Port) : $"{SipText.Invariant(Port)} {Address}";

    internal static SdpRtcp Parse(string? value, int position)
    {
        var space = value?.IndexOf(' ') ?? -1;
        var port = space < 0 ? value : value![..space];
        if (port is null || !SipText.TryParseDigits(port, ushort.MaxValue, out var number))
            throw new SipFormatException(SipFormatError.SdpInvalidField, position, $"a=rtcp '{value}' does not start with a port");
        return new SdpRtcp((int)number, space < 0 ? null : SdpConnection.Parse(value![(space + 1)..], position, "a=rtcp"));
    }
}

/// <summary>
/// <c>a=group:&lt;semantics&gt; &lt;mid&gt;...</c> (RFC 5888). Semantics ANAT (RFC 4091) offered IPv4 and IPv6
/// alternatives as separate m= lines; RFC 5245 ICE replaced it and RFC 4092's ANAT is obsolete.
/// </summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Identifiers)
{
    public bool IsAnat => string.Equals(Semantics, "ANAT", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Identifiers.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Identifiers)}";

    internal static SdpGroup Parse(string? value, int position)
    {
        var fields = value?.Split(' ') ?? [];
        if (fields.Length == 0 || !SipText.IsToken(fields[0]) || fields.Skip(1).Any(f => f.Length == 0))
            throw new SipFormatException(SipFormatError.SdpInvalidField, position, $"a=group '{value}' is not '<semantics> <mid>...'");
        return new SdpGroup(fields[0], fields[1..]);
    }
}

/// <summary>
/// An ICE candidate (RFC 8839 §5.1): <c>a=candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt;
/// &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt; [raddr &lt;address&gt;] [rport &lt;port&gt;] ...</c>.
/// The address tells the candidate's family; an mDNS or other name is <see cref="SipHostKind.Name"/>.
/// </summary>
public sealed record SdpIceCandidate(string Foundation, int Component, string Transport, uint Priority, SipHost Address, int Port, string Type)
{
    public SipHost? RelatedAddress { get; init; }

    public int? RelatedPort { get; init; }

    /// <summary>Extension name/value pairs after the known fields (generation, ufrag, network-id, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    public override string ToString()
    {
        var text = new StringBuilder()
            .Append($"{Foundation} {SipText.Invariant(Component)} {Transport} {SipText.Invariant(Priority)} {Address} {SipText.Invariant(Port)} typ {Type}");
        if (RelatedAddress is not null) text.Append(" raddr ").Append(RelatedAddress);
        if (RelatedPort is { } rport) text.Append(" rport ").Append(SipText.Invariant(rport));
        foreach (var (name, value) in Extensions) text.Append(' ').Append(name).Append(' ').Append(value);
        return text.ToString();
    }

    internal static SdpIceCandidate Parse(string? value, int position)
    {
        var f = value?.Split(' ') ?? [];
        if (f.Length < 8 || f.Any(x => x.Length == 0) || f[6] != "typ"
            || !SipText.TryParseDigits(f[1], 256, out var component) || component == 0
            || !SipText.TryParseDigits(f[3], uint.MaxValue, out var priority)
            || !SipText.TryParseDigits(f[5], ushort.MaxValue, out var port)
            || (f.Length - 8) % 2 != 0)
            throw Invalid(value, position);
        SipHost? relatedAddress = null;
        int? relatedPort = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (var i = 8; i < f.Length; i += 2)
        {
            switch (f[i])
            {
                case "raddr":
                    relatedAddress = SdpParser.Host(f[i + 1], position, "a=candidate raddr");
                    break;
                case "rport":
                    relatedPort = SipText.TryParseDigits(f[i + 1], ushort.MaxValue, out var rport) ? (int)rport : throw Invalid(value, position);
                    break;
                default:
                    extensions.Add(new(f[i], f[i + 1]));
                    break;
            }
        }
        return new SdpIceCandidate(f[0], (int)component, f[2], (uint)priority, SdpParser.Host(f[4], position, "a=candidate"), (int)port, f[7])
        {
            RelatedAddress = relatedAddress,
            RelatedPort = relatedPort,
            Extensions = extensions,
        };
    }

    private static SipFormatException Invalid(string? value, int position) =>
        new(SipFormatError.SdpInvalidField, position, $"a=candidate '{value}' is not '<foundation> <component> <transport> <priority> <address> <port> typ <type> ...'");
}
