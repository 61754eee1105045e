using System.Text.Json;

namespace Coexist.Model;

/// <summary>
/// What <c>coexist path-bench</c> measured (<c>coexist.pathbench/v1</c>, DESIGN.md): per path, round-trip latency,
/// TCP throughput and the path MTU, and for translated paths the cost against the native path of the client's
/// family. Assessments carry these documents in <see cref="Assessment.PathBench"/>, so reports can show them.
/// Fields are added, never renamed.
/// </summary>
public sealed record PathBenchReport
{
    public const string SchemaId = "coexist.pathbench/v1";

    public string Schema { get; init; } = SchemaId;

    /// <summary>The name or address measured, as given.</summary>
    public required string Target { get; init; }

    public required IReadOnlyList<PathBenchResult> Paths { get; init; }

    /// <summary>The TCP and UDP port of the echo server measured against.</summary>
    public int? Port { get; init; }

    /// <summary>How the figures were taken (repeats, samples, seconds of TCP).</summary>
    public PathBenchMethod? Method { get; init; }

    /// <summary>Where the bench ran from, as <see cref="ProbeResult.Vantage"/>; null for one vantage point.</summary>
    public string? Vantage { get; init; }
}

/// <summary>
/// One path's figures. The first six fields are DESIGN.md's; the rest are additions. <see cref="OverheadMs"/> and
/// <see cref="ThroughputRatio"/> compare with <see cref="Baseline"/>, the native path of the client's family
/// (nat64 with v6, siit with v4); a native path is its own baseline (0 and 1).
/// </summary>
public sealed record PathBenchResult
{
    public required ProbePath Path { get; init; }

    public string? Address { get; init; }

    /// <summary>Round-trip latency in milliseconds (the TCP handshake): the median over repeats of each repeat's median sample.</summary>
    public Spread? LatencyMs { get; init; }

    /// <summary>TCP goodput in Mbit/s (10⁶ bits a second) as the server counted it, one run per repeat.</summary>
    public Spread? ThroughputMbps { get; init; }

    /// <summary>Median latency minus the baseline's, in milliseconds.</summary>
    public double? OverheadMs { get; init; }

    /// <summary>Median throughput divided by the baseline's.</summary>
    public double? ThroughputRatio { get; init; }

    /// <summary>The seed table's row name: "translated (nat64)", "IPv4 only, routed", "IPv6 only, routed".</summary>
    public string? Configuration { get; init; }

    /// <summary>pass when measured; otherwise why not (fail: the target did not answer; error: this host could not test; skipped: no such path).</summary>
    public Outcome Outcome { get; init; } = Outcome.Pass;

    public string? Detail { get; init; }

    /// <summary>The address the server itself has when the path translates (the IPv4 inside a NAT64 address).</summary>
    public string? ServerAddress { get; init; }

    /// <summary>The path <see cref="OverheadMs"/> and <see cref="ThroughputRatio"/> compare with.</summary>
    public ProbePath? Baseline { get; init; }

    /// <summary>Which measurement <see cref="LatencyMs"/> is: <c>tcp-connect</c>.</summary>
    public string? LatencySource { get; init; }

    /// <summary>TCP handshake time (SYN to SYN-ACK, timed by the client's kernel where it tells), in milliseconds.</summary>
    public Spread? TcpConnectMs { get; init; }

    /// <summary>UDP echo round trip (RFC 862), in milliseconds, where the target echoes.</summary>
    public Spread? UdpEchoMs { get; init; }

    /// <summary>UDP echo datagrams that came back, of those sent, over all repeats.</summary>
    public string? UdpEchoAnswered { get; init; }

    public PathMtu? Mtu { get; init; }
}

/// <summary>The middle, smallest and largest of a set of measurements.</summary>
public sealed record Spread(double Median, double Min, double Max);

/// <summary>How a bench was run. <paramref name="ThroughputDirection"/> is <c>download</c> (server to client) or <c>upload</c>.</summary>
public sealed record PathBenchMethod(int Repeats, int LatencySamples, double ThroughputSeconds, string? ThroughputDirection = null);

