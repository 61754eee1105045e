using System.Text.Json.Serialization;

namespace Coexist.Reports.Planning;

/// <summary>The three questions the working group asked of every service (CONTEXT.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Question>))]
public enum Question
{
    /// <summary>Can the existing system keep growing without new global IPv4?</summary>
    [JsonStringEnumMemberName("scalability")] Scalability,
    /// <summary>Can IPv6 subscribers reach it, and over which paths?</summary>
    [JsonStringEnumMemberName("reachability")] Reachability,
    /// <summary>Does the service still work end to end (backends, stored data, mail and RTP peers)?</summary>
    [JsonStringEnumMemberName("continuity")] Continuity,
}

/// <summary>
/// The answer to one question. <see cref="NotKnown"/> is not a fourth opinion: it says the facts or probe results
/// that would decide are missing, and the reason names them.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    [JsonStringEnumMemberName("yes")] Yes,
    [JsonStringEnumMemberName("with-changes")] WithChanges,
    [JsonStringEnumMemberName("no")] No,
    [JsonStringEnumMemberName("not-known")] NotKnown,
}

/// <summary>How a service fares on one path, over every check and vantage point.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PathState>))]
public enum PathState
{
    [JsonStringEnumMemberName("pass")] Pass,
    [JsonStringEnumMemberName("warn")] Warn,
    [JsonStringEnumMemberName("fail")] Fail,
    /// <summary>Probes were planned but could not run (no IPv6 at the vantage point, lab missing): outcome error or skipped.</summary>
    [JsonStringEnumMemberName("not-tested")] NotTested,
    /// <summary>No probe result at all on this path.</summary>
    [JsonStringEnumMemberName("not-probed")] NotProbed,
}

/// <summary>Where a finding comes from, by the range of its rule ID (DESIGN.md, "Rule identifiers").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RulePart>))]
public enum RulePart
{
    [JsonStringEnumMemberName("code")] Code,
    [JsonStringEnumMemberName("schema")] Schema,
    [JsonStringEnumMemberName("dns")] Dns,
    [JsonStringEnumMemberName("web")] Web,
    [JsonStringEnumMemberName("mail")] Mail,
    [JsonStringEnumMemberName("sip")] Sip,
    [JsonStringEnumMemberName("paths")] Paths,
    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>A pattern that is a way to run the service, or one that only bridges the gap meanwhile.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PatternRole>))]
public enum PatternRole
{
    [JsonStringEnumMemberName("primary")] Primary,
    [JsonStringEnumMemberName("interim")] Interim,
}

/// <summary>When a step happens; steps are ordered by phase, then as written.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepPhase>))]
public enum StepPhase
{
    [JsonStringEnumMemberName("prepare")] Prepare,
    [JsonStringEnumMemberName("fix")] Fix,
    [JsonStringEnumMemberName("build")] Build,
    [JsonStringEnumMemberName("cut-over")] CutOver,
    [JsonStringEnumMemberName("verify")] Verify,
}
