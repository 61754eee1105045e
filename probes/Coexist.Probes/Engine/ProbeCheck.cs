using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;

namespace Coexist.Probes.Engine;

/// <summary>
/// One unit of work for the engine: one check of one service on one path. It may report several results (one
/// per address or name it looked at). The engine gives it a deadline, retries it when it says its failure may be
/// transient, and limits how often its <see cref="Target"/> is contacted.
/// </summary>
public sealed record ProbeCheck
{
    public required string Service { get; init; }

    public required ServiceKind Kind { get; init; }

    /// <summary>The stable check name (<c>dns-aaaa</c>, <c>tcp-connect</c>, ...).</summary>
    public required string Check { get; init; }

    public required ProbePath Path { get; init; }

    /// <summary>What the check is about (a name, a zone, an address): the key of the per-target rate limit.</summary>
    public required string Target { get; init; }

    public string? RuleId { get; init; }

    /// <summary>Set when the check does not apply on this path: it is reported <c>skipped</c> with this reason and never run.</summary>
    public string? SkipReason { get; init; }

    /// <summary>The work. Must honour the token: the engine cancels it at the deadline and on Ctrl+C.</summary>
    public Func<CancellationToken, Task<CheckReport>>? RunAsync { get; init; }

    /// <summary>A result of this check with its identity filled in.</summary>
    public ProbeResult Result(Outcome outcome, string detail, string? target = null, IPAddress? address = null, int? port = null,
        JsonObject? evidence = null, TimeSpan? duration = null) => new()
    {
        Service = Service,
        Kind = Kind,
        Check = Check,
        Path = Path,
        Target = target ?? Target,
        Address = address?.ToString(),
        Port = port,
        Outcome = outcome,
        DurationMs = duration is { } d ? Math.Round(d.TotalMilliseconds, 1) : 0,
        Detail = detail,
        RuleId = RuleId,
        Evidence = evidence,
    };

    public override string ToString() => $"{Service} {Check} {WireNames.Of(Path)} {Target}";
}

/// <summary>What one attempt of a check found. <see cref="Transient"/> asks the engine to try again if time allows.</summary>
public sealed record CheckReport(IReadOnlyList<ProbeResult> Results, bool Transient = false)
{
    public static CheckReport Of(params ProbeResult[] results) => new(results);

    public static CheckReport Of(IEnumerable<ProbeResult> results, bool transient = false) => new([.. results], transient);
}
