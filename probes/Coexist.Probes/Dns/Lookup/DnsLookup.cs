using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace Coexist.Probes.Dns;

/// <summary>
/// Typed lookups for probes, over an <see cref="IDnsClient"/>: addresses, MX, SRV, NAPTR, TXT, NS, SOA, CAA
/// and PTR. CNAME chains are followed within the answer section (a recursive resolver returns the whole
/// chain). Servers are tried in order until one answers with something other than SERVFAIL, NOTIMP or REFUSED,
/// as a stub resolver does. Never throws for what the network does; see <see cref="DnsLookupResult{T}.Status"/>.
/// </summary>
public sealed class DnsLookup
{
    /// <summary>
    /// A guard against runaway chains, not a protocol number: RFC 1034 §3.6.2 asks resolvers to stop CNAME
    /// loops without saying where; real chains (CDNs included) are a handful of links long.
    /// </summary>
    public const int MaxCnameChainLength = 16;

    private readonly IDnsClient _client;

    public DnsLookup(IDnsClient client, IEnumerable<IPEndPoint> servers, DnsQueryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(servers);
        _client = client;
        Servers = [.. servers];
        if (Servers.IsEmpty) throw new ArgumentException("a lookup needs at least one server", nameof(servers));
        Options = options ?? DnsQueryOptions.Default;
    }

    public DnsLookup(IDnsClient client, IPEndPoint server, DnsQueryOptions? options = null)
        : this(client, [server], options)
    {
    }

    public ImmutableArray<IPEndPoint> Servers { get; }

    public DnsQueryOptions Options { get; }

    /// <summary>A or AAAA records of <paramref name="name"/>, by family.</summary>
    public Task<DnsLookupResult<IPAddress>> GetAddressesAsync(DnsName name, AddressFamily family, CancellationToken cancellationToken = default) =>
        family switch
        {
            AddressFamily.InterNetwork => LookupAsync(name, DnsRecordType.A, data => (data as AData)?.Address, cancellationToken),
            AddressFamily.InterNetworkV6 => LookupAsync(name, DnsRecordType.AAAA, data => (data as AaaaData)?.Address, cancellationToken),
            _ => throw new ArgumentException($"{family} is neither IPv4 nor IPv6", nameof(family)),
        };

    /// <summary>A and AAAA of <paramref name="name"/>, asked at the same time.</summary>
    public async Task<DnsAddresses> GetAllAddressesAsync(DnsName name, CancellationToken cancellationToken = default)
    {
        var v4 = GetAddressesAsync(name, AddressFamily.InterNetwork, cancellationToken);
        var v6 = GetAddressesAsync(name, AddressFamily.InterNetworkV6, cancellationToken);
        return new DnsAddresses(await v4.ConfigureAwait(false), await v6.ConfigureAwait(false));
    }

    public Task<DnsLookupResult<MxData>> GetMxAsync(DnsName name, CancellationToken cancellationToken = default) =>
        LookupAsync<MxData>(name, DnsRecordType.MX, cancellationToken);

    public Task<DnsLookupResult<SrvData>> GetSrvAsync(DnsName name, CancellationToken cancellationToken = default) =>
        LookupAsync<SrvData>(name, DnsRecordType.SRV, cancellationToken);

    public Task<DnsLookupResult<NaptrData>> GetNaptrAsync(DnsName name, CancellationToken cancellationToken = default) =>
        LookupAsync<NaptrData>(name, DnsRecordType.NAPTR, cancellationToken);

    public Task<DnsLookupResult<TxtData>> GetTxtAsync(DnsName name, CancellationToken cancellationToken = default) =>
        LookupAsync<TxtData>(name, DnsRecordType.TXT, cancellationToken);

    public Task<DnsLookupResult<NsData>> GetNsAsync(DnsName name, CancellationToken cancellationToken = default) =>
        LookupAsync<NsData>(name, DnsRecordType.NS, cancellationToken);

    public Task<DnsLookupResult<SoaData>> GetSoaAsync(DnsName name, CancellationToken cancellationToken = default) =>
        LookupAsync<SoaData>(name, DnsRecordType.SOA, cancellationToken);

    public Task<DnsLookupResult<CaaData>> GetCaaAsync(DnsName name, CancellationToken cancellationToken = default) =>
        LookupAsync<CaaData>(name, DnsRecordType.CAA, cancellationToken);

    /// <summary>The PTR records of <paramref name="address"/>, at its in-addr.arpa or ip6.arpa name.</summary>
    public Task<DnsLookupResult<PtrData>> GetPtrAsync(IPAddress address, CancellationToken cancellationToken = default) =>
        LookupAsync<PtrData>(DnsReverseName.For(address), DnsRecordType.PTR, cancellationToken);

