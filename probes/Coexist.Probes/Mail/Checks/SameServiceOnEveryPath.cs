using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail.Smtp;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Mail.Checks;

/// <summary>
/// COEX5004: an MTA gives IPv6 and translated paths the same service as IPv4: the same EHLO extensions before TLS
/// and after it, and TLS that negotiates wherever it does over IPv4. v6, nat64 and dns64 are compared with v4 (a
/// translator or a middlebox that strips STARTTLS shows up on nat64); siit, whose server is IPv6-only behind the
/// translator, with v6. The sessions are the shared ones (<see cref="MailProbeContext.SessionAsync"/>): the
/// reference path's sessions are run here if no check of that path has run them yet, so the verdict does not
/// depend on the order checks run in.
/// </summary>
public sealed class SameServiceOnEveryPath : MailCheck
{
    public override MailRule Rule => MailRules.Parity;

    public override IReadOnlyCollection<ProbePath> Paths { get; } = [ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit];

    public override bool PerPort => true;

    public override string NotOnPath(ProbePath path) => path switch
    {
        ProbePath.V4 => "v4 is the reference the other paths are compared with",
        ProbePath.Dual => "a dual-stack client reaches whichever family wins; each family is compared on its own path",
        _ => base.NotOnPath(path),
    };

    /// <summary>The path a path is compared with.</summary>
    public static ProbePath ReferenceOf(ProbePath path) => path == ProbePath.Siit ? ProbePath.V6 : ProbePath.V4;

    public override async Task<CheckReport> RunAsync(MailCheckRun run, CancellationToken cancellationToken)
    {
        var reference = ReferenceOf(run.Path);
        var referenceName = reference == ProbePath.V4 ? "IPv4" : "IPv6";
        var mail = run.Mail;
        var hosts = await mail.HostsAsync(run.Service, cancellationToken).ConfigureAwait(false);
        if (hosts.Status != DiscoveryStatus.Found)
        {
            var outcome = hosts.Status == DiscoveryStatus.CannotTest ? Outcome.Error : Outcome.Skipped;
            return new CheckReport([run.Result(outcome, hosts.Reason ?? "no MTA to compare", hosts.Domain, evidence: hosts.Evidence(), withPort: true)], hosts.Status == DiscoveryStatus.CannotTest);
        }
        if (mail.Context.Vantage.Blocks(reference, out var blocked))
            return CheckReport.Of(run.Result(Outcome.Error, $"cannot compare with {referenceName}: {blocked}", run.Check.Target, withPort: true));

        var here = await mail.OnPathAsync(hosts, run.Path, cancellationToken).ConfigureAwait(false);
        var there = await mail.OnPathAsync(hosts, reference, cancellationToken).ConfigureAwait(false);
        var perHost = await Task.WhenAll(here.Zip(there, (host, baseline) => HostAsync(run, host, baseline, referenceName, cancellationToken))).ConfigureAwait(false);
        return CheckReport.Of(perHost.SelectMany(h => h.Results), perHost.Any(h => h.Transient));
    }

    private static async Task<CheckReport> HostAsync(MailCheckRun run, HostOnPath host, HostOnPath baseline, string referenceName, CancellationToken cancellationToken)
    {
        if (!host.Target.IsReady || !baseline.Target.IsReady)
        {
            var missing = !host.Target.IsReady ? host.Target : baseline.Target;
            var outcome = missing.Status == PathStatus.CannotTest ? Outcome.Error : Outcome.Skipped;
            return new CheckReport([run.Result(outcome, $"nothing to compare on the {WireNames.Of(missing.Path)} path: {missing.Reason} (COEX5001 judges that)", host.Host, withPort: true)],
                missing.Status == PathStatus.CannotTest);
        }

        // Both paths' sessions at once, so that the comparison needs no more time than one session.
        var mail = run.Mail;
        var bothPaths = await Task.WhenAll(
            Task.WhenAll(baseline.Target.Addresses.Select(a => mail.SessionAsync(host.Name, a.Address, run.Port, cancellationToken))),
            Task.WhenAll(host.Target.Addresses.Select(a => mail.SessionAsync(host.Name, a.Address, run.Port, cancellationToken)))).ConfigureAwait(false);
        var referenceSessions = bothPaths[0].Where(s => s.Greeted).ToList();
        var sessions = bothPaths[1];
        var results = new List<ProbeResult>();
        foreach (var (address, session) in host.Target.Addresses.Zip(sessions))
        {
            var evidence = new JsonObject
            {
                ["path"] = host.Target.Evidence(),
                ["reference"] = new JsonObject { ["path"] = WireNames.Of(baseline.Target.Path), ["sessions"] = new JsonArray([.. referenceSessions.Select(s => (JsonNode)Summary(s))]) },
                ["session"] = Summary(session),
            };
            var verdict = referenceSessions.Count == 0
                ? new SessionVerdict(Outcome.Skipped, $"no {referenceName} session of {host.Host} reached EHLO to compare with (COEX5002 judges that)")
                : !session.Greeted
                    ? new SessionVerdict(Outcome.Skipped, $"the session did not reach EHLO: {session.FailureDetail} (COEX5002 judges that)")
                    : Compare(session, referenceSessions, referenceName);
            results.Add(run.Result(verdict.Outcome, $"{address} port {run.Port}: {verdict.Detail}", host.Host, address.Address, evidence, withPort: true));
        }
        return CheckReport.Of(results, sessions.Any(MailProbeContext.IsTransient) || bothPaths[0].Any(MailProbeContext.IsTransient));
    }

