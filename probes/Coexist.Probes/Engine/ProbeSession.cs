using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Engine;

/// <summary>
/// One probe run: checks the vantage point, plans the checks of every probe for every service and path, and runs
/// them. Checks on a path the vantage point cannot test come out as <c>error</c> with the reason, at once and
/// without touching the network; checks that do not apply come out <c>skipped</c>.
/// </summary>
public sealed class ProbeSession
{
    private readonly ProbeSettings _settings;

    private ProbeSession(ProbeSettings settings, ProbeContext context)
    {
        _settings = settings;
        Context = context;
    }

    public ProbeContext Context { get; }

    public VantageReport Vantage => Context.Vantage;

    /// <summary>Checks the vantage point for <paramref name="paths"/> and builds the run's shared context.</summary>
    /// <param name="cancellationToken">The run's lifetime: shared lookups stop when it is cancelled.</param>
    public static async Task<ProbeSession> StartAsync(ProbeSettings settings, IReadOnlySet<ProbePath> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(paths);
        settings.Engine.Validate();
        if (settings.Resolvers.Count == 0) throw new ArgumentException("a probe run needs at least one resolver", nameof(settings));

        var routed = new NetworkDnsClient(settings.DnsClient, settings.Network);
        var cached = new CachingDnsClient(routed, cancellationToken);
        var options = settings.ResolverQueryOptions();
        var resolver = new DnsLookup(cached, settings.Resolvers, options);
        var dns64 = settings.Dns64 is { } at ? new DnsLookup(cached, at, options) : null;
        var vantage = await VantagePoint.CheckAsync(new VantageSettings
        {
            Network = settings.Network,
            Client = routed,
            Resolver = resolver,
            Dns64 = dns64,
            ConfiguredPrefix = settings.Nat64Prefix,
            Paths = paths,
        }, cancellationToken).ConfigureAwait(false);

        var siit = new SiitMap(settings.Siit);
        var context = new ProbeContext
        {
            Resolver = resolver,
            Dns64 = dns64,
            Dns = routed,
            Network = settings.Network,
            Paths = new PathResolver(resolver, dns64, vantage.Prefix, siit, settings.Network, vantage.Families),
            SpecialPurpose = new SpecialPurposeRegistry(settings.TreatAsPublic),
            Siit = siit,
            Vantage = vantage,
            CheckTimeout = settings.Engine.CheckTimeout,
            CertificateAuthorities = settings.CertificateAuthorities,
            Lifetime = cancellationToken,
        };
        return new ProbeSession(settings, context);
    }

    /// <summary>Every probe's checks for every service on its paths, in a stable order (service, probe, check, path).</summary>
    public IReadOnlyList<ProbeCheck> Plan(IEnumerable<(ServiceSpec Service, IReadOnlyList<ProbePath> Paths)> services, IEnumerable<IServiceProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(services);
        var probeList = probes.ToList();
        return [.. services.SelectMany(s => probeList.SelectMany(probe => probe.Plan(s.Service, s.Paths, Context)))];
    }

    /// <summary>
    /// Runs <paramref name="checks"/>; results stream in the order they finish, those decided without the network
    /// (skipped, or blocked by the vantage point) first. Ends with <see cref="OperationCanceledException"/> after
    /// the finished results when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<ProbeResult> RunAsync(IReadOnlyList<ProbeCheck> checks, IProgress<EngineProgress>? progress = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var runnable = new List<ProbeCheck>();
        var decided = 0;
        foreach (var check in checks)
        {
            if (Decide(check) is { } result)
            {
                yield return result;
                progress?.Report(new EngineProgress(check, ++decided, checks.Count));
            }
            else
            {
                runnable.Add(check);
            }
        }

        var offset = decided;
        var engine = new ProbeEngine(_settings.Engine with
        {
            Progress = progress is null ? null : new OffsetProgress(progress, offset, checks.Count),
        });
        await foreach (var result in engine.RunAsync(runnable, cancellationToken).ConfigureAwait(false))
            yield return result;
    }

    /// <summary>The verdict of a check that needs no network: skipped, or an error of the vantage point.</summary>
    private ProbeResult? Decide(ProbeCheck check)
    {
        if (check.SkipReason is { } skip) return check.Result(Outcome.Skipped, skip);
        if (check.Path == ProbePath.Siit && Context.Siit.IsEmpty)
            return check.Result(Outcome.Skipped, "no SIIT map is configured (siit: in the inventory), so no service is behind a stateless translator");
        if (Vantage.Blocks(check.Path, out var reason))
        {
            return check.Result(Outcome.Error, $"could not test from this host: {reason}",
                evidence: new JsonObject { ["vantage"] = Vantage.ToJson() });
        }
        return null;
    }

    private sealed class OffsetProgress(IProgress<EngineProgress> inner, int offset, int total) : IProgress<EngineProgress>
    {
        public void Report(EngineProgress value) => inner.Report(value with { Done = value.Done + offset, Total = total });
    }
}
