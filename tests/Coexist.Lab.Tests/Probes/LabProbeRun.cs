using System.Net;
using Coexist.Lab.Tests.Fixture;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Lab.Tests.Probes;

/// <summary>
/// One probe run against the lab, as <c>coexist probe</c> makes it: the vantage point's check, then every check of
/// one protocol probe for the lab's cases on the given paths. A test class makes it once and its tests read their
/// own verdicts from it (a run takes tens of seconds).
/// </summary>
internal sealed record LabProbeRun(VantageReport Vantage, IReadOnlyList<ProbeResult> Results)
{
    /// <summary>What every probe lab test starts from: the lab's resolver and its DNS64 resolver.</summary>
    public static ProbeSettings Settings(LabDescription lab, TimeSpan checkTimeout) => new()
    {
        Resolvers = [new IPEndPoint(lab.Resolvers.Plain.IPv4!, 53)],
        Dns64 = new IPEndPoint(lab.Resolvers.Dns64.IPv6!, 53),
        Engine = new EngineOptions { CheckTimeout = checkTimeout },
    };

    public static async Task<LabProbeRun> RunAsync(ProbeSettings settings, IEnumerable<ServiceSpec> services, IReadOnlyList<ProbePath> paths, IServiceProbe probe)
    {
        var session = await ProbeSession.StartAsync(settings, paths.ToHashSet());
        var checks = session.Plan(services.Select(s => (s, paths)), [probe]);
        var results = new List<ProbeResult>();
        await foreach (var result in session.RunAsync(checks)) results.Add(result);
        return new LabProbeRun(session.Vantage, results);
    }
}
