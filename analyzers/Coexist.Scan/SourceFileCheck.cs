using System.Globalization;

namespace Coexist.Scan;

/// <summary>Decides before parsing whether a source file is worth reading: not binary, not enormous.</summary>
internal static class SourceFileCheck
{
    private const int SniffBytes = 8192;

    /// <summary>Null when the file can be analyzed, else why it is skipped.</summary>
    public static string? ReasonToSkip(string path, long maxBytes)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists) return "listed by the project but missing on disk";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({e.Message})";
        }
        if (info.Length > maxBytes)
            return $"{Megabytes(info.Length)} is over the {Megabytes(maxBytes)} limit (--max-file-size); skipped, as such files are usually generated";
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[Math.Min(SniffBytes, info.Length)];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            // Text in any encoding C# accepts has no NUL bytes, except UTF-16, which starts with its byte-order mark.
            var isUtf16 = read >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF));
            if (!isUtf16 && Array.IndexOf(buffer, (byte)0, 0, read) >= 0)
                return "binary content, not C# source; skipped";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({e.Message})";
        }
        return null;
    }

    private static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
