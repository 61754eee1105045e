using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail.Smtp;
using Coexist.Probes.Mail.Spf;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Mail;

/// <summary>One MTA host on one path: where the path leads for it.</summary>
public sealed record HostOnPath(string Host, PathTarget Target)
{
    /// <summary>The name for SNI and reports; null for an address literal.</summary>
    public string? Name => MailHosts.IsLiteral(Host, out _) ? null : Host;
}

/// <summary>A dual-stack client's session: the Happy Eyeballs race as evidence, and the session with its winner (null when no address connected).</summary>
public sealed record DualSession(SmtpSession? Session, System.Text.Json.Nodes.JsonObject Race, string? Error, TimeSpan RaceElapsed);

/// <summary>The IPv6 addresses a mail service sends from, as far as the probe can tell, or why it could not tell.</summary>
public sealed record SenderAddresses(ImmutableArray<(string Host, IPAddress Address)> Addresses, string? Error);

/// <summary>
/// The run's <see cref="ProbeContext"/> with what the mail checks share, each computed once per run: the MTAs of a
/// service, and one SMTP session per MTA address and port. The checks that judge a session (COEX5002, COEX5003)
/// and the one that compares families (COEX5004) all ask <see cref="SessionAsync"/>, so a server is talked to
/// once per address and port however many checks read the session, and a comparison never depends on which check
/// ran first.
/// </summary>
public sealed class MailProbeContext(ProbeContext context)
{
    /// <summary>Of the check's deadline, the share one SMTP session may use, so that a silent server still gets its own verdict.</summary>
    public const double SessionShareOfDeadline = 0.9;

    public ProbeContext Context { get; } = context ?? throw new ArgumentNullException(nameof(context));

    public DnsProbeContext Dns { get; } = new(context);

    public SpfEvaluator Spf => field ??= new SpfEvaluator(Context.Resolver);

    /// <summary>The budget of one SMTP session.</summary>
    public TimeSpan SessionBudget => Context.CheckTimeout * SessionShareOfDeadline;

    public async Task<MailHosts> HostsAsync(ServiceSpec service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var key = $"mail:hosts:{service.Name}";
        var hosts = await Context.SharedAsync(key, ct => MailHosts.DiscoverAsync(service, Dns, ct), cancellationToken).ConfigureAwait(false);
        if (hosts.Status == DiscoveryStatus.CannotTest) Context.Forget(key);
        return hosts;
    }

    /// <summary>Where <paramref name="path"/> leads for each MTA of the service.</summary>
    public async Task<IReadOnlyList<HostOnPath>> OnPathAsync(MailHosts hosts, ProbePath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var targets = await Task.WhenAll(hosts.Hosts.Select(h => Context.Paths.ResolveAsync(h, path, cancellationToken))).ConfigureAwait(false);
        return [.. hosts.Hosts.Zip(targets, (h, t) => new HostOnPath(h, t))];
    }

    /// <summary>
    /// The SMTP session with <paramref name="address"/> on <paramref name="port"/>, run once per run and shared. A
    /// session that failed in a way a second try could change (no connection in time, a reset) is forgotten, so that
    /// the engine's retry really talks to the server again.
    /// </summary>
    public async Task<SmtpSession> SessionAsync(string? host, IPAddress address, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = $"mail:smtp:{host}:{address}:{port}";
        var session = await Context.SharedAsync(key,
            ct => SmtpDialogue.RunAsync(new SmtpTarget(address, port, host, Context.Network.EndPointFor(address, port)), SessionBudget, cancellationToken: ct),
            cancellationToken).ConfigureAwait(false);
        if (IsTransient(session)) Context.Forget(key);
        return session;
    }

    /// <summary>
    /// The session a dual-stack client gets: a Happy Eyeballs race (RFC 8305) over every address of the host, then the
    /// dialogue with the winner; shared like <see cref="SessionAsync"/>.
    /// </summary>
    public async Task<DualSession> DualSessionAsync(HostOnPath host, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var key = $"mail:dual:{host.Host}:{port}";
        var dual = await Context.SharedAsync(key, async ct =>
        {
            var started = Stopwatch.GetTimestamp();
            using var race = await HappyEyeballs.ConnectAsync([.. host.Target.Addresses.Select(a => a.Address)], port, Context.Network, SmtpTimeouts.Default.Connect, ct).ConfigureAwait(false);
            if (!race.Connected) return new DualSession(null, race.ToJson(), race.Error, race.Elapsed);
            var target = new SmtpTarget(race.Winner!, port, host.Name, Context.Network.EndPointFor(race.Winner!, port));
            var session = await SmtpDialogue.RunAsync(race.Socket!, target, SessionBudget - Stopwatch.GetElapsedTime(started), race.Elapsed, cancellationToken: ct).ConfigureAwait(false);
            return new DualSession(session, race.ToJson(), null, race.Elapsed);
        }, cancellationToken).ConfigureAwait(false);
        if (dual.Session is null || IsTransient(dual.Session)) Context.Forget(key);
        return dual;
    }

    /// <summary>Failures a second try could change: the connection did not come up in time, or was reset.</summary>
    public static bool IsTransient(SmtpSession session) =>
        session.Failure is SmtpFailure.ConnectTimedOut or SmtpFailure.ConnectionReset or SmtpFailure.Unreachable;

    /// <summary>
    /// The IPv6 addresses the service's MTAs have (their AAAA records, IPv4-mapped ones left out, and IPv6 literals
    /// among the hosts): the addresses an MTA that receives over IPv6 also sends from.
    /// </summary>
    public async Task<SenderAddresses> IPv6SendersAsync(MailHosts hosts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var found = new List<(string, IPAddress)>();
        foreach (var host in hosts.Hosts)
        {
            if (MailHosts.IsLiteral(host, out var literal))
            {
                if (literal.AddressFamily == AddressFamily.InterNetworkV6 && !literal.IsIPv4MappedToIPv6) found.Add((host, literal));
                continue;
            }
            var aaaa = await Context.Resolver.GetAddressesAsync(DnsName.Parse(host), AddressFamily.InterNetworkV6, cancellationToken).ConfigureAwait(false);
            if (Discovered.StatusOf(aaaa) == DiscoveryStatus.CannotTest) return new SenderAddresses([], $"the resolver gave no answer for the AAAA of {host}: {aaaa.Error}");
            found.AddRange(aaaa.Values.Where(a => !a.IsIPv4MappedToIPv6).Select(a => (host, a)));
        }
        return new SenderAddresses([.. found.Distinct()], null);
    }
}
