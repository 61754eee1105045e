using System.Net;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Mail.Checks;

/// <summary>One check of the mail probe, judged under one rule (one file a rule).</summary>
public abstract class MailCheck
{
    public abstract MailRule Rule { get; }

    /// <summary>The paths this check means something on; on the others it is reported <c>skipped</c>.</summary>
    public abstract IReadOnlyCollection<ProbePath> Paths { get; }

    /// <summary>Whether the check runs once per port of the service (SMTP dialogues) rather than once per path (DNS facts).</summary>
    public virtual bool PerPort => false;

    /// <summary>Why the check is skipped on <paramref name="path"/>.</summary>
    public virtual string NotOnPath(ProbePath path) =>
        $"{Rule.Check} is judged on the {string.Join(", ", Paths.Select(WireNames.Of))} path{(Paths.Count == 1 ? "" : "s")}, not on {WireNames.Of(path)}";

    public abstract Task<CheckReport> RunAsync(MailCheckRun run, CancellationToken cancellationToken);
}

/// <summary>One run of a mail check: its identity (to build results), the service, the path, the port, the shared mail context.</summary>
public sealed record MailCheckRun(ProbeCheck Check, ServiceSpec Service, ProbePath Path, int Port, MailProbeContext Mail)
{
    public ProbeResult Result(Outcome outcome, string detail, string? target = null, IPAddress? address = null, JsonObject? evidence = null, TimeSpan? duration = null, bool withPort = false) =>
        Check.Result(outcome, detail, target, address, withPort ? Port : null, evidence, duration);
}
