using System.Diagnostics;

namespace Coexist.Probes.Sip;

/// <summary>
/// Reads SIP messages one after another from a byte stream (TCP, TLS): the header section up to CRLF CRLF, then
/// exactly Content-Length body octets (RFC 3261 §18.3). Memory is bounded by <see cref="SipReadLimits"/>; a
/// message that has started must finish within <see cref="SipReadLimits.MessageTimeout"/>; waiting for a
/// message to start is bounded only by the caller's token. The stream stays the caller's to dispose. After an
/// error the stream has lost its framing: close the connection. One reader per stream, one read at a time.
/// Error positions count from the start of the message being read.
/// </summary>
public sealed class SipStreamReader
{
    private const int InitialBufferSize = 4096;

    private readonly Stream _stream;
    private readonly SipReadLimits _limits;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;

    public SipStreamReader(Stream stream, SipReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _limits = limits ?? SipReadLimits.Default;
    }

    /// <summary>
    /// The next message, or null when the peer closed the stream cleanly between messages. Faults in the octets,
    /// a close or reset mid-message, and a message slower than the limit are <see cref="SipFormatException"/>;
    /// cancelling <paramref name="cancellationToken"/> is <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<SipMessage?> ReadAsync(CancellationToken cancellationToken = default)
    {
        // Keep-alive CRLFs (RFC 5626 §3.5.1) and stray CRLFs between messages (RFC 3261 §7.5) are dropped, not kept.
        while (true)
        {
            _start += SipMessageParser.SkipLeadingCrlfs(_buffer.AsSpan(_start, _end - _start));
            var pending = _end - _start;
            if (pending > 1 || (pending == 1 && _buffer[_start] != '\r')) break;
            if (await FillAsync(null, cancellationToken).ConfigureAwait(false) == 0) return null;
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(_limits.MessageTimeout.TotalSeconds * Stopwatch.Frequency);
        var searched = 0;
        int sectionLength;
        while (true)
        {
            var index = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf("\r\n\r\n"u8);
            if (index >= 0)
            {
                sectionLength = searched + index + 4;
                break;
            }
            if (_end - _start > _limits.MaxHeaderSectionBytes) throw SipMessageParser.TooLarge(0, _limits);
            searched = Math.Max(0, _end - _start - 3);
            if (await FillAsync(deadline, cancellationToken).ConfigureAwait(false) == 0)
                throw Closed($"the peer closed the stream inside a header section, after {_end - _start} octets");
        }

        var section = SipMessageParser.ReadHeaderSection(_buffer.AsSpan(_start, sectionLength), 0, _limits);
        var bodyLength = SipMessageParser.ContentLength(section, _limits)
            ?? throw new SipFormatException(SipFormatError.MissingContentLength, sectionLength, "a message on a stream must carry Content-Length (RFC 3261 §18.3)");
        var total = sectionLength + bodyLength;
        while (_end - _start < total)
        {
            if (await FillAsync(deadline, cancellationToken, total).ConfigureAwait(false) == 0)
                throw Closed($"the peer closed the stream after {_end - _start - sectionLength} of {bodyLength} body octets");
        }

        var message = SipMessageParser.Build(section, _buffer.AsSpan(_start + sectionLength, bodyLength).ToArray());
        _start += total;
        return message;
    }

    // Reads more octets into the buffer, making room first: moves pending octets to the front, grows the buffer
    // to at most the header limit (or to the message's known size), never past it.
    private async Task<int> FillAsync(long? deadline, CancellationToken cancellationToken, int needed = 0)
    {
        var pending = _end - _start;
        if (_start > 0 && (_end == _buffer.Length || pending == 0))
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length)
        {
            var cap = Math.Max(needed, _limits.MaxHeaderSectionBytes + 1);
            var size = Math.Min(Math.Max(_buffer.Length * 2, needed), cap);
            Array.Resize(ref _buffer, size);
        }

        var free = _buffer.AsMemory(_end);
        if (needed > 0 && _end - _start < needed) free = free[..Math.Min(free.Length, needed - (_end - _start))];
        try
        {
            int read;
            if (deadline is null)
            {
                read = await _stream.ReadAsync(free, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline.Value);
                if (remaining <= TimeSpan.Zero) throw TooSlow();
                using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                window.CancelAfter(remaining);
                try
                {
                    read = await _stream.ReadAsync(free, window.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw TooSlow();
                }
            }
            _end += read;
            return read;
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SipFormatException(SipFormatError.ConnectionClosed, _end - _start, $"the stream failed after {_end - _start} octets: {e.Message}", e);
        }
    }

    private SipFormatException TooSlow() =>
        new(SipFormatError.TooSlow, _end - _start, $"the message was not complete within {_limits.MessageTimeout.TotalSeconds:0.###} s ({_end - _start} octets arrived)");

    private SipFormatException Closed(string what) => new(SipFormatError.ConnectionClosed, _end - _start, what);
}
