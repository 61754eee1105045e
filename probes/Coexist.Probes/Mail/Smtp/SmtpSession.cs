using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Mail.Smtp;

/// <summary>How TLS comes into a session: STARTTLS after EHLO (25, 587), or TLS first (465, RFC 8314 §3.3).</summary>
public enum SmtpTlsMode
{
    StartTls,
    Implicit,
}

/// <summary>The steps of a probe's SMTP dialogue, in the order they can happen. There is no MAIL, RCPT or DATA.</summary>
public enum SmtpStep
{
    Connect,
    ImplicitTls,
    Banner,
    Ehlo,
    Helo,
    StartTls,
    TlsHandshake,
    EhloAfterTls,
    Quit,
}

/// <summary>How far STARTTLS got.</summary>
public enum StartTlsStatus
{
    /// <summary>The session ended before EHLO, or TLS is implicit.</summary>
    NotReached,

    /// <summary>EHLO did not list STARTTLS.</summary>
    NotOffered,

    /// <summary>STARTTLS was answered with something other than 220 (RFC 3207 §4: 454 "TLS not available").</summary>
    Rejected,

    /// <summary>220 came, but the TLS handshake failed or timed out.</summary>
    HandshakeFailed,

    /// <summary>TLS is up.</summary>
    Negotiated,
}

/// <summary>One timed step: whether it did what it should, how long it took, what was seen.</summary>
public sealed record SmtpStepResult(SmtpStep Step, bool Succeeded, TimeSpan Duration, string Detail)
{
    public JsonObject ToJson() => new()
    {
        ["step"] = Step.ToString(),
        ["ok"] = Succeeded,
        ["ms"] = Math.Round(Duration.TotalMilliseconds, 1),
        ["detail"] = Detail,
    };
}

/// <summary>Where a session goes: the address asked for, the endpoint the socket really uses, the port, and the host name (for SNI and reports).</summary>
public sealed record SmtpTarget(IPAddress Address, int Port, string? HostName, IPEndPoint ConnectTo)
{
    public SmtpTlsMode Mode => Port == SmtpLimits.ImplicitTlsSubmissionPort ? SmtpTlsMode.Implicit : SmtpTlsMode.StartTls;

    public static SmtpTarget Direct(IPAddress address, int port, string? hostName = null) => new(address, port, hostName, new IPEndPoint(address, port));
}

/// <summary>
/// What one SMTP session with one server address showed: every step timed, the banner, the extensions before and
/// after TLS, the TLS session, and why it ended early if it did. Everything in it is report-safe text.
/// </summary>
public sealed record SmtpSession
{
    public required SmtpTarget Target { get; init; }

    public ImmutableArray<SmtpStepResult> Steps { get; init => field = value.IsDefault ? [] : value; } = [];

    public SmtpReply? Banner { get; init; }

    /// <summary>The reply to EHLO (or HELO when EHLO was refused) that the extensions come from.</summary>
    public SmtpReply? Greeting { get; init; }

    public bool UsedHelo { get; init; }

    /// <summary>The extensions of the first EHLO: in clear text for STARTTLS, over TLS for implicit TLS.</summary>
    public EhloExtensions Extensions { get; init; } = EhloExtensions.None;

    /// <summary>The extensions of the EHLO sent over TLS after STARTTLS (RFC 3207 §4.2 asks for a new EHLO).</summary>
    public EhloExtensions? ExtensionsAfterTls { get; init; }

    public StartTlsStatus StartTls { get; init; }

    public SmtpReply? StartTlsReply { get; init; }

    public TlsDetails? Tls { get; init; }

    /// <summary>Octets the server sent between its 220 to STARTTLS and the handshake (dropped; RFC 3207 §6).</summary>
    public int OctetsBeforeTls { get; init; }

    public SmtpReply? QuitReply { get; init; }

    public SmtpFailure Failure { get; init; }

    public SmtpStep? FailedStep { get; init; }

    public string? FailureDetail { get; init; }

    public required SmtpTranscript Transcript { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Banner 220 and a positive EHLO or HELO: the server speaks SMTP.</summary>
    public bool Greeted => Banner?.Code == 220 && Greeting?.IsPositive == true;

    /// <summary>TLS is up and the server answered EHLO over it (or, with implicit TLS, the whole dialogue ran over it).</summary>
    public bool TlsWorks => Target.Mode == SmtpTlsMode.Implicit
        ? Tls is not null && Greeted
        : StartTls == StartTlsStatus.Negotiated && ExtensionsAfterTls is not null;

    public SmtpStepResult? StepOf(SmtpStep step) => Steps.LastOrDefault(s => s.Step == step);

    /// <summary>The session as evidence: steps with times, banner line, extensions, TLS, transcript; never more than a few KB.</summary>
    public JsonObject ToEvidence()
    {
        var evidence = new JsonObject
        {
            ["address"] = Target.Address.ToString(),
            ["port"] = Target.Port,
            ["tlsMode"] = Target.Mode == SmtpTlsMode.Implicit ? "implicit" : "starttls",
            ["steps"] = new JsonArray([.. Steps.Select(s => (JsonNode)s.ToJson())]),
            ["banner"] = Banner?.FirstLine,
            ["extensions"] = Evidence.Strings(Extensions.Items),
            ["startTls"] = StartTls.ToString(),
            ["elapsedMs"] = Math.Round(Elapsed.TotalMilliseconds, 1),
        };
        if (Target.HostName is not null) evidence["host"] = Target.HostName;
        if (UsedHelo) evidence["usedHelo"] = true;
        if (ExtensionsAfterTls is not null) evidence["extensionsAfterTls"] = Evidence.Strings(ExtensionsAfterTls.Items);
        if (Tls is not null) evidence["tls"] = Tls.ToJson();
        if (OctetsBeforeTls > 0) evidence["octetsBeforeTls"] = OctetsBeforeTls;
        if (Failure != SmtpFailure.None)
        {
            evidence["failure"] = Failure.ToString();
            evidence["failedStep"] = FailedStep?.ToString();
            evidence["failureDetail"] = FailureDetail;
        }
        evidence["transcript"] = Transcript.ToJson();
        return evidence;
    }
}
