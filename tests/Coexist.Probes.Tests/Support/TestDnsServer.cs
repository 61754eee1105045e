using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Tests.Dns;

namespace Coexist.Probes.Tests.Support;

/// <summary>How a test server behaves: as an authoritative server of some zones, as a resolver, or as a DNS64.</summary>
internal sealed record TestServerRole
{
    /// <summary>Zones this server is authoritative for (AA set); empty for a resolver.</summary>
    public IReadOnlyList<string> Serves { get; init; } = [];

    /// <summary>Answer every name from the data, with RA and without AA, as a recursive resolver does.</summary>
    public bool Recursive { get; init; }

    /// <summary>Synthesize AAAA under this prefix for names without real AAAA (RFC 6147), as a DNS64 does.</summary>
    public Nat64Prefix? Dns64 { get; init; }

    /// <summary>A broken DNS64: synthesize even for names that have real AAAA, and add to them.</summary>
    public bool Dns64AddsToRealAaaa { get; init; }

    /// <summary>Answer TCP queries; when false, connections are closed after the query arrives.</summary>
    public bool Tcp { get; init; } = true;

    /// <summary>Set AA on authoritative answers; false makes a lame server.</summary>
    public bool Authoritative { get; init; } = true;

    /// <summary>Send whole answers over UDP whatever size the query allowed (a server that fragments).</summary>
    public bool IgnoreUdpSize { get; init; }

    /// <summary>Answer nothing over UDP.</summary>
    public bool Silent { get; init; }

    public static TestServerRole Resolver { get; } = new() { Recursive = true };

    public static TestServerRole AuthoritativeFor(params string[] zones) => new() { Serves = zones };
}

/// <summary>A DNS server on loopback that answers from <see cref="TestZoneData"/> the way its role says.</summary>
internal sealed class TestDnsServer : IAsyncDisposable
{
    private readonly LoopbackDnsPeer _peer;

    private TestDnsServer(LoopbackDnsPeer peer) => _peer = peer;

    public IPEndPoint EndPoint => _peer.EndPoint;

    public int UdpQueries => _peer.UdpQueries.Count;

    public int TcpQueries => _peer.TcpQueries.Count;

    public IEnumerable<DnsQuestion> Questions => _peer.UdpQueries.Concat(_peer.TcpQueries).Select(q => q.Message.Question!);

    public static TestDnsServer Start(IPAddress loopback, TestZoneData data, TestServerRole role)
    {
        IEnumerable<byte[]> Udp(LoopbackDnsPeer.Query query)
        {
            if (role.Silent) return [];
            var response = Respond(data, role, query.Message);
            var wire = response.Encode();
            var limit = Math.Max(DnsLimits.ClassicUdpPayloadSize, (int?)query.Message.Edns?.UdpPayloadSize ?? 0);
            if (wire.Length > limit && !role.IgnoreUdpSize)
                wire = (response with { Header = response.Header with { IsTruncated = true }, Answers = [], Authorities = [], Additionals = [] }).Encode();
            return [wire];
        }
        byte[]? Tcp(LoopbackDnsPeer.Query query) => LoopbackDnsPeer.Framed(Respond(data, role, query.Message).Encode());
        return new TestDnsServer(LoopbackDnsPeer.Start(loopback, Udp, role.Tcp ? Tcp : null));
    }

    internal static DnsMessage Respond(TestZoneData data, TestServerRole role, DnsMessage query)
    {
        var question = query.Question!;
        var header = new DnsHeader
        {
            Id = query.Id,
            IsResponse = true,
            RecursionDesired = query.Header.RecursionDesired,
            RecursionAvailable = role.Recursive,
        };
        var response = new DnsMessage { Header = header, Questions = query.Questions, Edns = query.Edns is null ? null : new DnsEdns() };
        var dnssecOk = query.Edns?.DnssecOk == true;

        var zone = data.Zones.Where(z => question.Name.IsSubdomainOf(z)).MaxBy(z => z.LabelCount);
        if (zone is null) return response with { Header = header with { ResponseCode = DnsResponseCode.Refused } };
        var served = role.Recursive || role.Serves.Any(s => DnsName.Parse(s) == zone);

        if (!role.Recursive)
        {
            // A delegation below a zone this server serves, to a zone it does not serve: refer (RFC 1034 §4.3.2).
            var cut = data.Delegations.Keys.Where(c => question.Name.IsSubdomainOf(c) && !role.Serves.Any(s => DnsName.Parse(s) == c)
                && role.Serves.Any(s => c.IsSubdomainOf(DnsName.Parse(s)) && c != DnsName.Parse(s))).MaxBy(c => c.LabelCount);
            if (cut is not null)
            {
                var (nameServers, glue) = data.Delegations[cut];
                return response with
                {
                    Authorities = [.. nameServers.Select(ns => new DnsRecord(cut, 300, new NsData(ns)))],
                    Additionals = [.. glue],
                };
            }
            if (!served) return response with { Header = header with { ResponseCode = DnsResponseCode.Refused } };
        }

        var answers = new List<DnsRecord>();
        var name = question.Name;
        for (var hops = 0; hops < 8; hops++)
        {
            var found = Find(data, name, question.Type, role);
            if (found.Count > 0)
            {
                answers.AddRange(found);
                if (dnssecOk && data.IsSigned(name, question.Type)) answers.Add(Signature(name, question.Type, zone));
                break;
            }
            if (question.Type == DnsRecordType.CNAME || data.Records.FirstOrDefault(r => r.Name == name && r.Type == DnsRecordType.CNAME) is not { } alias) break;
            answers.Add(alias);
            name = ((CnameData)alias.Data).Target;
        }

        var authoritative = !role.Recursive && role.Authoritative;
        header = header with { IsAuthoritative = authoritative };
        if (answers.Count > 0) return response with { Header = header, Answers = [.. answers] };
        var soa = data.Records.First(r => r.Name == zone && r.Type == DnsRecordType.SOA);
        var exists = data.Records.Any(r => r.Name.IsSubdomainOf(name));
        return response with
        {
            Header = header with { ResponseCode = exists ? DnsResponseCode.NoError : DnsResponseCode.NXDomain },
            Authorities = [soa],
        };
    }

    private static List<DnsRecord> Find(TestZoneData data, DnsName name, DnsRecordType type, TestServerRole role)
    {
        var records = data.Records.Where(r => r.Name == name && r.Type == type).Select(r => r with { Name = name }).ToList();
        if (type != DnsRecordType.AAAA || role.Dns64 is not { } prefix) return records;
        // RFC 6147 §5.1.4: IPv4-mapped AAAA count as none, and are synthesized over.
        var real = records.Where(r => r.Data is AaaaData { Address.IsIPv4MappedToIPv6: false }).ToList();
        if (real.Count > 0 && !role.Dns64AddsToRealAaaa) return records;
        return [.. real, .. data.Records.Where(r => r.Name == name && r.Data is AData)
            .Select(r => new DnsRecord(name, 300, new AaaaData(prefix.Embed(((AData)r.Data).Address))))];
    }

    private static DnsRecord Signature(DnsName name, DnsRecordType type, DnsName zone) =>
        new(name, 300, new RrsigData(type, 13, (byte)name.LabelCount, 300, 1900000000, 1700000000, 4242, zone, new byte[64]));

    public ValueTask DisposeAsync() => _peer.DisposeAsync();
}
