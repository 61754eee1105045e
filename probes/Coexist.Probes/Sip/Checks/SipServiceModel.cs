using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Sip.Probe;

namespace Coexist.Probes.Sip.Checks;

/// <summary>
/// The working group's cases for IP telephony (CONTEXT.md), as evidence the planner reads: every SIP result says
/// what kind of service it is about (relay or all-IP, from the inventory) and the role of the host (SIP server or
/// media gateway); results that decide a case name it.
/// </summary>
public static class SipServiceModel
{
    /// <summary>Relay type (PSTN–IP–PSTN): only the carrier's core is IP; IPv4 exhaustion does not affect it.</summary>
    public const string Relay = "relay-unaffected";

    /// <summary>All-IP, and the SIP servers do not answer IPv6 clients on this path: IPv6 VoIP adapters need new IPv6 SIP and media gateway servers.</summary>
    public const string NeedsIPv6Servers = "all-ip-needs-ipv6-servers";

    /// <summary>All-IP, and media is answered in the signalling's family: adapters of this family are served.</summary>
    public const string SameFamily = "all-ip-same-family";

    /// <summary>All-IP, and media is answered in the other family: RTP cannot flow directly; go through PSTN/MG per family, or offer the service IPv6-only.</summary>
    public const string MixedFamilies = "all-ip-mixed-families";

    /// <summary>Adds <c>serviceModel</c> {telephony, role} to <paramref name="evidence"/>.</summary>
    public static JsonObject Add(JsonObject evidence, ServiceSpec service, SipTarget target, string? seedCase = null)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var model = evidence["serviceModel"] as JsonObject ?? new JsonObject();
        model["telephony"] = service.Telephony is { } telephony ? WireNames.Of(telephony) : null;
        model["role"] = SipTarget.RoleName(target.Role);
        if (service.Telephony == Telephony.Relay) model["case"] = Relay;
        else if (seedCase is not null && service.Telephony == Telephony.AllIp) model["case"] = seedCase;
        evidence["serviceModel"] = model;
        return evidence;
    }
}
