using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Mail.Checks;

/// <summary>What the sender checks (SPF, PTR) say when the service's MTAs are not known.</summary>
internal static class MtasUnknown
{
    public static CheckReport? Check(MailCheckRun run, MailHosts hosts)
    {
        if (hosts.NullMx)
            return CheckReport.Of(run.Result(Outcome.Skipped, $"{hosts.Reason}; it has no MTA whose IPv6 addresses to check", hosts.Domain, evidence: hosts.Evidence()));
        return hosts.Status switch
        {
            DiscoveryStatus.Found => null,
            DiscoveryStatus.CannotTest => new CheckReport([run.Result(Outcome.Error, hosts.Reason ?? "the MTAs could not be found", hosts.Domain)], Transient: true),
            _ => CheckReport.Of(run.Result(Outcome.Skipped, $"{hosts.Reason ?? "no MTAs"} (COEX5001 judges that)", hosts.Domain, evidence: hosts.Evidence())),
        };
    }
}
