using System.CommandLine;
using Coexist.Model;

namespace Coexist.Cli;

/// <summary>Wires the commands together; each command lives in its own file under Commands/.</summary>
internal static class CoexistCommand
{
    public static RootCommand Create() => new("Coexist: how far each service is from serving IPv6 subscribers while IPv4 and IPv6 coexist, and what to do about it.")
    {
        Commands.ScanCommand.Create(),
        Commands.SchemaCommand.Create(),
        Commands.ProbeCommand.Create(),
        Commands.ReportCommand.Create(),
        Commands.AssessCommand.Create(),
        Commands.PathBenchCommand.Create(),
        Commands.EchoServerCommand.Create(),
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Create();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // DESIGN.md: bad usage exits 2 with a one-line reason, not a page of help.
            error.WriteLine($"coexist: {OneLine(parse.Errors[0].Message)} (see coexist --help)");
            return ExitCodes.BadInput;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            error.WriteLine($"coexist: {OneLine(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is InventoryException or AssessmentFormatException)
        {
            error.WriteLine($"coexist: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: 128 + SIGINT, as shells expect.
            error.WriteLine("coexist: cancelled");
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>Some parser messages span lines (a list of allowed values); stderr gets one line.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
