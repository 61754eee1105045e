namespace Coexist.Model;

/// <summary>What the planner needs to know about a service, copied from the inventory.</summary>
public sealed record ServiceInfo
{
    public required string Name { get; init; }
    public required ServiceKind Kind { get; init; }
    public Hosting? Hosting { get; init; }
    public Addressing? Addressing { get; init; }
    public Telephony? Telephony { get; init; }
    public IReadOnlyList<string>? Hosts { get; init; }
    public IReadOnlyList<string>? Backends { get; init; }
    public IReadOnlyList<ProbePath>? Paths { get; init; }
    /// <summary>SIP: the SIP servers the inventory names (<c>sip-servers</c>).</summary>
    public IReadOnlyList<string>? SipServers { get; init; }
    /// <summary>SIP: the media gateways the inventory names (<c>media-gateways</c>): where calls across families go.</summary>
    public IReadOnlyList<string>? MediaGateways { get; init; }
    /// <summary>Source folders or files of this service: code findings under them belong to its plan.</summary>
    public IReadOnlyList<string>? Code { get; init; }
    /// <summary>Clients use UDP applications (video, games, RTP), which cannot cross multi-level NAT.</summary>
    public bool? UsesUdp { get; init; }
}
