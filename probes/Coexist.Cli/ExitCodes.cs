namespace Coexist.Cli;

/// <summary>The exit codes DESIGN.md promises; scripts depend on them.</summary>
internal static class ExitCodes
{
    /// <summary>Nothing at or above <c>--fail-on</c>.</summary>
    public const int Success = 0;
    /// <summary>Findings at or above <c>--fail-on</c>.</summary>
    public const int Findings = 1;
    /// <summary>Bad usage or input; a one-line reason went to stderr.</summary>
    public const int BadInput = 2;
    /// <summary>Stopped by Ctrl+C; what had finished was written.</summary>
    public const int Cancelled = 130;
}

/// <summary>Input a user must fix. The message is the one line printed on stderr.</summary>
internal sealed class UsageException(string message) : Exception(message);
