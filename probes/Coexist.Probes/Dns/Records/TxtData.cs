using System.Collections.Immutable;

namespace Coexist.Probes.Dns;

/// <summary>
/// TXT: one or more character-strings (RFC 1035 §3.3.14), one char per octet. SPF, DMARC and MTA-STS
/// read their policy from <see cref="Text"/>, the strings joined without separator (RFC 7208 §3.3).
/// </summary>
public sealed record TxtData(ImmutableArray<string> Strings) : DnsRecordData
{
    public TxtData(params string[] strings) : this(ImmutableArray.Create(strings)) { }

    public ImmutableArray<string> Strings { get; init => field = value.IsDefault ? [] : value; } = Strings.IsDefault ? [] : Strings;

    public override DnsRecordType Type => DnsRecordType.TXT;

    public string Text => string.Concat(Strings);

    internal static TxtData Read(ref DnsWireReader reader)
    {
        var strings = ImmutableArray.CreateBuilder<string>();
        while (!reader.AtEnd) strings.Add(reader.ReadCharacterString());
        return new TxtData(strings.ToImmutable());
    }

    internal override void Write(DnsWireWriter writer)
    {
        foreach (var text in Strings) writer.WriteCharacterString(text, "a TXT string");
    }

    public bool Equals(TxtData? other) => other is not null && Strings.SequenceEqual(other.Strings, StringComparer.Ordinal);

    public override int GetHashCode() => Strings.Aggregate(Strings.Length, (hash, text) => HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(text)));

    public override string ToString() => string.Join(' ', Strings.Select(text => $"\"{text}\""));
}
