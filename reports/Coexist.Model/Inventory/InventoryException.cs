namespace Coexist.Model;

/// <summary>An inventory a user must fix; the message names the file and line.</summary>
public sealed class InventoryException(string file, int line, string reason)
    : Exception(line > 0 ? $"{file}:{line}: {reason}" : $"{file}: {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}
