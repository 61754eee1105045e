namespace Coexist.Model;

/// <summary>
/// Combines the assessments that scan, schema and probe runs write (perhaps from different
/// vantage points) into one document for the planner.
/// </summary>
public static class AssessmentMerge
{
    /// <summary>
    /// Services are joined by name; findings and probe results are kept in input order, and a result that
    /// repeats one already kept (the same file given twice, say) is dropped. Results of different vantage
    /// points (<see cref="ProbeResult.Vantage"/>) never count as repeats.
    /// </summary>
    public static Assessment Merge(IEnumerable<Assessment> parts)
    {
        var services = new List<ServiceInfo>();
        var findings = new List<Finding>();
        var probes = new List<ProbeResult>();
        var benches = new List<PathBenchReport>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var seenFindings = new HashSet<FindingKey>();
        var seenProbes = new HashSet<ProbeKey>();
        foreach (var part in parts)
        {
            foreach (var service in part.Services)
            {
                if (byName.TryGetValue(service.Name, out var index))
                    services[index] = Complete(services[index], service);
                else
                {
                    byName[service.Name] = services.Count;
                    services.Add(service);
                }
            }
            findings.AddRange(part.Findings.Where(f => seenFindings.Add(FindingKey.Of(f))));
            probes.AddRange(part.Probes.Where(p => seenProbes.Add(ProbeKey.Of(p))));
            benches.AddRange(part.PathBench ?? []);
        }
        return new Assessment { Services = services, Findings = findings, Probes = probes, PathBench = benches.Count > 0 ? benches : null };
    }

    /// <summary>Stamps results that do not say where they ran from with <paramref name="vantage"/>.</summary>
    public static Assessment WithVantage(Assessment assessment, string vantage) => assessment with
    {
        Probes = [.. assessment.Probes.Select(p => p.Vantage is null ? p with { Vantage = vantage } : p)],
        PathBench = assessment.PathBench?.Select(b => b.Vantage is null ? b with { Vantage = vantage } : b).ToList(),
    };

    // The first description of a service wins; later ones only fill what it left out.
    private static ServiceInfo Complete(ServiceInfo first, ServiceInfo later) => first with
    {
        Hosting = first.Hosting ?? later.Hosting,
        Addressing = first.Addressing ?? later.Addressing,
        Telephony = first.Telephony ?? later.Telephony,
        Hosts = first.Hosts ?? later.Hosts,
        Backends = first.Backends ?? later.Backends,
        Paths = first.Paths ?? later.Paths,
        Code = first.Code ?? later.Code,
        UsesUdp = first.UsesUdp ?? later.UsesUdp,
        SipServers = first.SipServers ?? later.SipServers,
        MediaGateways = first.MediaGateways ?? later.MediaGateways,
    };

    // Evidence and timings are left out: the same verdict on the same thing, seen again, is a repeat.
    private sealed record FindingKey(string RuleId, Severity Severity, string? Service, string Message, Location? Location)
    {
        public static FindingKey Of(Finding f) => new(f.RuleId, f.Severity, f.Service, f.Message, f.Location);
    }

    private sealed record ProbeKey(
        string Service, string Check, ProbePath Path, string Target, string? Address, int? Port, Outcome Outcome, string? Detail,
        string? RuleId, string? Vantage)
    {
        public static ProbeKey Of(ProbeResult p) => new(p.Service, p.Check, p.Path, p.Target, p.Address, p.Port, p.Outcome, p.Detail, p.RuleId, p.Vantage);
    }
}
