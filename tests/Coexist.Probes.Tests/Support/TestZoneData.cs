using System.Net;
using Coexist.Probes.Dns;

namespace Coexist.Probes.Tests.Support;

/// <summary>
/// The DNS data a test world holds: zones (SOA and NS at the apex), records, and delegations with their glue,
/// which the parent hands out and which may differ from the child's own records (as in a broken delegation).
/// </summary>
internal sealed class TestZoneData
{
    private readonly List<DnsRecord> _records = [];
    private readonly HashSet<(DnsName Name, DnsRecordType Type)> _signed = [];

    public List<DnsName> Zones { get; } = [];

    public Dictionary<DnsName, (IReadOnlyList<DnsName> NameServers, IReadOnlyList<DnsRecord> Glue)> Delegations { get; } = [];

    public IReadOnlyList<DnsRecord> Records => _records;

    public static DnsName N(string text) => DnsName.Parse(text);

    public TestZoneData Zone(string apex, params string[] nameServers)
    {
        var name = N(apex);
        Zones.Add(name);
        _records.Add(new DnsRecord(name, 300, new SoaData(N(nameServers[0]), N($"hostmaster.{apex}"), 1, 3600, 600, 86400, 300)));
        foreach (var ns in nameServers) _records.Add(new DnsRecord(name, 300, new NsData(N(ns))));
        return this;
    }

    /// <summary>The parent's side of a delegation: NS records for <paramref name="child"/> and glue addresses (name=address).</summary>
    public TestZoneData Delegate(string child, string[] nameServers, params (string Name, string Address)[] glue)
    {
        Delegations[N(child)] = ([.. nameServers.Select(N)], [.. glue.Select(g => Address(g.Name, IPAddress.Parse(g.Address)))]);
        return this;
    }

    public TestZoneData Add(string name, DnsRecordData data)
    {
        _records.Add(new DnsRecord(N(name), 300, data));
        return this;
    }

    /// <summary>A and AAAA records, by the family of each address.</summary>
    public TestZoneData Addresses(string name, params string[] addresses)
    {
        foreach (var address in addresses) _records.Add(Address(name, IPAddress.Parse(address)));
        return this;
    }

    /// <summary>Marks an RRset as signed: asked with DO, it comes with an RRSIG.</summary>
    public TestZoneData Signed(string name, DnsRecordType type)
    {
        _signed.Add((N(name), type));
        return this;
    }

    public bool IsSigned(DnsName name, DnsRecordType type) => _signed.Contains((name, type));

    public TestZoneData Ptr(string address, string target) => Add(DnsReverseName.For(IPAddress.Parse(address)).ToString(), new PtrData(N(target)));

    private static DnsRecord Address(string name, IPAddress address) =>
        new(N(name), 300, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? new AData(address) : new AaaaData(address));
}
