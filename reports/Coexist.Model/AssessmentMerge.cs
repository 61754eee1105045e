namespace Coexist.Model;

/// <summary>
/// Combines the assessments that scan, schema and probe runs write (perhaps from different
/// vantage points) into one document for the planner.
/// </summary>
public static class AssessmentMerge
{
    public static Assessment Merge(IEnumerable<Assessment> parts)
    {
        var services = new List<ServiceInfo>();
        var findings = new List<Finding>();
        var probes = new List<ProbeResult>();
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
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
            findings.AddRange(part.Findings);
            probes.AddRange(part.Probes);
        }
        return new Assessment { Services = services, Findings = findings, Probes = probes };
    }

    // The first description of a service wins; later ones only fill what it left out.
    private static ServiceInfo Complete(ServiceInfo first, ServiceInfo later) => first with
    {
        Hosting = first.Hosting ?? later.Hosting,
        Addressing = first.Addressing ?? later.Addressing,
        Telephony = first.Telephony ?? later.Telephony,
        Hosts = first.Hosts ?? later.Hosts,
        Backends = first.Backends ?? later.Backends,
        Paths = first.Paths ?? later.Paths,
    };
}
