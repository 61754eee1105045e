namespace Coexist.Schema.Ddl;

/// <summary>
/// Characters from a reader, with lookahead, line numbers and push-back. Only a window of the
/// input is held, so a file of any size is read in constant memory.
/// </summary>
internal sealed class CharSource
{
    public const int EndOfInput = -1;

    private const int ChunkSize = 64 * 1024;

    private readonly TextReader _reader;
    private char[] _buffer;
    private int _position;
    private int _length;
    private bool _readerDone;

    public CharSource(TextReader reader, string? alreadyRead = null, int firstLine = 1)
    {
        _reader = reader;
        Line = firstLine;
        _buffer = new char[Math.Max(ChunkSize, (alreadyRead?.Length ?? 0) + ChunkSize)];
        if (alreadyRead is not null)
        {
            alreadyRead.CopyTo(0, _buffer, 0, alreadyRead.Length);
            _length = alreadyRead.Length;
        }
    }

    /// <summary>The line of the next character, counted from 1.</summary>
    public int Line { get; private set; }

    /// <summary>The character <paramref name="ahead"/> places further on, or <see cref="EndOfInput"/>.</summary>
    public int Peek(int ahead = 0)
    {
        if (_position + ahead >= _length && !Fill(ahead + 1)) return EndOfInput;
        return _buffer[_position + ahead];
    }

    public int Read()
    {
        var c = Peek();
        if (c == EndOfInput) return c;
        _position++;
        if (c == '\n') Line++;
        return c;
    }

    /// <summary>Reads the next <paramref name="count"/> characters (which <see cref="Peek"/> has seen) as one string.</summary>
    public string Take(int count)
    {
        if (count == 1 && _buffer[_position] < SingleChars.Length)
        {
            Read();
            return SingleChars[_buffer[_position - 1]];
        }
        var text = new string(_buffer, _position, count);
        for (var i = 0; i < count; i++) Read();
        return text;
    }

    // Punctuation is most of the tokens: one shared string per ASCII character instead of one per token.
    private static readonly string[] SingleChars = Enumerable.Range(0, 128).Select(c => ((char)c).ToString()).ToArray();

    public bool StartsWith(string text, bool ignoreCase = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = Peek(i);
            if (c == EndOfInput) return false;
            if (ignoreCase ? char.ToUpperInvariant((char)c) != char.ToUpperInvariant(text[i]) : c != text[i]) return false;
        }
        return true;
    }

    /// <summary>Puts <paramref name="text"/> back in front of the input, to be read again from <paramref name="line"/>.</summary>
    public void PushBack(string text, int line)
    {
        if (text.Length == 0) return;
        var remaining = _length - _position;
        var buffer = new char[Math.Max(ChunkSize, text.Length + remaining + ChunkSize)];
        text.CopyTo(0, buffer, 0, text.Length);
        Array.Copy(_buffer, _position, buffer, text.Length, remaining);
        _buffer = buffer;
        _position = 0;
        _length = text.Length + remaining;
        Line = line;
    }

    /// <summary>Makes at least <paramref name="count"/> characters available from the current position, when the input has them.</summary>
    private bool Fill(int count)
    {
        while (_length - _position < count)
        {
            if (_readerDone) return false;
            if (_position > 0)
            {
                Array.Copy(_buffer, _position, _buffer, 0, _length - _position);
                _length -= _position;
                _position = 0;
            }
            if (_buffer.Length - _length < ChunkSize / 2)
                Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = _reader.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0) _readerDone = true;
            _length += read;
        }
        return true;
    }
}
