using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;

namespace Coexist.Probes.Dns.Checks;

/// <summary>What one name looks like at the plain resolver and at the DNS64 resolver: the input of the dns64 checks.</summary>
internal sealed record Dns64Answers(
    DnsName Name,
    DnsLookupResult<IPAddress> A,
    DnsLookupResult<IPAddress> RealAaaa,
    DnsLookupResult<IPAddress> Dns64Aaaa)
{
    /// <summary>The name's own IPv6 addresses; IPv4-mapped ones are no IPv6 address and a DNS64 ignores them (RFC 6147 §5.1.4).</summary>
    public IReadOnlyList<IPAddress> Real => [.. RealAaaa.Values.Where(a => !a.IsIPv4MappedToIPv6)];

    public bool IsIPv4Only => Real.Count == 0 && A.IsFound;

    /// <summary>Whether a lookup failed for want of an answer, so nothing can be said.</summary>
    public string? Unanswered =>
        new[] { (A, "A"), (RealAaaa, "AAAA"), (Dns64Aaaa, "AAAA at the DNS64 resolver") }
            .Where(x => Discovered.StatusOf(x.Item1) == DiscoveryStatus.CannotTest)
            .Select(x => $"{x.Item2}: {x.Item1.Error}")
            .FirstOrDefault();

    public JsonObject Evidence() => new()
    {
        ["a"] = Probes.Evidence.Strings(A.Values),
        ["aaaa"] = Probes.Evidence.Strings(RealAaaa.Values),
        ["dns64Aaaa"] = Probes.Evidence.Strings(Dns64Aaaa.Values),
        ["dns64Status"] = Dns64Aaaa.Status.ToString(),
    };

    public static async Task<Dns64Answers> LookupAsync(DnsProbeContext dns, DnsName name, CancellationToken cancellationToken)
    {
        var dns64 = dns.Context.Dns64 ?? throw new InvalidOperationException("the dns64 checks run only when a DNS64 resolver is configured");
        var a = dns.AddressesAsync(name, AddressFamily.InterNetwork, cancellationToken);
        var aaaa = dns.AddressesAsync(name, AddressFamily.InterNetworkV6, cancellationToken);
        var synthesized = dns64.GetAddressesAsync(name, AddressFamily.InterNetworkV6, cancellationToken);
        return new Dns64Answers(name, await a.ConfigureAwait(false), await aaaa.ConfigureAwait(false), await synthesized.ConfigureAwait(false));
    }
}
