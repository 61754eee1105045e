using System.Text.Json.Serialization;

namespace Coexist.Model;

/// <summary>How bad a finding is; the order matters for <c>--fail-on</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("note")] Note = 1,
    [JsonStringEnumMemberName("warning")] Warning = 2,
    [JsonStringEnumMemberName("error")] Error = 3,
}

/// <summary>
/// A probe verdict. <see cref="Error"/> means the probe itself could not run (no IPv6 on the
/// probing host, say), never a fault of the service.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Outcome>))]
public enum Outcome
{
    [JsonStringEnumMemberName("pass")] Pass,
    [JsonStringEnumMemberName("warn")] Warn,
    [JsonStringEnumMemberName("fail")] Fail,
    [JsonStringEnumMemberName("error")] Error,
    [JsonStringEnumMemberName("skipped")] Skipped,
}

/// <summary>How a client reaches a target (DESIGN.md, "Paths").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProbePath>))]
public enum ProbePath
{
    [JsonStringEnumMemberName("v4")] V4,
    [JsonStringEnumMemberName("v6")] V6,
    [JsonStringEnumMemberName("nat64")] Nat64,
    [JsonStringEnumMemberName("dns64")] Dns64,
    [JsonStringEnumMemberName("siit")] Siit,
    [JsonStringEnumMemberName("dual")] Dual,
}

[JsonConverter(typeof(JsonStringEnumConverter<ServiceKind>))]
public enum ServiceKind
{
    [JsonStringEnumMemberName("web")] Web,
    [JsonStringEnumMemberName("mail")] Mail,
    [JsonStringEnumMemberName("sip")] Sip,
    [JsonStringEnumMemberName("dns")] Dns,
}

[JsonConverter(typeof(JsonStringEnumConverter<Hosting>))]
public enum Hosting
{
    [JsonStringEnumMemberName("shared")] Shared,
    [JsonStringEnumMemberName("vps")] Vps,
    [JsonStringEnumMemberName("dedicated")] Dedicated,
    [JsonStringEnumMemberName("housing")] Housing,
}

[JsonConverter(typeof(JsonStringEnumConverter<Addressing>))]
public enum Addressing
{
    [JsonStringEnumMemberName("private-v4-behind-lb")] PrivateV4BehindLb,
    [JsonStringEnumMemberName("global-v4")] GlobalV4,
}

[JsonConverter(typeof(JsonStringEnumConverter<Telephony>))]
public enum Telephony
{
    [JsonStringEnumMemberName("relay")] Relay,
    [JsonStringEnumMemberName("all-ip")] AllIp,
}

[JsonConverter(typeof(JsonStringEnumConverter<SipTransport>))]
public enum SipTransport
{
    [JsonStringEnumMemberName("udp")] Udp,
    [JsonStringEnumMemberName("tcp")] Tcp,
    [JsonStringEnumMemberName("tls")] Tls,
}
