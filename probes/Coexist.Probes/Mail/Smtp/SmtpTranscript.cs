using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Mail.Smtp;

/// <summary>Who wrote a line of the dialogue.</summary>
public enum SmtpDirection
{
    Client,
    Server,
}

/// <summary>One line of the dialogue: when (ms since the connection), who, and the text made fit for a report.</summary>
public sealed record SmtpTranscriptLine(double AtMs, SmtpDirection Direction, string Text)
{
    public override string ToString() => $"{(Direction == SmtpDirection.Client ? "C" : "S")}: {Text}";
}

/// <summary>
/// The dialogue as it went, for evidence and for the test that the client never sends mail: every command the
/// client writes, in full, and the server's lines, cut to <see cref="SmtpLimits.ReportTextLength"/> characters.
/// Keeps at most <see cref="MaxLines"/> lines and counts the rest.
/// </summary>
public sealed class SmtpTranscript
{
    /// <summary>Enough for a whole probe dialogue (banner, two EHLO replies, STARTTLS, QUIT); a flood is counted, not kept.</summary>
    public const int MaxLines = 48;

    private readonly List<SmtpTranscriptLine> _lines = [];
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _lock = new();

    public int Dropped { get; private set; }

    public ImmutableArray<SmtpTranscriptLine> Lines
    {
        get
        {
            lock (_lock) return [.. _lines];
        }
    }

    /// <summary>The commands the client wrote, in order.</summary>
    public IEnumerable<string> ClientCommands => Lines.Where(l => l.Direction == SmtpDirection.Client).Select(l => l.Text);

    public void Add(SmtpDirection direction, string text)
    {
        var line = new SmtpTranscriptLine(Math.Round(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, 1), direction, ReportText.Printable(text));
        lock (_lock)
        {
            if (_lines.Count < MaxLines) _lines.Add(line);
            else Dropped++;
        }
    }

    public JsonArray ToJson()
    {
        var array = new JsonArray([.. Lines.Select(l => (JsonNode)JsonValue.Create(l.ToString())!)]);
        if (Dropped > 0) array.Add($"… {Dropped} more lines");
        return array;
    }
}
