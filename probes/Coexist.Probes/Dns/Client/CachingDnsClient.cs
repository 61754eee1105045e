using System.Collections.Concurrent;
using System.Net;

namespace Coexist.Probes.Dns;

/// <summary>
/// Asks each question of each server once per probe run: many checks need the same A and AAAA records, and a
/// resolver should not see them a hundred times. Only answers are kept; a timeout or a network error is forgotten
/// as soon as it happens (and so is SERVFAIL, which is often passing), so a retry really asks again. A query runs on the run's token, not on the asking
/// check's, so one check giving up does not cancel the answer another check is waiting for.
/// </summary>
public sealed class CachingDnsClient : IDnsClient
{
    private readonly IDnsClient _inner;
    private readonly CancellationToken _lifetime;
    private readonly ConcurrentDictionary<(IPEndPoint Server, DnsQuestion Question, DnsQueryOptions Options), Lazy<Task<DnsQueryResult>>> _answers = new();

    public CachingDnsClient(IDnsClient inner, CancellationToken lifetime = default)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _lifetime = lifetime;
    }

    public async Task<DnsQueryResult> QueryAsync(IPEndPoint server, DnsQuestion question, DnsQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(question);
        var key = (server, question, options ?? DnsQueryOptions.Default);
        var entry = _answers.GetOrAdd(key, k => new Lazy<Task<DnsQueryResult>>(() => AskAsync(k)));
        return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);

        async Task<DnsQueryResult> AskAsync((IPEndPoint Server, DnsQuestion Question, DnsQueryOptions Options) k)
        {
            try
            {
                var result = await _inner.QueryAsync(k.Server, k.Question, k.Options, _lifetime).ConfigureAwait(false);
                if (!result.IsAnswered || result.Response.ResponseCode == DnsResponseCode.ServFail) _answers.TryRemove(k, out _);
                return result;
            }
            catch
            {
                _answers.TryRemove(k, out _);
                throw;
            }
        }
    }
}
