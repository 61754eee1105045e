using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns;
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

    public static async Task<MailHosts> DiscoverAsync(ServiceSpec service, DnsLookup resolver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(resolver);
        if (service.Hosts.Count > 0)
            return new MailHosts { Status = DiscoveryStatus.Found, Hosts = [.. service.Hosts], Domain = service.Domain, Source = "hosts" };
        if (service.Domain is not { } domainText)
            return new MailHosts { Status = DiscoveryStatus.Empty, Source = "none", Reason = $"mail service '{service.Name}' has neither hosts nor a domain" };

        var domain = DnsName.Parse(domainText);
        var mx = await resolver.GetMxAsync(domain, cancellationToken).ConfigureAwait(false);
        var source = $"MX of {domain}";
        switch (mx.Status)
        {
            case DnsLookupStatus.Found:
                var nullMx = mx.Values.Where(v => v.Exchange.IsRoot).ToList();
                var exchanges = mx.Values.Where(v => !v.Exchange.IsRoot).OrderBy(v => v.Preference).Select(v => v.Exchange.ToString()).Distinct().ToImmutableArray();
                if (exchanges.IsEmpty)
                {
                    var faults = nullMx.Any(v => v.Preference != 0) ? ImmutableArray.Create($"the null MX of {domain} has preference {nullMx[0].Preference}; RFC 7505 §3 writes it \"0 .\"") : [];
                    return new MailHosts { Status = DiscoveryStatus.Empty, Domain = domain.ToString(), Source = source, NullMx = true, Faults = faults, Reason = $"{domain} has a null MX (RFC 7505): it accepts no mail" };
                }
                return new MailHosts
                {
                    Status = DiscoveryStatus.Found,
                    Hosts = exchanges,
                    Domain = domain.ToString(),
                    Source = source,
                    Faults = nullMx.Count > 0 ? [$"{domain} has a null MX beside {exchanges.Length} other MX record(s); RFC 7505 §3: a domain that accepts no mail publishes the null MX alone"] : [],
                };
            case DnsLookupStatus.NoData:
                // RFC 5321 §5.1: without MX records the domain itself is the mail server (the "implicit MX").
                return new MailHosts { Status = DiscoveryStatus.Found, Hosts = [domain.ToString()], Domain = domain.ToString(), Source = $"{domain} itself (no MX, RFC 5321 §5.1)" };
            default:
                return new MailHosts { Status = Discovered.StatusOf(mx), Domain = domain.ToString(), Source = source, Reason = $"MX of {domain}: {mx.Error}" };
        }
    }

    /// <summary>Whether <paramref name="host"/> is an address literal rather than a name.</summary>
    public static bool IsLiteral(string host, out IPAddress address) => IPText.TryParse(host, out address!);
}
