using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Dns.Discovery;

namespace Coexist.Probes.Mail;

/// <summary>
/// The MTAs of a mail service and how they were found: its <c>hosts</c>, else the MX records of its domain (RFC 5321
/// §5.1: the domain itself when it has no MX; nothing for a null MX, RFC 7505). Faults of the MX set itself (a null
/// MX beside other MX records) are kept for COEX5001.
/// </summary>
public sealed record MailHosts
{
    public required DiscoveryStatus Status { get; init; }

    /// <summary>Host names (in MX preference order) and address literals, as text.</summary>
    public ImmutableArray<string> Hosts { get; init; } = [];

    /// <summary>The mail domain (<c>domain:</c>), when the service has one: SPF and DMARC are read there.</summary>
    public string? Domain { get; init; }

    public required string Source { get; init; }

    public string? Reason { get; init; }

    /// <summary>The domain publishes a null MX (RFC 7505): it accepts no mail.</summary>
    public bool NullMx { get; init; }

    /// <summary>What is wrong with the MX set itself.</summary>
    public ImmutableArray<string> Faults { get; init; } = [];

    public JsonObject Evidence() => new()
    {
        ["hosts"] = Probes.Evidence.Strings(Hosts),
        ["source"] = Source,
        ["domain"] = Domain,
        ["nullMx"] = NullMx,
    };

    /// <summary>
    /// The names come from <see cref="ServiceNames"/>, shared with the DNS probe (MX in preference order, the implicit MX,
    /// nothing for a null MX); the MX set is then read once more (a cached answer) for what is wrong with it.
    /// </summary>
    public static async Task<MailHosts> DiscoverAsync(ServiceSpec service, DnsProbeContext dns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(dns);
        var names = await dns.NamesAsync(service, cancellationToken).ConfigureAwait(false);
        var hosts = new MailHosts
        {
            // Hosts given only as addresses have no names for the DNS checks, but they are MTAs to talk to.
            Status = service.Hosts.Count > 0 ? DiscoveryStatus.Found : names.Status,
            Hosts = [.. names.Names.Select(n => n.ToString()), .. names.Literals.Select(a => a.ToString())],
            Domain = service.Domain is { } text ? DnsName.Parse(text).ToString() : null,
            Source = names.Source,
            Reason = names.Reason,
        };
        if (service.Hosts.Count > 0 || service.Domain is null || names.Status == DiscoveryStatus.CannotTest) return hosts;

        var domain = DnsName.Parse(service.Domain);
        var mx = await dns.Resolver.GetMxAsync(domain, cancellationToken).ConfigureAwait(false);
        var nullMx = mx.Values.Where(v => v.Exchange.IsRoot).ToList();
        var others = mx.Values.Length - nullMx.Count;
        if (nullMx.Count == 0) return hosts;
        if (others > 0)
            return hosts with { Faults = [$"{domain} has a null MX beside {others} other MX record(s); RFC 7505 §3: a domain that accepts no mail publishes the null MX alone"] };
        return hosts with
        {
            NullMx = true,
            Faults = nullMx.Any(v => v.Preference != 0) ? [$"the null MX of {domain} has preference {nullMx[0].Preference}; RFC 7505 §3 writes it \"0 .\""] : [],
        };
    }

    /// <summary>Whether <paramref name="host"/> is an address literal rather than a name.</summary>
    public static bool IsLiteral(string host, out IPAddress address) => IPText.TryParse(host, out address!);
}
