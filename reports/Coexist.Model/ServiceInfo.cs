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
    /// <summary>Source folders or files of this service: code findings under them belong to its plan.</summary>
    public IReadOnlyList<string>? Code { get; init; }
    /// <summary>Clients use UDP applications (video, games, RTP), which cannot cross multi-level NAT.</summary>
    public bool? UsesUdp { get; init; }
}
