using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Coexist.Probes.Mail.Smtp;

/// <summary>
/// Reads SMTP replies from a stream within the limits of <see cref="SmtpLimits"/>: a line ends at LF (CRLF, or a
/// bare LF from a sloppy server), is at most 512 octets, and a reply is at most 64 lines and 16 KiB. It never
/// holds more than one line's worth of octets beyond what it has read, so a server sending megabytes costs the
/// client 512 of them. The stream can be swapped for a TLS stream over the same connection (STARTTLS).
/// </summary>
internal sealed class SmtpReplyReader(Stream stream, SmtpTranscript transcript)
{
    private readonly byte[] _buffer = new byte[SmtpLimits.MaxReplyLineOctets * 2];
    private Stream _stream = stream;
    private int _start;
    private int _end;

    /// <summary>Octets read from the server and not yet part of a reply.</summary>
    public int Buffered => _end - _start;

    /// <summary>
    /// Reads from <paramref name="next"/> from now on (TLS after STARTTLS). Octets the server sent before the switch
    /// are dropped and counted: RFC 3207 §6 warns that they are an injection, never part of the TLS session.
    /// </summary>
    public int SwitchTo(Stream next)
    {
        var dropped = Buffered;
        _start = _end = 0;
        _stream = next;
        return dropped;
    }

    /// <summary>
    /// One whole reply. The first line must arrive within <paramref name="firstLine"/>, the rest within
    /// <paramref name="rest"/> after it. Throws <see cref="SmtpProtocolException"/> for anything that is not a
    /// reply within the limits, and <paramref name="timedOut"/> when the server says nothing in time.
    /// </summary>
    public async Task<SmtpReply> ReadAsync(TimeSpan firstLine, TimeSpan rest, SmtpFailure timedOut, CancellationToken cancellationToken)
    {
        var texts = ImmutableArray.CreateBuilder<string>();
        var code = -1;
        var octets = 0;
        while (true)
        {
            var wait = texts.Count == 0 ? firstLine : rest;
            var line = await ReadLineAsync(wait, timedOut, texts.Count == 0 ? "first line" : $"line {texts.Count + 1}", cancellationToken).ConfigureAwait(false);
            octets += line.Length;
            var text = Encoding.Latin1.GetString(line);
            transcript.Add(SmtpDirection.Server, text);
            var (lineCode, last, body) = Parse(text);
            if (code >= 0 && lineCode != code)
                throw new SmtpProtocolException(SmtpFailure.MalformedReply, $"reply code changed from {code} to {lineCode} within one reply: \"{ReportText.Printable(text)}\"");
            code = lineCode;
            texts.Add(body);
            if (last) return new SmtpReply(code, texts.ToImmutable());
            if (texts.Count >= SmtpLimits.MaxReplyLines)
                throw new SmtpProtocolException(SmtpFailure.ReplyTooLarge, $"a reply of more than {SmtpLimits.MaxReplyLines} lines, starting \"{code} {ReportText.Printable(texts[0])}\"");
            if (octets >= SmtpLimits.MaxReplyOctets)
                throw new SmtpProtocolException(SmtpFailure.ReplyTooLarge, $"a reply of more than {SmtpLimits.MaxReplyOctets} octets, starting \"{code} {ReportText.Printable(texts[0])}\"");
        }
    }

    /// <summary>"250-text" continues a reply, "250 text" or "250" ends it (RFC 5321 §4.2.1); the code is 2yz to 5yz.</summary>
    private static (int Code, bool Last, string Text) Parse(string line)
    {
        var valid = line.Length >= 3 && line[0] is >= '2' and <= '5' && char.IsAsciiDigit(line[1]) && char.IsAsciiDigit(line[2])
            && (line.Length == 3 || line[3] is ' ' or '-');
        if (!valid) throw new SmtpProtocolException(SmtpFailure.MalformedReply, $"not an SMTP reply line: \"{ReportText.Printable(line)}\"");
        var code = int.Parse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture);
        return (code, line.Length == 3 || line[3] == ' ', line.Length > 4 ? line[4..] : "");
    }

    /// <summary>The next line without its CRLF (or LF); at most <see cref="SmtpLimits.MaxReplyLineOctets"/> octets with it.</summary>
    private async Task<byte[]> ReadLineAsync(TimeSpan wait, SmtpFailure timedOut, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, Buffered);
            if (newline >= 0)
            {
                var length = newline + 1 - _start;
                if (length > SmtpLimits.MaxReplyLineOctets) throw TooLong();
                var end = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                var line = _buffer[_start..end];
                _start = newline + 1;
                return line;
            }
            if (Buffered >= SmtpLimits.MaxReplyLineOctets) throw TooLong();
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, Buffered);
                _end -= _start;
                _start = 0;
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var partial = Buffered > 0 ? $" (a partial line came: \"{ReportText.Printable(_buffer.AsSpan(_start, Buffered))}\")" : "";
                throw new SmtpProtocolException(timedOut, $"no {what} of the reply within {wait.TotalSeconds:0.###} s{partial}");
            }
            catch (IOException e)
            {
                throw new SmtpProtocolException(SmtpFailure.ConnectionReset, $"the connection failed while waiting for the {what} of the reply: {ReportText.Printable(e.InnerException?.Message ?? e.Message)}");
            }
            if (read == 0)
            {
                var partial = Buffered > 0 ? $" after \"{ReportText.Printable(_buffer.AsSpan(_start, Buffered))}\"" : "";
                throw new SmtpProtocolException(SmtpFailure.ClosedByServer, $"the server closed the connection where the {what} of a reply was due{partial}");
            }
            _end += read;
        }
    }

    private SmtpProtocolException TooLong() => new(SmtpFailure.LineTooLong,
        $"a reply line longer than {SmtpLimits.MaxReplyLineOctets} octets (RFC 5321 §4.5.3.1.5), starting \"{ReportText.Printable(_buffer.AsSpan(_start, Math.Min(Buffered, SmtpLimits.ReportTextLength)))}\"");
}
