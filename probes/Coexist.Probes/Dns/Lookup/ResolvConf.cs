using System.Collections.Immutable;
using System.Net;
using Coexist.Model;

namespace Coexist.Probes.Dns;

/// <summary>
/// The nameservers of a resolv.conf (resolv.conf(5)). Only <c>nameserver</c> lines matter to Coexist,
/// which always asks fully qualified names, so search lists and options are not read.
/// </summary>
public sealed record ResolvConf(ImmutableArray<IPEndPoint> Nameservers)
{
    public const string SystemPath = "/etc/resolv.conf";

    /// <summary>glibc reads at most three nameservers (MAXNS in resolv.h) and ignores the rest.</summary>
    public const int MaxNameservers = 3;

    /// <summary>What glibc asks when resolv.conf names no nameserver: the local host.</summary>
    public static IPEndPoint FallbackServer { get; } = new(IPAddress.Loopback, DnsLimits.Port);

    /// <summary>Reads the text of a resolv.conf. Lines that are not valid nameserver addresses are skipped, as glibc does.</summary>
    public static ResolvConf Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = ImmutableArray.CreateBuilder<IPEndPoint>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || fields[0] != "nameserver") continue;
            // IPText is strict (no "10.1" shorthand); a link-local IPv6 address may carry "%interface".
            if (IPText.TryParse(fields[1], out var address) && servers.Count < MaxNameservers)
                servers.Add(new IPEndPoint(address, DnsLimits.Port));
        }
        return new ResolvConf(servers.ToImmutable());
    }

    /// <summary>Reads the system's resolv.conf; a missing or unreadable file gives no nameservers.</summary>
    public static ResolvConf Read(string path = SystemPath)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ResolvConf([]);
        }
    }

    /// <summary>
    /// The servers to ask: the one given (the CLI's <c>--resolver ADDR[:PORT]</c>, port 53 by default), else
    /// the system's nameservers, else the local host as glibc does.
    /// </summary>
    public static IReadOnlyList<IPEndPoint> ServersFor(EndPointText? resolver, string path = SystemPath)
    {
        if (resolver is not null) return [resolver.WithDefaultPort(DnsLimits.Port)];
        var system = Read(path).Nameservers;
        return system.IsEmpty ? [FallbackServer] : system;
    }
}
