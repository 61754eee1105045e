using Spectre.Console;

namespace Coexist.Cli;

/// <summary>
/// A progress bar on stderr when a person is watching; nothing when output is redirected or in CI,
/// so logs and piped JSON stay clean (DESIGN.md).
/// </summary>
internal static class TerminalProgress
{
    public static bool IsInteractive =>
        !Console.IsErrorRedirected && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public static async Task<T> RunAsync<T>(string title, Func<IProgress<(string Step, int Done, int Total)>?, Task<T>> work)
    {
        if (!IsInteractive) return await work(null);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title));
                var progress = new Progress<(string Step, int Done, int Total)>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape($"{title}: {p.Step}");
                });
                return await work(progress);
            });
    }
}
