using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Mail.Spf;

/// <summary>
/// Reads an SPF record by the grammar of RFC 7208 §12: "v=spf1", then terms separated by spaces, each a directive
/// ([qualifier] mechanism) or a modifier (name=value). Any error anywhere makes the whole record a permerror
/// (§4.6), so the parser reads every term before anything is evaluated.
/// </summary>
public static class SpfParser
{
    public const string Version = "v=spf1";

    /// <summary>Whether a TXT record is an SPF record: "v=spf1" alone or followed by a space, any case (§4.5).</summary>
    public static bool IsSpfRecord(string text) =>
        text.StartsWith(Version, StringComparison.OrdinalIgnoreCase) && (text.Length == Version.Length || text[Version.Length] == ' ');

    /// <summary>Parses <paramref name="text"/>; throws <see cref="SpfSyntaxException"/> with the offending term.</summary>
    public static SpfRecord Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsSpfRecord(text)) throw new SpfSyntaxException($"the record does not start with \"{Version}\"");
        var directives = ImmutableArray.CreateBuilder<SpfDirective>();
        string? redirect = null, explanation = null;
        foreach (var term in text[Version.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ModifierName(term) is { } name)
            {
                var value = term[(name.Length + 1)..];
                switch (name.ToLowerInvariant())
                {
                    case "redirect":
                        if (redirect is not null) throw new SpfSyntaxException("more than one redirect modifier (RFC 7208 §6)");
                        redirect = DomainSpec(value, term);
                        break;
                    case "exp":
                        if (explanation is not null) throw new SpfSyntaxException("more than one exp modifier (RFC 7208 §6)");
                        explanation = DomainSpec(value, term);
                        break;
                    default:
                        // Unknown modifiers are ignored (§6), but their value must still be a macro-string.
                        SpfMacro.Validate(value, allowExplanationLetters: true, term);
                        break;
                }
                continue;
            }
            directives.Add(Directive(term));
        }
        return new SpfRecord(directives.ToImmutable(), redirect, explanation, text);
    }

    /// <summary>The modifier name of <paramref name="term"/> (name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) before "="), or null for a directive.</summary>
    private static string? ModifierName(string term)
    {
        var equals = term.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0) return null;
        var name = term[..equals];
        if (!char.IsAsciiLetter(name[0])) return null;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return null;
        return name;
    }

    private static SpfDirective Directive(string term)
    {
        var qualifier = term[0] switch
        {
            '+' => SpfQualifier.Pass,
            '-' => SpfQualifier.Fail,
            '~' => SpfQualifier.SoftFail,
            '?' => SpfQualifier.Neutral,
            _ => (SpfQualifier?)null,
        };
        var body = qualifier is null ? term : term[1..];
        var nameEnd = body.IndexOfAny([':', '/']);
        var name = (nameEnd < 0 ? body : body[..nameEnd]).ToLowerInvariant();
        var rest = nameEnd < 0 ? "" : body[nameEnd..];
        var q = qualifier ?? SpfQualifier.Pass;
        switch (name)
        {
            case "all":
                if (rest.Length > 0) throw Bad(term, "all takes no argument");
                return new SpfDirective(q, SpfMechanism.All, null, null, 32, 128, term);
            case "include":
            case "exists":
                if (!rest.StartsWith(':')) throw Bad(term, $"{name} needs \":domain\"");
                return new SpfDirective(q, name == "include" ? SpfMechanism.Include : SpfMechanism.Exists, DomainSpec(rest[1..], term), null, 32, 128, term);
            case "a":
            case "mx":
            {
                var (spec, cidrs) = SplitDomainAndCidr(rest, term);
                var (cidr4, cidr6) = DualCidr(cidrs, term);
                return new SpfDirective(q, name == "a" ? SpfMechanism.A : SpfMechanism.Mx, spec, null, cidr4, cidr6, term);
            }
            case "ptr":
                if (rest.Length > 0 && !rest.StartsWith(':')) throw Bad(term, "ptr takes only \":domain\"");
                return new SpfDirective(q, SpfMechanism.Ptr, rest.Length == 0 ? null : DomainSpec(rest[1..], term), null, 32, 128, term);
            case "ip4":
            case "ip6":
            {
                if (!rest.StartsWith(':')) throw Bad(term, $"{name} needs \":address\"");
                var value = rest[1..];
                var slash = value.IndexOf('/', StringComparison.Ordinal);
                var addressText = slash < 0 ? value : value[..slash];
                var v4 = name == "ip4";
                var address = v4 ? ParseIPv4(addressText) : ParseIPv6(addressText);
                if (address is null) throw Bad(term, $"\"{addressText}\" is not an {(v4 ? "IPv4" : "IPv6")} address");
                var length = slash < 0 ? (v4 ? 32 : 128) : CidrLength(value[(slash + 1)..], v4 ? 32 : 128, term);
                return new SpfDirective(q, v4 ? SpfMechanism.Ip4 : SpfMechanism.Ip6, null, address, v4 ? length : 32, v4 ? 128 : length, term);
            }
            default:
                throw Bad(term, $"unknown mechanism \"{name}\"");
        }
    }

    /// <summary>":domain-spec" and "/cidr" parts of a or mx; a '/' inside %{...} belongs to the macro.</summary>
    private static (string? Spec, string Cidrs) SplitDomainAndCidr(string rest, string term)
    {
        if (rest.Length == 0) return (null, "");
        if (rest[0] == '/') return (null, rest);
        var depth = 0;
        for (var i = 1; i < rest.Length; i++)
        {
            if (rest[i] == '{' && rest[i - 1] == '%') depth++;
            else if (rest[i] == '}' && depth > 0) depth--;
            else if (rest[i] == '/' && depth == 0) return (DomainSpec(rest[1..i], term), rest[i..]);
        }
        return (DomainSpec(rest[1..], term), "");
    }

    /// <summary>dual-cidr-length = [ "/" ip4-length ] [ "//" ip6-length ].</summary>
    private static (int Cidr4, int Cidr6) DualCidr(string text, string term)
    {
        if (text.Length == 0) return (32, 128);
        var split = text.IndexOf("//", StringComparison.Ordinal);
        var v4Part = split < 0 ? text : text[..split];
        var v6Part = split < 0 ? null : text[(split + 2)..];
        var cidr4 = 32;
        if (v4Part.Length > 0)
        {
            if (v4Part[0] != '/') throw Bad(term, "a prefix length must follow \"/\"");
            cidr4 = CidrLength(v4Part[1..], 32, term);
        }
        return (cidr4, v6Part is null ? 128 : CidrLength(v6Part, 128, term));
    }

    /// <summary>"0" or digits without a leading zero, at most <paramref name="max"/> (RFC 7208 §5.6).</summary>
    private static int CidrLength(string text, int max, string term)
    {
        if (text.Length == 0 || text.Length > 3 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
            throw Bad(term, $"\"/{text}\" is not a prefix length");
        var value = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (value > max) throw Bad(term, $"prefix length {value} is over {max}");
        return value;
    }

    /// <summary>Four decimal octets, no leading zeros, nothing else (ip4-network).</summary>
    private static IPAddress? ParseIPv4(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4) return null;
        var octets = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')) return null;
            var value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
            if (value > 255) return null;
            octets[i] = (byte)value;
        }
        return new IPAddress(octets);
    }

    private static IPAddress? ParseIPv6(string text) =>
        text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
            && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 ? address : null;

    /// <summary>
    /// domain-spec = macro-string domain-end; domain-end = "." toplabel ["."] / macro-expand. A literal ending in an
    /// all-numeric label ("a:192.0.2.1") is the usual mistake this catches.
    /// </summary>
    private static string DomainSpec(string spec, string term)
    {
        if (spec.Length == 0) throw Bad(term, "empty domain");
        SpfMacro.Validate(spec, allowExplanationLetters: false, term);
        if (spec.EndsWith('}') || spec.EndsWith("%%", StringComparison.Ordinal) || spec.EndsWith("%_", StringComparison.Ordinal) || spec.EndsWith("%-", StringComparison.Ordinal))
            return spec;
        var trimmed = spec.EndsWith('.') ? spec[..^1] : spec;
        var dot = trimmed.LastIndexOf('.');
        if (dot < 0) throw Bad(term, $"\"{spec}\" is not a domain with a top label (RFC 7208 §7.1)");
        var top = trimmed[(dot + 1)..];
        var valid = top.Length > 0 && top.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && top[0] != '-' && top[^1] != '-'
            && (top.Any(char.IsAsciiLetter) || top.Contains('-', StringComparison.Ordinal));
        if (!valid) throw Bad(term, $"\"{top}\" is not a top label (RFC 7208 §7.1: an address is not a domain)");
        return spec;
    }

    private static SpfSyntaxException Bad(string term, string why) => new($"\"{ReportText.Printable(term, 100)}\": {why}");
}
