using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Coexist.Probes.Mail.Dmarc;

/// <summary>A DMARC policy (RFC 7489 §6.3): what receivers do with mail that fails SPF and DKIM alignment.</summary>
public enum DmarcPolicy
{
    None,
    Quarantine,
    Reject,
}

/// <summary>
/// A DMARC record as RFC 7489 §6.3-§6.4 reads it: "v=DMARC1" first and exact, then tags separated by ';'. The
/// policy p is required; a record without a valid p but with a rua is read as p=none (§6.6.3).
/// </summary>
public sealed record DmarcRecord(DmarcPolicy Policy, DmarcPolicy? SubdomainPolicy, ImmutableDictionary<string, string> Tags, string Text)
{
    public const string Version = "DMARC1";

    /// <summary>Whether <paramref name="text"/> is meant as a DMARC record at all: its first tag is v=DMARC1 (§6.6.3 discards the rest).</summary>
    public static bool IsDmarcRecord(string text) => FirstTag(text) is ("v", Version);

    public static bool TryParse(string text, [NotNullWhen(true)] out DmarcRecord? record, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        record = null;
        if (!IsDmarcRecord(text))
        {
            error = "does not start with v=DMARC1";
            return false;
        }
        var tags = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';'))
        {
            var trimmed = part.Trim();
            if (trimmed.Length == 0) continue;
            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"\"{ReportText.Printable(trimmed, 60)}\" is not a tag=value pair";
                return false;
            }
            tags[trimmed[..equals].Trim()] = trimmed[(equals + 1)..].Trim();
        }
        var policy = tags.TryGetValue("p", out var p) ? ParsePolicy(p) : null;
        if (policy is null)
        {
            if (!tags.ContainsKey("rua"))
            {
                error = tags.ContainsKey("p") ? $"p={ReportText.Printable(p, 40)} is not none, quarantine or reject" : "the required p tag is missing";
                return false;
            }
            policy = DmarcPolicy.None;
        }
        var subdomain = tags.TryGetValue("sp", out var sp) ? ParsePolicy(sp) : null;
        record = new DmarcRecord(policy.Value, subdomain, tags.ToImmutable(), text);
        error = null;
        return true;
    }

    /// <summary>The policy for mail from a subdomain of the record's domain: sp, else p (§6.3).</summary>
    public DmarcPolicy PolicyForSubdomains => SubdomainPolicy ?? Policy;

    public string Describe() => $"p={Name(Policy)}" + (SubdomainPolicy is { } s ? $", sp={Name(s)}" : "") + (Tags.ContainsKey("rua") ? ", aggregate reports requested" : "");

    public static string Name(DmarcPolicy policy) => policy.ToString().ToLowerInvariant();

    private static DmarcPolicy? ParsePolicy(string value) => value.ToLowerInvariant() switch
    {
        "none" => DmarcPolicy.None,
        "quarantine" => DmarcPolicy.Quarantine,
        "reject" => DmarcPolicy.Reject,
        _ => null,
    };

    private static (string Name, string Value)? FirstTag(string text)
    {
        var first = text.Split(';', 2)[0];
        var equals = first.IndexOf('=', StringComparison.Ordinal);
        return equals <= 0 ? null : (first[..equals].Trim(), first[(equals + 1)..].Trim());
    }
}
