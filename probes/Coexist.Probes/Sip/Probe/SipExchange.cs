using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Sip.Probe;

/// <summary>
/// One request the probe made to one target on one path: an OPTIONS transaction, or a call. When the path led
/// nowhere (<see cref="Address"/> null) or the flow could not be opened, <see cref="Error"/> says why.
/// </summary>
public abstract record SipExchangeBase
{
    public required SipTarget Target { get; init; }

    public required PathTarget Resolved { get; init; }

    /// <summary>The address the request went to; null when the path gave none.</summary>
    public PathAddress? Address { get; init; }

    /// <summary>The probe's own address and port on the flow (what Via and Contact carried).</summary>
    public IPEndPoint? Local { get; init; }

    public SipTlsSession? Tls { get; init; }

    /// <summary>The largest datagram the server sent (UDP).</summary>
    public int LargestDatagram { get; init; }

    public string? Error { get; init; }

    /// <summary>Whether trying again could change the verdict (a timeout, a reset).</summary>
    public bool Transient { get; init; }

    /// <summary>Nothing listens at the address and port.</summary>
    public bool Refused { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>The dual path's tries, address by address, when there were several.</summary>
    public JsonArray? Attempts { get; init; }

    /// <summary>The family of the client's socket: the family of the signalling as the client sees it.</summary>
    public AddressFamily? SignallingFamily => Address?.Family;

    /// <summary>Whether the path translated the address (NAT64, DNS64 synthesis, SIIT): the server sees the other family.</summary>
    public bool Translated => Address?.Original is not null;

    /// <summary>"udp 198.51.100.5:5060" and the like, for details.</summary>
    public string Where => Address is null ? $"{SipTransports.Name(Target.Transport)} {Target.Host}" : $"{SipTransports.Name(Target.Transport)} {EndPointText(Address.Address, Target.Port)}";

    /// <summary>The evidence every result about this exchange carries.</summary>
    public JsonObject BaseEvidence()
    {
        var json = Resolved.Evidence();
        json["target"] = Target.ToJson();
        json["signallingFamily"] = SignallingFamily is { } family ? SipEvidence.FamilyName(family) : null;
        json["translated"] = Translated;
        if (Local is not null) json["local"] = EndPointText(Local.Address, Local.Port);
        if (Tls is not null) json["tls"] = Tls.ToJson();
        if (Attempts is not null) json["attempts"] = Attempts.DeepClone();
        if (Error is not null) json["error"] = SipEvidence.Cut(Error);
        return json;
    }

    public static string EndPointText(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}

/// <summary>An OPTIONS transaction to one target address (RFC 3261 §11).</summary>
public sealed record SipExchange : SipExchangeBase
{
    public SipTransactionResult? Transaction { get; init; }

    public SipTranscript? Transcript { get; init; }

    public SipResponse? Response => Transaction?.Final;

    public JsonObject Evidence()
    {
        var json = BaseEvidence();
        if (Transaction is not null) json["options"] = Transaction.ToJson();
        if (Transcript is not null) json["transcript"] = Transcript.ToJson();
        return json;
    }
}

/// <summary>A probe call to one target address: the INVITE, its answer, and how it was ended (<see cref="SipCall"/>).</summary>
public sealed record SipCallExchange : SipExchangeBase
{
    public SipCallResult? Call { get; init; }

    public JsonObject Evidence()
    {
        var json = BaseEvidence();
        if (Call is not null) json["invite"] = Call.ToJson();
        return json;
    }
}

/// <summary>Every OPTIONS exchange of one service on one path over one transport.</summary>
public sealed record SipPathExchanges(SipDiscovery Discovery, SipTransport Transport, ImmutableArray<SipExchange> Exchanges);

/// <summary>Every probe call of one service on one path (over the transport calls prefer).</summary>
public sealed record SipPathCalls(SipDiscovery Discovery, SipTransport? Transport, ImmutableArray<SipCallExchange> Calls, string? Reason = null);