/// <summary>
/// The path MTU as seen from the client (rules COEX7001, COEX7002): the largest IP packet that crossed both ways,
/// whether a small and a large TCP exchange completed, and what that says about ICMP Packet Too Big.
/// </summary>
public sealed record PathMtu
{
    /// <summary>pass, fail (a COEX7xxx rule applies), error (could not check), skipped.</summary>
    public required Outcome Outcome { get; init; }

    public string? RuleId { get; init; }

    public required string Detail { get; init; }

    /// <summary>The largest IP packet, headers included, that crossed from the echo server to this host (UDP, don't-fragment).</summary>
    public int? LargestPacket { get; init; }

    /// <summary>The largest packet tried: this host's link MTU towards the path.</summary>
    public int? ProbedUpTo { get; init; }

    /// <summary><c>completes</c>, <c>stalls</c> or <c>failed</c>: a TCP response that fits in one small packet.</summary>
    public string? SmallExchange { get; init; }

    /// <summary><c>completes</c>, <c>stalls</c> or <c>failed</c>: a TCP response of many full-size segments.</summary>
    public string? LargeExchange { get; init; }

    /// <summary>
    /// <c>honoured</c> (a narrower hop exists and large responses complete), <c>not-honoured</c> (large responses
    /// stall), <c>not-needed</c> (nothing narrower than this host's link), <c>not-tested</c> (this host already knew
    /// the smaller path MTU, so no segment needed one) or <c>unknown</c>.
    /// </summary>
    public string? PacketTooBig { get; init; }
}

/// <summary>The seed's table (CONTEXT.md): its rows, their names and their order, for every renderer of a bench.</summary>
public static class PathBenchLayout
{
    /// <summary>Paths whose traffic is translated between the families on the way.</summary>
    public static bool IsTranslated(ProbePath path) => path is ProbePath.Nat64 or ProbePath.Dns64 or ProbePath.Siit;

    /// <summary>The seed's name for a path's row: translated, IPv4 only, IPv6 only.</summary>
    public static string ConfigurationOf(ProbePath path) => path switch
    {
        ProbePath.V4 => "IPv4 only, routed",
        ProbePath.V6 => "IPv6 only, routed",
        ProbePath.Nat64 => "translated (NAT64)",
        ProbePath.Dns64 => "translated (DNS64 + NAT64)",
        ProbePath.Siit => "translated (SIIT, 1:1)",
        _ => "dual-stack (Happy Eyeballs)",
    };

    /// <summary>The seed's rows: translated paths first, then IPv4 only, then IPv6 only.</summary>
    public static IEnumerable<PathBenchResult> SeedOrder(IEnumerable<PathBenchResult> paths) =>
        paths.OrderBy(p => IsTranslated(p.Path) ? 0 : p.Path == ProbePath.V4 ? 1 : 2).ThenBy(p => p.Path);
}

/// <summary>Reads and writes <c>coexist.pathbench/v1</c> documents, with the assessment's JSON conventions.</summary>
public static class PathBenchJson
{
    public static string Serialize(PathBenchReport report) => JsonSerializer.Serialize(report, AssessmentJson.Options);

    /// <summary>Whether <paramref name="json"/> declares <see cref="PathBenchReport.SchemaId"/> (it may still be malformed).</summary>
    public static bool IsPathBench(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schema", out var schema)
        && schema.ValueKind == JsonValueKind.String && schema.GetString() == PathBenchReport.SchemaId;

    /// <exception cref="AssessmentFormatException">The text is not a <c>coexist.pathbench/v1</c> document.</exception>
    public static PathBenchReport Deserialize(string json, string source = "input")
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!IsPathBench(document.RootElement))
                throw new AssessmentFormatException($"{source}: expected a JSON object with \"schema\": \"{PathBenchReport.SchemaId}\"");
            return document.RootElement.Deserialize<PathBenchReport>(AssessmentJson.Options)
                ?? throw new AssessmentFormatException($"{source}: empty document");
        }
        catch (JsonException e)
        {
            throw new AssessmentFormatException($"{source}: does not match {PathBenchReport.SchemaId} ({e.Message.Split(" Path:")[0]})", e);
        }
    }
}
