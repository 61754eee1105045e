using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Coexist.Probes.Dns;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Engine;

/// <summary>What every probe shares during one run: resolvers, paths, the vantage point and a per-run memo.</summary>
public sealed class ProbeContext
{
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _memo = new(StringComparer.Ordinal);

    /// <summary>The recursive resolver (answers cached for the run).</summary>
    public required DnsLookup Resolver { get; init; }

    /// <summary>The DNS64 resolver of the dns64 path, when configured (answers cached for the run).</summary>
    public DnsLookup? Dns64 { get; init; }

    /// <summary>An uncached client for questions to authoritative servers, which checks must really ask; redirects apply.</summary>
    public required IDnsClient Dns { get; init; }

    public required IProbeNetwork Network { get; init; }

    public required PathResolver Paths { get; init; }

    public required SpecialPurposeRegistry SpecialPurpose { get; init; }

    public required SiitMap Siit { get; init; }

    public required VantageReport Vantage { get; init; }

    /// <summary>Private certificate authorities trusted beside the system's (<c>--ca-file</c>).</summary>
    public IReadOnlyList<X509Certificate2> CertificateAuthorities { get; init; } = [];

    /// <summary>The deadline of one check; what a check waits for must fit in it.</summary>
    public required TimeSpan CheckTimeout { get; init; }

    /// <summary>Cancelled when the run stops; work shared between checks runs on it rather than on one check's token.</summary>
    public CancellationToken Lifetime { get; init; }

    /// <summary>
    /// Computes <paramref name="key"/> once per run and shares the result among checks. A computation that throws
    /// is forgotten, so the next check (or a retry) computes it again.
    /// </summary>
    public async Task<T> SharedAsync<T>(string key, Func<CancellationToken, Task<T>> compute, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(compute);
        var entry = _memo.GetOrAdd(key, _ => new Lazy<Task<object>>(async () =>
        {
            try
            {
                return await compute(Lifetime).ConfigureAwait(false);
            }
            catch
            {
                _memo.TryRemove(key, out Lazy<Task<object>>? _);
                throw;
            }
        }));
        return (T)await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets <paramref name="key"/>, for results a check found not worth keeping (a timeout, say).</summary>
    public void Forget(string key) => _memo.TryRemove(key, out Lazy<Task<object>>? _);
}
