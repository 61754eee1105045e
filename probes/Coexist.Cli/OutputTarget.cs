namespace Coexist.Cli;

/// <summary>Where a command's result goes: the <c>--output</c> file, or standard output.</summary>
internal static class OutputTarget
{
    public static async Task WriteAsync(string? path, TextWriter standardOutput, string content, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            await standardOutput.WriteAsync(content.AsMemory(), cancellationToken);
            if (!content.EndsWith('\n')) await standardOutput.WriteLineAsync();
            await standardOutput.FlushAsync(cancellationToken);
            return;
        }
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null) Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(path, content, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {path}: {e.Message}");
        }
    }
}
