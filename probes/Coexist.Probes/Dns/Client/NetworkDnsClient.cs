using System.Net;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Dns;

/// <summary>
/// Sends every query where the probe's <see cref="IProbeNetwork"/> says the server really is, and reports the
/// server as it was asked for: results name 2001:db8::53 even when a redirect sent the query to a test server.
/// </summary>
public sealed class NetworkDnsClient(IDnsClient inner, IProbeNetwork network) : IDnsClient
{
    public async Task<DnsQueryResult> QueryAsync(IPEndPoint server, DnsQuestion question, DnsQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var real = network.EndPointFor(server.Address, server.Port);
        var result = await inner.QueryAsync(real, question, options, cancellationToken).ConfigureAwait(false);
        return real.Equals(server) ? result : result with { Server = server };
    }
}
