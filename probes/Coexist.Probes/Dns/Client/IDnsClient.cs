using System.Net;

namespace Coexist.Probes.Dns;

/// <summary>
/// Sends one question to one server and returns what happened. The seam where a DNS package could replace
/// Coexist's own client (<see cref="DnsSocketClient"/>).
/// </summary>
public interface IDnsClient
{
    /// <summary>
    /// Asks <paramref name="server"/> one question. Timeouts, unreachable servers and malformed answers are
    /// results (<see cref="DnsQueryResult.Outcome"/>), never exceptions, because probes turn them into verdicts.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ArgumentException">The options or the question cannot be sent (for instance a negative timeout).</exception>
    Task<DnsQueryResult> QueryAsync(IPEndPoint server, DnsQuestion question, DnsQueryOptions? options = null, CancellationToken cancellationToken = default);
}
