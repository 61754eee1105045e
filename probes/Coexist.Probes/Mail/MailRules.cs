using Coexist.Model;

namespace Coexist.Probes.Mail;

/// <summary>A mail rule: its ID, the stable check name results carry, its title and default severity.</summary>
public sealed record MailRule(string Id, string Check, string Title, Severity Severity, string Description)
{
    public RuleInfo ToRuleInfo() => new(Id, Title, Severity, Description);
}

/// <summary>The COEX5xxx rules (docs/rules/COEX5nnn.md), one check each.</summary>
public static class MailRules
{
    public static readonly MailRule MxAddresses = new("COEX5001", "mail-mx", "MX host has no address on the path", Severity.Error,
        "Every MX host of a mail domain needs an address on each path: AAAA for IPv6 senders (internet.nl's mx_aaaa), A for IPv4 and NAT64. A null MX (RFC 7505) stands alone, and an MX names a host, not an alias.");

    public static readonly MailRule Smtp = new("COEX5002", "mail-smtp", "MTA does not complete the SMTP greeting", Severity.Error,
        "Each address of each MTA must accept a connection on the path, greet with 220 within 4 s, answer EHLO and QUIT (internet.nl's mx_reach), on every family and translated path.");

    public static readonly MailRule StartTls = new("COEX5003", "mail-starttls", "STARTTLS not offered or not negotiated", Severity.Error,
        "Each MTA address must offer STARTTLS in its EHLO reply and complete a TLS handshake after it (RFC 3207), or speak TLS at once on port 465 (RFC 8314), on every path.");

    public static readonly MailRule Parity = new("COEX5004", "mail-parity", "MTA offers less over IPv6 or translation than over IPv4", Severity.Warning,
        "The SMTP extensions an MTA advertises (STARTTLS, SIZE, 8BITMIME, SMTPUTF8 ...) must be the same over IPv6 and over NAT64/DNS64 as over IPv4, so that IPv6 senders get the same service.");

    public static readonly MailRule Spf = new("COEX5005", "mail-spf", "SPF does not authorize the IPv6 senders", Severity.Error,
        "The mail domain's SPF record (RFC 7208) must authorize each IPv6 address its MTAs send from (ip6:, a or mx with AAAA, include:), within the 10-lookup and 2-void-lookup limits.");

    public static readonly MailRule Ptr = new("COEX5006", "mail-ptr", "IPv6 sender without forward-confirmed PTR", Severity.Error,
        "Each IPv6 address a domain sends mail from needs a PTR record whose name resolves back to it; large receivers reject IPv6 mail without one.");

    public static readonly MailRule Dmarc = new("COEX5007", "mail-dmarc", "No DMARC record", Severity.Warning,
        "The mail domain should publish a DMARC policy (RFC 7489) at _dmarc.<domain>; large receivers ask it of IPv6 senders together with SPF or DKIM.");

    public static IReadOnlyList<MailRule> All { get; } = [MxAddresses, Smtp, StartTls, Parity, Spf, Ptr, Dmarc];

    public static IReadOnlyList<RuleInfo> Infos { get; } = [.. All.Select(rule => rule.ToRuleInfo())];
}