    /// <summary>Records of any type whose data is <typeparamref name="TData"/>.</summary>
    public Task<DnsLookupResult<TData>> LookupAsync<TData>(DnsName name, DnsRecordType type, CancellationToken cancellationToken = default)
        where TData : DnsRecordData =>
        LookupAsync(name, type, data => data as TData, cancellationToken);

    private async Task<DnsLookupResult<T>> LookupAsync<T>(DnsName name, DnsRecordType type, Func<DnsRecordData, T?> select, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        var question = new DnsQuestion(name, type);
        var exchanges = ImmutableArray.CreateBuilder<DnsQueryResult>();
        DnsQueryResult? answered = null;
        foreach (var server in Servers)
        {
            var result = await _client.QueryAsync(server, question, Options, cancellationToken).ConfigureAwait(false);
            exchanges.Add(result);
            if (!result.IsAnswered) continue;
            answered = result;
            if (!TriesNextServer(result.Response.ResponseCode)) break;
        }

        if (answered?.Response is not { } response)
        {
            var last = exchanges[^1];
            var status = last.Outcome switch
            {
                DnsQueryOutcome.TimedOut => DnsLookupStatus.TimedOut,
                DnsQueryOutcome.Malformed => DnsLookupStatus.Malformed,
                _ => DnsLookupStatus.NetworkError,
            };
            return new DnsLookupResult<T>
            {
                Name = name,
                Type = type,
                Status = status,
                CanonicalName = name,
                Exchanges = exchanges.ToImmutable(),
                Error = string.Join("; ", exchanges.Select(e => $"{e.Server}: {e.Error}")),
            };
        }
        return Interpret(name, type, response, select) with { Exchanges = exchanges.ToImmutable() };
    }

    // What a stub resolver moves on from: the next server may do better (glibc does the same).
    private static bool TriesNextServer(DnsResponseCode code) =>
        code is DnsResponseCode.ServFail or DnsResponseCode.NotImp or DnsResponseCode.Refused;

    /// <summary>Reads one answer: follows the CNAME chain from <paramref name="name"/>, then takes the records of <paramref name="type"/>.</summary>
    internal static DnsLookupResult<T> Interpret<T>(DnsName name, DnsRecordType type, DnsMessage response, Func<DnsRecordData, T?> select)
        where T : class
    {
        var chain = ImmutableArray.CreateBuilder<DnsRecord>();
        var canonical = name;
        DnsLookupStatus? chainFault = null;
        if (type != DnsRecordType.CNAME)
        {
            var seen = new HashSet<DnsName> { name };
            while (response.AnswersFor(canonical, DnsRecordType.CNAME).FirstOrDefault() is { Data: CnameData alias } link)
            {
                if (chain.Count == MaxCnameChainLength)
                {
                    chainFault = DnsLookupStatus.CnameChainTooLong;
                    break;
                }
                chain.Add(link);
                canonical = alias.Target;
                if (!seen.Add(canonical))
                {
                    chainFault = DnsLookupStatus.CnameLoop;
                    break;
                }
            }
        }

        var records = chainFault is null
            ? response.AnswersFor(canonical, type).Where(record => select(record.Data) is not null).ToImmutableArray()
            : [];
        var status = chainFault ?? response.ResponseCode switch
        {
            DnsResponseCode.NoError => records.IsEmpty ? DnsLookupStatus.NoData : DnsLookupStatus.Found,
            DnsResponseCode.NXDomain => DnsLookupStatus.NameError,
            _ => DnsLookupStatus.ServerFailure,
        };
        return new DnsLookupResult<T>
        {
            Name = name,
            Type = type,
            Status = status,
            ResponseCode = response.ResponseCode,
            Values = [.. records.Select(record => select(record.Data)!)],
            Records = records,
            CnameChain = chain.ToImmutable(),
            CanonicalName = canonical,
            IsSigned = !records.IsEmpty && response.IsSigned(canonical, type),
            Error = status switch
            {
                DnsLookupStatus.Found => null,
                DnsLookupStatus.NoData => $"{canonical} has no {type} records",
                DnsLookupStatus.NameError => $"{canonical} does not exist (NXDOMAIN)",
                DnsLookupStatus.CnameLoop => $"the CNAME chain from {name} loops back to {canonical}",
                DnsLookupStatus.CnameChainTooLong => $"the CNAME chain from {name} is longer than {MaxCnameChainLength} links",
                _ => $"the server answered {response.ResponseCode}",
            },
        };
    }
}

/// <summary>Both families' addresses of one name: the <c>v4</c> and <c>v6</c> paths start here.</summary>
public sealed record DnsAddresses(DnsLookupResult<IPAddress> IPv4, DnsLookupResult<IPAddress> IPv6)
{
    public IEnumerable<IPAddress> All => IPv4.Values.Concat(IPv6.Values);
}
