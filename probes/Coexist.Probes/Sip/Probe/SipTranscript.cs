using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Sip.Probe;

/// <summary>One message on the wire, as evidence: when, which way, what (start line and CSeq), how many octets.</summary>
public sealed record SipWireEntry(TimeSpan At, bool Sent, string What, int Octets)
{
    public JsonObject ToJson() => new()
    {
        ["atMs"] = Math.Round(At.TotalMilliseconds, 1),
        ["direction"] = Sent ? "sent" : "received",
        ["message"] = What,
        ["octets"] = Octets,
    };

    public override string ToString() => $"{(Sent ? "→" : "←")} {What}";
}

/// <summary>
/// The messages of one exchange in the order they went and came: the wire sequence a test asserts and a reader
/// of the evidence follows. Bounded, so that a peer that floods cannot make the evidence grow without end.
/// </summary>
public sealed class SipTranscript
{
    /// <summary>More than any exchange the probe makes needs (a call over UDP with every retransmission is about 20).</summary>
    public const int MaxEntries = 64;

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<SipWireEntry> _entries = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<SipWireEntry> Entries
    {
        get
        {
            lock (_lock) return [.. _entries];
        }
    }

    /// <summary>Entries left out once <see cref="MaxEntries"/> were kept.</summary>
    public int Dropped { get; private set; }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public void Sent(SipMessage message, int octets) => Add(true, Describe(message), octets);

    public void Received(SipMessage message, int octets) => Add(false, Describe(message), octets);

    /// <summary>Something arrived that is no message of this exchange (unreadable, or another transaction's).</summary>
    public void Noise(string what, int octets) => Add(false, what, octets);

    /// <summary>The start lines in order, with an arrow for the direction: "→ INVITE 1", "← SIP/2.0 200 OK (INVITE)".</summary>
    public IReadOnlyList<string> Sequence() => [.. Entries.Select(e => e.ToString())];

    public JsonArray ToJson() => new([.. Entries.Select(e => (JsonNode)e.ToJson())]);

    /// <summary>"INVITE (CSeq 1)" for a request; "200 OK (INVITE)" for a response; values cut for the report.</summary>
    public static string Describe(SipMessage message) => message switch
    {
        SipRequest request => $"{request.Method} {request.CSeq.Number}",
        SipResponse response => SipEvidence.Cut($"{response.StatusCode} {response.ReasonPhrase}", 64) + $" ({response.CSeq.Method})",
        _ => message.GetType().Name,
    };

    private void Add(bool sent, string what, int octets)
    {
        lock (_lock)
        {
            if (_entries.Count >= MaxEntries)
            {
                Dropped++;
                return;
            }
            _entries.Add(new SipWireEntry(Elapsed, sent, what, octets));
        }
    }
}
