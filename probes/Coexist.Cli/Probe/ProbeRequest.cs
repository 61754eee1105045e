using System.Net;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Cli.Probe;

/// <summary>What <c>coexist probe</c> was asked to do, with the inventory and the options already merged.</summary>
internal sealed record ProbeRequest
{
    public required IReadOnlyList<(ServiceSpec Service, IReadOnlyList<ProbePath> Paths)> Services { get; init; }

    public required ProbeSettings Settings { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Text;

    public string? OutputPath { get; init; }

    public Severity? FailOn { get; init; } = Severity.Error;

    /// <summary>What the SIP probe may do (<c>--allow-invite</c>).</summary>
    public SipProbeOptions Sip { get; init; } = SipProbeOptions.Default;

    /// <summary>The probes that plan checks: DNS, TCP connect, web, mail and SIP.</summary>
    public IReadOnlyList<IServiceProbe> Probes { get => field ?? [new DnsProbe(), new Probes.Tcp.TcpConnectProbe(), new Probes.Web.WebProbe(), new Probes.Mail.MailProbe(), new SipProbe(Sip)]; init; }

    public IReadOnlySet<ProbePath> AllPaths => Services.SelectMany(s => s.Paths).ToHashSet();

    /// <summary>A request from an inventory; the options given on the command line win over its keys.</summary>
    public static ProbeRequest FromInventory(Inventory inventory, ProbeOverrides overrides)
    {
        var services = inventory.Services
            .Select(s => (s, overrides.Paths ?? inventory.PathsFor(s)))
            .ToList();
        return new ProbeRequest
        {
            Sip = overrides.SipOptions(),
            Services = services,
            Settings = overrides.Apply(new ProbeSettings
            {
                Resolvers = ResolvConf.ServersFor(overrides.Resolver ?? inventory.Resolver),
                Dns64 = (overrides.Dns64 ?? inventory.Dns64)?.WithDefaultPort(DnsLimits.Port),
                Nat64Prefix = overrides.Nat64Prefix ?? inventory.Nat64Prefix,
                Siit = inventory.Siit,
                TreatAsPublic = [.. inventory.TreatAsPublic, .. overrides.TreatAsPublic],
                CertificateAuthorities = overrides.LoadAuthorities(inventory.CaFiles),
            }),
        };
    }

    /// <summary>
    /// <c>coexist probe HOST</c>: the DNS, web and mail of one name, as internet.nl tests a domain. Paths: v4 and
    /// v6, plus nat64 when a prefix or a DNS64 resolver is given, plus dns64 when a DNS64 resolver is given.
    /// </summary>
    public static ProbeRequest ForHost(string host, ProbeOverrides overrides)
    {
        IReadOnlyList<ProbePath> paths = overrides.Paths ?? [
            ProbePath.V4, ProbePath.V6,
            .. overrides.Nat64Prefix is not null || overrides.Dns64 is not null ? [ProbePath.Nat64] : Array.Empty<ProbePath>(),
            .. overrides.Dns64 is not null ? [ProbePath.Dns64] : Array.Empty<ProbePath>(),
        ];
        var isAddress = IPText.TryParse(host, out _);
        List<ServiceSpec> services = [new ServiceSpec { Name = $"{host}/web", Kind = ServiceKind.Web, Hosts = [host], Ports = [80, 443] }];
        if (!isAddress)
        {
            services.Add(new ServiceSpec { Name = $"{host}/mail", Kind = ServiceKind.Mail, Domain = host, Ports = [25] });
            services.Add(new ServiceSpec { Name = $"{host}/dns", Kind = ServiceKind.Dns, Hosts = [host] });
        }
        return new ProbeRequest
        {
            Sip = overrides.SipOptions(),
            Services = [.. services.Select(s => (s, paths))],
            Settings = overrides.Apply(new ProbeSettings
            {
                Resolvers = ResolvConf.ServersFor(overrides.Resolver),
                Dns64 = overrides.Dns64?.WithDefaultPort(DnsLimits.Port),
                Nat64Prefix = overrides.Nat64Prefix,
                TreatAsPublic = overrides.TreatAsPublic,
                CertificateAuthorities = overrides.LoadAuthorities([]),
            }),
        };
    }
}

/// <summary>The probe options of the command line; null where not given.</summary>
internal sealed record ProbeOverrides
{
    public IReadOnlyList<ProbePath>? Paths { get; init; }

    public EndPointText? Resolver { get; init; }

    public EndPointText? Dns64 { get; init; }

    public Nat64Prefix? Nat64Prefix { get; init; }

    public IReadOnlyList<IPNetwork> TreatAsPublic { get; init; } = [];

    public TimeSpan? Timeout { get; init; }

    /// <summary>Private certificate authorities for the TLS checks (<c>--ca-file</c>), beside the inventory's <c>ca-file:</c>.</summary>
    public IReadOnlyList<string> CaFiles { get; init; } = [];

    public int? Concurrency { get; init; }

    /// <summary><c>--allow-invite</c>: the SIP media checks may send an INVITE.</summary>
    public bool AllowInvite { get; init; }

    public SipProbeOptions SipOptions() => new() { AllowInvite = AllowInvite };

    /// <summary>For tests and labs: where sockets really go, and the DNS transport.</summary>
    public IProbeNetwork? Network { get; init; }

    /// <summary>The certificates of the inventory's CA files and of <c>--ca-file</c>; a file that holds none is bad input.</summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> LoadAuthorities(IEnumerable<string> inventoryFiles)
    {
        try
        {
            return Probes.Web.CertificateAuthorities.Load([.. inventoryFiles, .. CaFiles]);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new UsageException($"ca-file {e.Message}");
        }
    }

    public ProbeSettings Apply(ProbeSettings settings) => settings with
    {
        Engine = settings.Engine with
        {
            CheckTimeout = Timeout ?? settings.Engine.CheckTimeout,
            Concurrency = Concurrency ?? settings.Engine.Concurrency,
        },
        Network = Network ?? settings.Network,
    };
}
