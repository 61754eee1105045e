using System.Net;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Mail;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Tests.Mail;

/// <summary>What the mail probe plans, without any network: kinds, ports, paths, skips.</summary>
public sealed class MailProbePlanTests
{
    private static readonly IReadOnlyList<ProbePath> AllPaths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64, ProbePath.Dns64, ProbePath.Siit, ProbePath.Dual];

    private static ProbeContext Context()
    {
        var resolver = new DnsLookup(new DnsSocketClient(), new IPEndPoint(IPAddress.Loopback, 9));
        return new ProbeContext
        {
            Resolver = resolver,
            Dns = new DnsSocketClient(),
            Network = SystemNetwork.Instance,
            Paths = new PathResolver(resolver, null, null, new SiitMap([]), SystemNetwork.Instance),
            SpecialPurpose = new SpecialPurposeRegistry([]),
            Siit = new SiitMap([]),
            Vantage = new VantageReport { IPv4 = new Capability(true, ""), IPv6 = new Capability(true, ""), Resolver = new Capability(true, "") },
            CheckTimeout = TimeSpan.FromSeconds(10),
        };
    }

    [Fact]
    public void Only_mail_services_are_planned()
    {
        var web = new ServiceSpec { Name = "web", Kind = ServiceKind.Web, Hosts = ["www.shop.test"] };

        Assert.Empty(new MailProbe().Plan(web, AllPaths, Context()));
    }

    [Fact]
    public void Session_checks_run_per_port_and_path_and_DNS_facts_once_per_path()
    {
        var service = new ServiceSpec { Name = "mail", Kind = ServiceKind.Mail, Domain = "shop.test", Ports = [25, 587, 465] };

        var checks = new MailProbe().Plan(service, AllPaths, Context()).ToList();

        // mail-smtp and mail-starttls: 3 ports × 6 paths, all run.
        Assert.Equal(18, checks.Count(c => c.Check == "mail-smtp" && c.RunAsync is not null));
        Assert.Equal(18, checks.Count(c => c.Check == "mail-starttls" && c.RunAsync is not null));
        // mail-parity: 3 ports × 4 paths run; v4 and dual skipped once each, not once per port.
        Assert.Equal(12, checks.Count(c => c.Check == "mail-parity" && c.RunAsync is not null));
        Assert.Equal(2, checks.Count(c => c.Check == "mail-parity" && c.SkipReason is not null));
        Assert.Contains("v4 is the reference", checks.Single(c => c.Check == "mail-parity" && c.Path == ProbePath.V4).SkipReason);
        // mail-mx on every path; SPF, PTR and DMARC run on v6 and are skipped on the other five.
        Assert.Equal(6, checks.Count(c => c.Check == "mail-mx" && c.RunAsync is not null));
        foreach (var name in new[] { "mail-spf", "mail-ptr", "mail-dmarc" })
        {
            Assert.Equal(ProbePath.V6, checks.Single(c => c.Check == name && c.RunAsync is not null).Path);
            Assert.Equal(5, checks.Count(c => c.Check == name && c.SkipReason is not null));
        }
        Assert.All(checks, c => Assert.Equal(MailRules.All.Single(r => r.Check == c.Check).Id, c.RuleId));
    }

    [Fact]
    public void Port_25_unless_the_service_lists_ports() =>
        Assert.Equal([25], MailProbe.PortsOf(new ServiceSpec { Name = "mail", Kind = ServiceKind.Mail, Domain = "shop.test" }));
}