    /// <summary>
    /// The session against what every reference session offers: keywords missing here fail, as does TLS that works
    /// there and not here; keywords only here and different parameters (SIZE) are named but pass.
    /// </summary>
    public static SessionVerdict Compare(SmtpSession session, IReadOnlyList<SmtpSession> reference, string referenceName)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(reference);
        var faults = new List<string>();
        var notes = new List<string>();

        var offered = Common(reference.Select(r => r.Extensions));
        Diff(offered, session.Extensions, "EHLO", faults, notes);
        if (reference.All(r => r.TlsWorks) && !session.TlsWorks && (session.Extensions.OffersStartTls || session.Target.Mode == SmtpTlsMode.Implicit))
            faults.Add($"TLS negotiates over {referenceName} but not here ({session.StartTls}{(session.FailureDetail is { } why ? $": {why}" : "")})");
        if (reference.All(r => r.ExtensionsAfterTls is not null) && session.ExtensionsAfterTls is { } afterTls)
            Diff(Common(reference.Select(r => r.ExtensionsAfterTls!)), afterTls, "EHLO over TLS", faults, notes);

        var noted = notes.Count > 0 ? $" ({string.Join("; ", notes)})" : "";
        return faults.Count > 0
            ? new SessionVerdict(Outcome.Fail, $"offers less than over {referenceName}: {string.Join("; ", faults)}{noted}")
            : new SessionVerdict(Outcome.Pass, $"the same extensions as over {referenceName} ({string.Join(", ", offered.Select(e => e.Keyword))}){(session.TlsWorks ? ", TLS on both" : "")}{noted}");
    }

    /// <summary>What every one of <paramref name="sets"/> offers, with the first set's parameters.</summary>
    private static IReadOnlyList<EhloExtension> Common(IEnumerable<EhloExtensions> sets)
    {
        var list = sets.ToList();
        return [.. list[0].Items.Where(item => list.All(s => s.Has(item.Keyword)))];
    }

    private static void Diff(IReadOnlyList<EhloExtension> reference, EhloExtensions here, string what, List<string> faults, List<string> notes)
    {
        var missing = reference.Where(r => !here.Has(r.Keyword)).Select(r => r.Keyword).ToList();
        if (missing.Count > 0) faults.Add($"{what} lacks {string.Join(", ", missing)}");
        var extra = here.Items.Where(h => !reference.Any(r => r.Keyword == h.Keyword)).Select(h => h.Keyword).ToList();
        if (extra.Count > 0) notes.Add($"{what} adds {string.Join(", ", extra)}");
        foreach (var item in reference)
        {
            if (here.Items.FirstOrDefault(h => h.Keyword == item.Keyword) is { } mine && !mine.Parameters.Equals(item.Parameters, StringComparison.OrdinalIgnoreCase))
                notes.Add($"{what} {item.Keyword} is \"{mine.Parameters}\" here, \"{item.Parameters}\" there");
        }
    }

    private static JsonObject Summary(SmtpSession session) => new()
    {
        ["address"] = session.Target.Address.ToString(),
        ["banner"] = session.Banner?.FirstLine,
        ["extensions"] = Evidence.Strings(session.Extensions.Items),
        ["extensionsAfterTls"] = session.ExtensionsAfterTls is null ? null : Evidence.Strings(session.ExtensionsAfterTls.Items),
        ["startTls"] = session.StartTls.ToString(),
        ["failure"] = session.Failure == SmtpFailure.None ? null : session.Failure.ToString(),
    };
}
