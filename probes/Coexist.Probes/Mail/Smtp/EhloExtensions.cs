using System.Collections.Immutable;

namespace Coexist.Probes.Mail.Smtp;

/// <summary>One service extension a server advertises in its EHLO reply: a keyword and its parameters (RFC 5321 §4.1.1.1).</summary>
public sealed record EhloExtension(string Keyword, string Parameters)
{
    public override string ToString() => Parameters.Length == 0 ? Keyword : $"{Keyword} {Parameters}";
}

/// <summary>
/// The extensions of an EHLO reply: every line after the first ("250-mx.example.com greets ...") is
/// "KEYWORD [params]". Keywords are compared without case (RFC 5321 §2.4); they are kept in upper case.
/// </summary>
public sealed record EhloExtensions(ImmutableArray<EhloExtension> Items)
{
    public static EhloExtensions None { get; } = new([]);

    public IEnumerable<string> Keywords => Items.Select(i => i.Keyword);

    public bool Has(string keyword) => Items.Any(i => i.Keyword.Equals(keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>STARTTLS (RFC 3207 §4).</summary>
    public bool OffersStartTls => Has("STARTTLS");

    public static EhloExtensions FromReply(SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var items = ImmutableArray.CreateBuilder<EhloExtension>();
        foreach (var text in reply.Texts.Skip(1))
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0) continue;
            var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            var keyword = ReportText.Printable(space < 0 ? trimmed : trimmed[..space], 64).ToUpperInvariant();
            var parameters = space < 0 ? "" : ReportText.Printable(trimmed[(space + 1)..].Trim());
            if (!items.Any(i => i.Keyword == keyword)) items.Add(new EhloExtension(keyword, parameters));
        }
        return new EhloExtensions(items.ToImmutable());
    }

    public override string ToString() => string.Join(", ", Items);
}
