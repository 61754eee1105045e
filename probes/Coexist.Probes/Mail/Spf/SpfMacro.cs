using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coexist.Probes.Mail.Spf;

/// <summary>What macros expand to during one check_host() (RFC 7208 §7.2).</summary>
/// <param name="Sender">The MAIL FROM identity, "local-part@domain" (%{s}).</param>
/// <param name="Domain">The domain being checked now (%{d}); changes with include and redirect.</param>
/// <param name="Ip">The client address (%{i}, %{v}).</param>
/// <param name="Helo">The HELO/EHLO name (%{h}).</param>
public sealed record SpfMacroContext(string Sender, string Domain, IPAddress Ip, string Helo)
{
    public string LocalPart => Sender[..Math.Max(0, Sender.LastIndexOf('@'))] is { Length: > 0 } local ? local : "postmaster";

    public string SenderDomain => Sender[(Sender.LastIndexOf('@') + 1)..];
}

/// <summary>
/// Macro expansion (RFC 7208 §7): %{letter [digits] [r] [delimiters]}, %%, %_ and %-. Letters s l o d i p v h
/// expand anywhere; c r t only in explanation text, which the probe never expands. %{p} (deprecated, §7.3) expands
/// to "unknown", as the RFC allows, without the PTR lookups it would cost.
/// </summary>
public static class SpfMacro
{
    private const string Delimiters = ".-+,/_=";

    /// <summary>Checks the macro syntax of <paramref name="text"/> without expanding it.</summary>
    public static void Validate(string text, bool allowExplanationLetters, string term)
    {
        ArgumentNullException.ThrowIfNull(text);
        Walk(text, allowExplanationLetters, term, null, null);
    }

    /// <summary>Expands <paramref name="text"/>; a domain result is cut from the left to <see cref="SpfLimits.MaxExpandedDomainLength"/>.</summary>
    public static string Expand(string text, SpfMacroContext context, bool asDomain = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        var builder = new StringBuilder();
        Walk(text, false, text, context, builder);
        var expanded = builder.ToString();
        if (!asDomain) return expanded;
        if (expanded.EndsWith('.')) expanded = expanded[..^1];
        // §7.3: over 253 characters, drop labels on the left until it fits.
        while (expanded.Length > SpfLimits.MaxExpandedDomainLength && expanded.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0)
            expanded = expanded[(dot + 1)..];
        return expanded;
    }

    private static void Walk(string text, bool allowExplanationLetters, string term, SpfMacroContext? context, StringBuilder? output)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '%')
            {
                if (c is < '!' or > '~') throw new SpfSyntaxException($"\"{ReportText.Printable(term, 100)}\": character 0x{(int)c:x2} is not allowed in a macro-string");
                output?.Append(c);
                continue;
            }
            if (i + 1 >= text.Length) throw Bad(term, "a lone '%' at the end");
            var next = text[++i];
            switch (next)
            {
                case '%': output?.Append('%'); continue;
                case '_': output?.Append(' '); continue;
                case '-': output?.Append("%20"); continue;
                case '{': break;
                default: throw Bad(term, $"'%{next}' is not a macro (write %% for a percent sign)");
            }
            var close = text.IndexOf('}', i);
            if (close < 0) throw Bad(term, "a macro without its closing '}'");
            var body = text[(i + 1)..close];
            i = close;
            var value = Macro(body, allowExplanationLetters, term, context);
            output?.Append(value);
        }
    }

    /// <summary>letter *DIGIT ["r"] *delimiter: the value, split on the delimiters, maybe reversed, the rightmost N parts, joined by dots.</summary>
    private static string? Macro(string body, bool allowExplanationLetters, string term, SpfMacroContext? context)
    {
        if (body.Length == 0) throw Bad(term, "an empty macro %{}");
        var letter = body[0];
        var lower = char.ToLowerInvariant(letter);
        if ("slodipvhcrt".IndexOf(lower, StringComparison.Ordinal) < 0) throw Bad(term, $"'{letter}' is not a macro letter");
        if (lower is 'c' or 'r' or 't' && !allowExplanationLetters) throw Bad(term, $"%{{{letter}}} is allowed only in explanation text (RFC 7208 §7.2)");
        var at = 1;
        while (at < body.Length && char.IsAsciiDigit(body[at])) at++;
        int? keep = null;
        if (at > 1)
        {
            if (!int.TryParse(body.AsSpan(1, at - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var digits) || digits == 0)
                throw Bad(term, "a macro's part count must be 1 or more (RFC 7208 §7.3)");
            keep = digits;
        }
        var reverse = at < body.Length && (body[at] is 'r' or 'R');
        if (reverse) at++;
        var delimiters = body[at..];
        if (delimiters.Any(d => Delimiters.IndexOf(d, StringComparison.Ordinal) < 0)) throw Bad(term, $"\"{delimiters}\" are not macro delimiters");
        if (context is null) return null;

        var value = Value(lower, context);
        if (keep is not null || reverse || delimiters.Length > 0)
        {
            var parts = value.Split((delimiters.Length == 0 ? "." : delimiters).ToCharArray());
            if (reverse) Array.Reverse(parts);
            if (keep is { } n && n < parts.Length) parts = parts[^n..];
            value = string.Join('.', parts);
        }
        // An upper-case letter asks for the value URL-escaped (§7.3).
        return char.IsAsciiLetterUpper(letter) ? Uri.EscapeDataString(value) : value;
    }

    private static string Value(char letter, SpfMacroContext context) => letter switch
    {
        's' => context.Sender,
        'l' => context.LocalPart,
        'o' => context.SenderDomain,
        'd' => context.Domain,
        'i' => IpText(context.Ip),
        'p' => "unknown",
        'v' => context.Ip.AddressFamily == AddressFamily.InterNetworkV6 && !context.Ip.IsIPv4MappedToIPv6 ? "ip6" : "in-addr",
        'h' => context.Helo,
        _ => "",
    };

    /// <summary>%{i}: dotted quad for IPv4, 32 dot-separated nibbles for IPv6 (§7.3).</summary>
    private static string IpText(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily == AddressFamily.InterNetwork) return ip.ToString();
        var hex = Convert.ToHexStringLower(ip.GetAddressBytes());
        return string.Join('.', hex.ToCharArray());
    }

    private static SpfSyntaxException Bad(string term, string why) => new($"\"{ReportText.Printable(term, 100)}\": {why}");
}
