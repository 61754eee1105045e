using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Dns;

namespace Coexist.Probes.Mail.Spf;

/// <summary>The SPF record a domain publishes, as found: the text (null when there is none) or why there is none.</summary>
public sealed record SpfRecordLookup(SpfResult Status, string? Text, string Reason)
{
    public bool Found => Text is not null;
}

/// <summary>
/// check_host() of RFC 7208 §4, enough to answer "does this domain's SPF authorize this address": every mechanism
/// (all, include, a, mx, ptr, ip4, ip6, exists) with CIDR and dual CIDR, the redirect modifier, macros, the
/// 10-lookup and 2-void-lookup limits, permerror and temperror. The exp modifier is read and never fetched: a
/// probe needs no explanation text. DNS goes through the run's resolver.
/// </summary>
public sealed class SpfEvaluator(DnsLookup resolver)
{
    private readonly DnsLookup _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));

    /// <summary>
    /// Evaluates <paramref name="domain"/>'s SPF for <paramref name="ip"/>, as a receiver would for mail from
    /// <paramref name="sender"/> (default postmaster@domain, RFC 7208 §2.4) announced as <paramref name="helo"/>.
    /// </summary>
    public async Task<SpfEvaluation> CheckHostAsync(IPAddress ip, string domain, string? sender = null, string? helo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ip);
        ArgumentNullException.ThrowIfNull(domain);
        var state = new State(ip, sender ?? $"postmaster@{domain}", helo ?? domain);
        SpfResult result;
        string reason;
        try
        {
            (result, reason) = await CheckAsync(state, domain, cancellationToken).ConfigureAwait(false);
        }
        catch (Outcome stop)
        {
            (result, reason) = (stop.Result, stop.Message);
            state.Note($"{stop.Result.ToString().ToLowerInvariant()}: {stop.Message}");
        }
        return new SpfEvaluation(result, reason, state.Matched, state.Lookups, state.VoidLookups, [.. state.Trace], state.TopRecord);
    }

    /// <summary>The one SPF record of <paramref name="domain"/> (§4.4, §4.5): none, several (permerror), or DNS trouble (temperror).</summary>
    public async Task<SpfRecordLookup> GetRecordAsync(string domain, CancellationToken cancellationToken = default)
    {
        if (!DnsName.TryParse(domain.TrimEnd('.'), out var name) || name.LabelCount < 2)
            return new SpfRecordLookup(SpfResult.None, null, $"\"{ReportText.Printable(domain, 100)}\" is not a multi-label domain name (RFC 7208 §4.3)");
        var txt = await _resolver.GetTxtAsync(name, cancellationToken).ConfigureAwait(false);
        switch (txt.Status)
        {
            case DnsLookupStatus.Found:
                var records = txt.Values.Select(v => v.Text).Where(SpfParser.IsSpfRecord).ToList();
                return records.Count switch
                {
                    0 => new SpfRecordLookup(SpfResult.None, null, $"{name} has TXT records but no SPF record"),
                    1 => new SpfRecordLookup(SpfResult.Pass, records[0], "found"),
                    _ => new SpfRecordLookup(SpfResult.PermError, null, $"{name} has {records.Count} SPF records; RFC 7208 §4.5 allows one"),
                };
            case DnsLookupStatus.NoData:
                return new SpfRecordLookup(SpfResult.None, null, $"{name} has no TXT records");
            case DnsLookupStatus.NameError:
                return new SpfRecordLookup(SpfResult.None, null, $"{name} does not exist (NXDOMAIN)");
            case DnsLookupStatus.CnameLoop or DnsLookupStatus.CnameChainTooLong:
                return new SpfRecordLookup(SpfResult.PermError, null, txt.Error ?? "bad CNAME chain");
            default:
                return new SpfRecordLookup(SpfResult.TempError, null, $"TXT of {name}: {txt.Error}");
        }
    }

    private async Task<(SpfResult Result, string Reason)> CheckAsync(State state, string domain, CancellationToken cancellationToken)
    {
        var found = await GetRecordAsync(domain, cancellationToken).ConfigureAwait(false);
        if (!found.Found)
        {
            state.Note($"{domain}: {found.Status.ToString().ToLowerInvariant()} ({found.Reason})");
            if (found.Status is SpfResult.TempError or SpfResult.PermError) throw new Outcome(found.Status, found.Reason);
            return (SpfResult.None, found.Reason);
        }
        state.TopRecord ??= found.Text;
        state.Note($"{domain}: \"{ReportText.Printable(found.Text, 300)}\"");
        SpfRecord record;
        try
        {
            record = SpfParser.Parse(found.Text!);
        }
        catch (SpfSyntaxException e)
        {
            throw new Outcome(SpfResult.PermError, $"the SPF record of {domain} is not valid: {e.Message}");
        }

        var macros = new SpfMacroContext(state.Sender, domain.TrimEnd('.'), state.Ip, state.Helo);
        foreach (var directive in record.Directives)
        {
            if (directive.LooksUp) state.CountLookup(directive.Text);
            if (await MatchesAsync(state, directive, macros, cancellationToken).ConfigureAwait(false))
            {
                state.Matched = $"{directive.Text} (in {domain})";
                state.Note($"{directive.Text} matches: {directive.Result.ToString().ToLowerInvariant()}");
                return (directive.Result, $"{directive.Text} in the record of {domain} matched");
            }
        }

        // §6.1: redirect applies when nothing matched, and never when the record has "all".
        if (record.Redirect is { } redirect && !record.HasAll)
        {
            state.CountLookup($"redirect={redirect}");
            var target = SpfMacro.Expand(redirect, macros);
            state.Note($"redirect={target}");
            var (result, reason) = await CheckAsync(state, target, cancellationToken).ConfigureAwait(false);
            if (result == SpfResult.None) throw new Outcome(SpfResult.PermError, $"redirect={target} leads to no SPF record ({reason})");
            return (result, reason);
        }
        state.Note($"{domain}: nothing matched");
        return (SpfResult.Neutral, $"no term of the record of {domain} matched (RFC 7208 §4.7: neutral)");
    }

    private async Task<bool> MatchesAsync(State state, SpfDirective directive, SpfMacroContext macros, CancellationToken cancellationToken)
    {
        var ip = state.Ip;
        switch (directive.Mechanism)
        {
            case SpfMechanism.All:
                return true;
            case SpfMechanism.Ip4:
                return ip.AddressFamily == AddressFamily.InterNetwork && InPrefix(ip, directive.Network!, directive.Cidr4);
            case SpfMechanism.Ip6:
                return ip.AddressFamily == AddressFamily.InterNetworkV6 && InPrefix(ip, directive.Network!, directive.Cidr6);
            case SpfMechanism.A:
            {
                var target = Target(directive, macros);
                var addresses = await AddressesAsync(state, target, state.Family, directive.Text, countVoid: true, cancellationToken).ConfigureAwait(false);
                state.Note($"{directive.Text}: {target} → {(addresses.Count == 0 ? "no address" : string.Join(", ", addresses))}");
                return addresses.Any(a => InPrefix(ip, a, state.CidrOf(directive)));
            }
            case SpfMechanism.Mx:
            {
                var target = Target(directive, macros);
                var mx = await _resolver.GetMxAsync(target, cancellationToken).ConfigureAwait(false);
                if (!Usable(state, mx, directive.Text, countVoid: true)) return false;
                var exchanges = mx.Values.OrderBy(m => m.Preference).Select(m => m.Exchange).Where(e => !e.IsRoot).ToList();
                if (mx.Values.Length > SpfLimits.MaxMxNames)
                    throw new Outcome(SpfResult.PermError, $"{directive.Text}: {target} has {mx.Values.Length} MX records; RFC 7208 §4.6.4 allows {SpfLimits.MaxMxNames}");
                foreach (var exchange in exchanges)
                {
                    var addresses = await AddressesAsync(state, exchange, state.Family, directive.Text, countVoid: false, cancellationToken).ConfigureAwait(false);
                    state.Note($"{directive.Text}: MX {exchange} → {(addresses.Count == 0 ? "no address" : string.Join(", ", addresses))}");
                    if (addresses.Any(a => InPrefix(ip, a, state.CidrOf(directive)))) return true;
                }
                return false;
            }
            case SpfMechanism.Ptr:
            {
                var target = Target(directive, macros);
                var ptr = await _resolver.GetPtrAsync(ip, cancellationToken).ConfigureAwait(false);
                state.Note($"{directive.Text}: deprecated (RFC 7208 §5.5), PTR of {ip} → {(ptr.IsFound ? string.Join(", ", ptr.Values.Select(p => p.Target)) : ptr.Status.ToString())}");
                if (ptr.Status is DnsLookupStatus.NoData or DnsLookupStatus.NameError) state.CountVoid(directive.Text);
                // §5.5: a DNS error on the PTR query means no match, not temperror.
                if (!ptr.IsFound) return false;
                foreach (var name in ptr.Values.Select(p => p.Target).Take(SpfLimits.MaxPtrNames))
                {
                    var back = await _resolver.GetAddressesAsync(name, state.Family, cancellationToken).ConfigureAwait(false);
                    if (back.Values.Contains(ip) && (name == target || name.IsSubdomainOf(target))) return true;
                }
                return false;
            }
            case SpfMechanism.Exists:
            {
                var target = Target(directive, macros);
                // §5.7: always an A query, whatever the client's family.
                var addresses = await AddressesAsync(state, target, AddressFamily.InterNetwork, directive.Text, countVoid: true, cancellationToken).ConfigureAwait(false);
                state.Note($"{directive.Text}: {target} {(addresses.Count == 0 ? "does not exist" : "exists")}");
                return addresses.Count > 0;
            }
            case SpfMechanism.Include:
            {
                var target = SpfMacro.Expand(directive.DomainSpec!, macros);
                state.Note($"{directive.Text} → {target}");
                SpfResult result;
                string reason;
                (result, reason) = await CheckAsync(state, target, cancellationToken).ConfigureAwait(false);
                // §5.2: pass matches; fail, softfail, neutral do not; none is a permerror; errors propagate.
                return result switch
                {
                    SpfResult.Pass => true,
                    SpfResult.None => throw new Outcome(SpfResult.PermError, $"{directive.Text} leads to no SPF record ({reason})"),
                    _ => false,
                };
            }
            default:
                throw new InvalidOperationException($"unknown mechanism {directive.Mechanism}");
        }
    }

    private static DnsName Target(SpfDirective directive, SpfMacroContext macros)
    {
        var text = directive.DomainSpec is null ? macros.Domain : SpfMacro.Expand(directive.DomainSpec, macros);
        return DnsName.TryParse(text, out var name, out var error)
            ? name
            : throw new Outcome(SpfResult.PermError, $"{directive.Text}: \"{ReportText.Printable(text, 100)}\" is not a domain name ({error})");
    }

    private async Task<IReadOnlyList<IPAddress>> AddressesAsync(State state, DnsName name, AddressFamily family, string term, bool countVoid, CancellationToken cancellationToken)
    {
        var found = await _resolver.GetAddressesAsync(name, family, cancellationToken).ConfigureAwait(false);
        return Usable(state, found, term, countVoid) ? [.. found.Values] : [];
    }

    /// <summary>Found: use it. NODATA/NXDOMAIN: a void lookup (counted for the mechanism's own query). Otherwise: temperror (§5).</summary>
    private static bool Usable<T>(State state, DnsLookupResult<T> found, string term, bool countVoid)
    {
        switch (found.Status)
        {
            case DnsLookupStatus.Found:
                return true;
            case DnsLookupStatus.NoData or DnsLookupStatus.NameError:
                if (countVoid) state.CountVoid(term);
                return false;
            default:
                throw new Outcome(SpfResult.TempError, $"{term}: {found.Type} of {found.Name}: {found.Error}");
        }
    }

    /// <summary>Whether the first <paramref name="length"/> bits of <paramref name="ip"/> and <paramref name="network"/> agree.</summary>
    internal static bool InPrefix(IPAddress ip, IPAddress network, int length)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (network.IsIPv4MappedToIPv6) network = network.MapToIPv4();
        if (ip.AddressFamily != network.AddressFamily) return false;
        var a = ip.GetAddressBytes();
        var b = network.GetAddressBytes();
        var full = length / 8;
        for (var i = 0; i < full; i++)
            if (a[i] != b[i]) return false;
        var bits = length % 8;
        if (bits == 0) return true;
        var mask = (byte)(0xFF << (8 - bits));
        return (a[full] & mask) == (b[full] & mask);
    }

    /// <summary>A result that ends the evaluation at once (permerror, temperror), from however deep.</summary>
    private sealed class Outcome(SpfResult result, string message) : Exception(message)
    {
        public SpfResult Result { get; } = result;
    }

    /// <summary>What one check_host() carries through includes and redirects: the client, the counters, the trace.</summary>
    private sealed class State(IPAddress ip, string sender, string helo)
    {
        public IPAddress Ip { get; } = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

        public string Sender { get; } = sender;

        public string Helo { get; } = helo;

        public AddressFamily Family => Ip.AddressFamily;

        public int Lookups { get; private set; }

        public int VoidLookups { get; private set; }

        public List<string> Trace { get; } = [];

        public string? Matched { get; set; }

        public string? TopRecord { get; set; }

        public int CidrOf(SpfDirective directive) => Family == AddressFamily.InterNetwork ? directive.Cidr4 : directive.Cidr6;

        public void CountLookup(string term)
        {
            if (++Lookups > SpfLimits.MaxDnsLookups)
                throw new Outcome(SpfResult.PermError, $"{term} is DNS lookup {Lookups}; RFC 7208 §4.6.4 allows {SpfLimits.MaxDnsLookups} per evaluation");
        }

        public void CountVoid(string term)
        {
            if (++VoidLookups > SpfLimits.MaxVoidLookups)
                throw new Outcome(SpfResult.PermError, $"{term} is void lookup {VoidLookups} (no records); RFC 7208 §4.6.4 allows {SpfLimits.MaxVoidLookups}");
        }

        public void Note(string line)
        {
            if (Trace.Count < SpfLimits.MaxTraceLines) Trace.Add(line);
        }
    }
}
