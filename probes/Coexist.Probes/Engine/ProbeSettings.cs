using System.Net;
using System.Security.Cryptography.X509Certificates;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Engine;

/// <summary>Everything a probe run is configured with: the inventory's estate-wide keys and the command's options.</summary>
public sealed record ProbeSettings
{
    /// <summary>The recursive resolvers, in order (<c>--resolver</c>, else the system's).</summary>
    public required IReadOnlyList<IPEndPoint> Resolvers { get; init; }

    /// <summary>The DNS64 resolver of the dns64 path (<c>--dns64</c>).</summary>
    public IPEndPoint? Dns64 { get; init; }

    /// <summary>The NAT64 prefix (<c>--nat64-prefix</c>); discovered through ipv4only.arpa when null.</summary>
    public Nat64Prefix? Nat64Prefix { get; init; }

    public IReadOnlyList<SiitMapping> Siit { get; init; } = [];

    /// <summary>Special-purpose ranges that are the estate's own public addresses (<c>treat-as-public</c>).</summary>
    public IReadOnlyList<IPNetwork> TreatAsPublic { get; init; } = [];

    /// <summary>Private certificate authorities trusted beside the system's, for TLS checks (<c>--ca-file</c>, <c>ca-file:</c>).</summary>
    public IReadOnlyList<X509Certificate2> CertificateAuthorities { get; init; } = [];

    public EngineOptions Engine { get; init; } = EngineOptions.Default;

    public IProbeNetwork Network { get; init; } = SystemNetwork.Instance;

    /// <summary>The DNS transport; the socket client unless a test or a package replaces it.</summary>
    public IDnsClient DnsClient { get; init; } = new DnsSocketClient();

    /// <summary>
    /// How the resolvers are asked: DnsQueryOptions' 1 s, 2 s, 4 s schedule, shrunk so that three tries fit in
    /// seven eighths of the check's deadline and a slow resolver is an error of the probe, not a timeout of the check.
    /// </summary>
    public DnsQueryOptions ResolverQueryOptions()
    {
        var attempt = TimeSpan.FromTicks(Math.Min(DnsQueryOptions.DefaultAttemptTimeout.Ticks, Engine.CheckTimeout.Ticks / 8));
        var tcp = TimeSpan.FromTicks(Math.Min(DnsQueryOptions.DefaultTcpTimeout.Ticks, Engine.CheckTimeout.Ticks / 2));
        return new DnsQueryOptions { AttemptTimeout = attempt, TcpTimeout = tcp };
    }
}
