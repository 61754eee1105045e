using System.Globalization;
using System.Text;

namespace Coexist.Probes.PathBench;

/// <summary>What a TCP connection or a UDP datagram to <see cref="EchoServer"/> asks for.</summary>
public enum EchoRequestKind
{
    /// <summary>Too few bytes yet to tell (TCP only).</summary>
    NeedMore,

    /// <summary>Anything that is not a command: echoed as it is (RFC 862), its first bytes included.</summary>
    Echo,

    /// <summary><c>COEXIST-DISCARD</c>: what follows is counted and thrown away (RFC 863); the count comes back at the end.</summary>
    Discard,

    /// <summary><c>COEXIST-SEND bytes</c>: the server sends that many bytes (TCP) or a datagram of that size (UDP).</summary>
    Send,

    /// <summary><c>COEXIST-SOURCE milliseconds</c>: the server sends for that long (TCP), like a bounded chargen (RFC 864).</summary>
    Source,
}

/// <summary>A parsed request: its kind, the bytes its command line took, and its number (bytes or milliseconds).</summary>
public readonly record struct EchoRequest(EchoRequestKind Kind, int CommandBytes = 0, long Argument = 0);

/// <summary>
/// The wire protocol of <c>coexist echo-server</c>, one port for both transports. Everything is plain echo (RFC 862)
/// unless it starts with a command line beginning <c>COEXIST-</c>:
/// <list type="bullet">
/// <item>TCP <c>COEXIST-DISCARD</c>: the rest is counted and dropped; when the client shuts down its side, the server
/// answers <c>RECEIVED bytes microseconds</c> and closes (upload throughput, counted by the receiver as iperf3 does).</item>
/// <item>TCP <c>COEXIST-SOURCE ms</c>: the server writes for that long and closes (download throughput).</item>
/// <item>TCP <c>COEXIST-SEND bytes</c>: the server writes that many bytes and closes (a small or large response).</item>
/// <item>UDP <c>COEXIST-SEND bytes ...</c>: one datagram of that many bytes back, don't-fragment, starting with the request
/// (the MTU search: only the server sends large packets).</item>
/// </list>
/// Only the server sends large packets in the download measurements and the MTU check, as a server's responses do:
/// a client that sends large packets itself learns the path MTU from the Packet Too Big they draw, advertises a
/// smaller MSS from then on (for ten minutes, Linux's default), and no longer sees a black hole in the other direction.
/// </summary>
public static class EchoProtocol
{
    /// <summary>
    /// The default port. 7 is echo's own (RFC 862), but binding it needs privileges and it is often taken; this one
    /// keeps the 7 in view.
    /// </summary>
    public const int DefaultPort = 7007;

    /// <summary>The largest UDP payload over IPv4 (65,535 − 20 − 8).</summary>
    public const int MaxDatagram = 65507;

    /// <summary>The most a TCP <c>COEXIST-SEND</c> may ask for; more is what <c>COEXIST-SOURCE</c> is for.</summary>
    public const long MaxSendBytes = 64L * 1024 * 1024;

    /// <summary>The longest a <c>COEXIST-SOURCE</c> may run.</summary>
    public const long MaxSourceMilliseconds = 60_000;

    /// <summary>A command line is short; a first line longer than this without a newline is echo data.</summary>
    public const int MaxCommandBytes = 64;

    private const string Prefix = "COEXIST-";
    private const string DiscardWord = "COEXIST-DISCARD";
    private const string SendWord = "COEXIST-SEND";
    private const string SourceWord = "COEXIST-SOURCE";
    private const string ReceivedWord = "RECEIVED";

    /// <summary>The first line of a discard connection.</summary>
    public static ReadOnlySpan<byte> DiscardCommand => "COEXIST-DISCARD\n"u8;

    public static byte[] SendCommand(long bytes) => Line($"{SendWord} {bytes}");

    public static byte[] SourceCommand(TimeSpan duration) => Line($"{SourceWord} {(long)Math.Ceiling(duration.TotalMilliseconds)}");

    /// <summary>A UDP request for one datagram of <paramref name="bytes"/>; <paramref name="tag"/> tells its answer from others.</summary>
    public static byte[] DatagramRequest(int bytes, long tag) => Line($"{SendWord} {bytes} {tag}");

    /// <summary>
    /// What the first bytes of a TCP connection (or a whole UDP datagram, <paramref name="complete"/>) ask for.
    /// Malformed or out-of-range commands are echo data, as any bytes an RFC 862 server receives.
    /// </summary>
    public static EchoRequest Parse(ReadOnlySpan<byte> received, bool complete = false)
    {
        var prefix = Encoding.ASCII.GetBytes(Prefix);
        var compared = Math.Min(received.Length, prefix.Length);
        if (!received[..compared].SequenceEqual(prefix.AsSpan(0, compared))) return new(EchoRequestKind.Echo);
        var newline = received[..Math.Min(received.Length, MaxCommandBytes)].IndexOf((byte)'\n');
        if (newline < 0)
            return received.Length < MaxCommandBytes && !complete ? new(EchoRequestKind.NeedMore) : new(EchoRequestKind.Echo);

        var words = Encoding.ASCII.GetString(received[..newline]).Split(' ');
        var length = newline + 1;
        return words switch
        {
            [DiscardWord] when !complete => new(EchoRequestKind.Discard, length),
            [SendWord, var n] when !complete && Number(n, MaxSendBytes) is { } bytes => new(EchoRequestKind.Send, length, bytes),
            [SendWord, var n, _] when complete && Number(n, MaxDatagram) is { } bytes => new(EchoRequestKind.Send, length, bytes),
            [SourceWord, var ms] when !complete && Number(ms, MaxSourceMilliseconds) is { } millis => new(EchoRequestKind.Source, length, millis),
            _ => new(EchoRequestKind.Echo),
        };
    }

    /// <summary>
    /// The bytes a server sends for <c>COEXIST-SEND</c> and <c>COEXIST-SOURCE</c>, from position <paramref name="offset"/>
    /// on: a pattern with no long runs (nothing on the way can compress it) that the client can check.
    /// </summary>
    public static void Fill(Span<byte> buffer, long offset)
    {
        for (var i = 0; i < buffer.Length; i++) buffer[i] = (byte)((offset + i) % 251);
    }

    /// <summary>The server's answer at the end of a discard connection.</summary>
    public static byte[] ReceivedLine(long bytes, TimeSpan elapsed) => Line($"{ReceivedWord} {bytes} {(long)elapsed.TotalMicroseconds}");

    /// <summary>Reads <c>RECEIVED bytes microseconds</c>; false for anything else (an echo server of another kind).</summary>
    public static bool TryParseReceived(string line, out long bytes, out TimeSpan elapsed)
    {
        bytes = 0;
        elapsed = TimeSpan.Zero;
        var parts = (line ?? "").Trim().Split(' ');
        if (parts.Length != 3 || parts[0] != ReceivedWord) return false;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out bytes)) return false;
        if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var micros)) return false;
        elapsed = TimeSpan.FromMicroseconds(micros);
        return true;
    }

    private static long? Number(string text, long max) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max ? n : null;

    private static byte[] Line(FormattableString text) => Encoding.ASCII.GetBytes(text.ToString(CultureInfo.InvariantCulture) + "\n");
}
