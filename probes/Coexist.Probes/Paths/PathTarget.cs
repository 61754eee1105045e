using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Probes.Paths;

/// <summary>
/// One address a path sends traffic to. <paramref name="Original"/> is the address the server really has when
/// the path translates: the IPv4 address inside a NAT64 address, the IPv6 server behind a SIIT address.
/// </summary>
public sealed record PathAddress(IPAddress Address, IPAddress? Original = null)
{
    /// <summary>The family of the client's socket.</summary>
    public AddressFamily Family => Address.AddressFamily;

    /// <summary>The address the server itself has.</summary>
    public IPAddress ServerAddress => Original ?? Address;

    public override string ToString() => Original is null ? Address.ToString() : $"{Address} (= {Original})";
}

/// <summary>Whether a target can be tested on a path.</summary>
public enum PathStatus
{
    /// <summary>Addresses to try are in <see cref="PathTarget.Addresses"/>.</summary>
    Ready,

    /// <summary>The target has no address on this path (no AAAA for v6, say): a fault of the service.</summary>
    NoAddress,

    /// <summary>The path does not concern this target (an IPv6 literal on the nat64 path, a name outside the SIIT map).</summary>
    NotApplicable,

    /// <summary>The probe could not find out: the resolver did not answer, no route from this host.</summary>
    CannotTest,
}

/// <summary>Where a path leads for one target: the addresses, or why there are none.</summary>
public sealed record PathTarget
{
    public required ProbePath Path { get; init; }

    public required string Target { get; init; }

    public required PathStatus Status { get; init; }

    public ImmutableArray<PathAddress> Addresses { get; init => field = value.IsDefault ? [] : value; } = [];

    /// <summary>Why the status is not <see cref="PathStatus.Ready"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Addresses found but left out, and why (an IPv4-mapped AAAA, no route to one of several).</summary>
    public ImmutableArray<string> Notes { get; init => field = value.IsDefault ? [] : value; } = [];

    /// <summary>The NAT64 prefix the path used (nat64, and dns64 when answers fall under it).</summary>
    public Nat64Prefix? Prefix { get; init; }

    /// <summary>Where the addresses came from, for evidence: "A at 192.0.2.53", "AAAA at the DNS64 resolver ...".</summary>
    public string? Source { get; init; }

    public bool IsReady => Status == PathStatus.Ready;

    /// <summary>The verdict a check gives when the path leads nowhere; the probe's own failures are errors, never fails.</summary>
    public Outcome OutcomeWhenNotReady => Status switch
    {
        PathStatus.NoAddress => Outcome.Fail,
        PathStatus.NotApplicable => Outcome.Skipped,
        _ => Outcome.Error,
    };

    public JsonObject Evidence()
    {
        var evidence = new JsonObject
        {
            ["path"] = WireNames.Of(Path),
            ["addresses"] = new JsonArray([.. Addresses.Select(a => (JsonNode)JsonValue.Create(a.Address.ToString())!)]),
        };
        if (Addresses.Any(a => a.Original is not null))
            evidence["serverAddresses"] = new JsonArray([.. Addresses.Select(a => (JsonNode)JsonValue.Create(a.ServerAddress.ToString())!)]);
        if (Prefix is not null) evidence["nat64Prefix"] = Prefix.ToString();
        if (Source is not null) evidence["source"] = Source;
        if (!Notes.IsEmpty) evidence["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode)JsonValue.Create(n)!)]);
        return evidence;
    }
}
