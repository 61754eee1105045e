using System.Diagnostics;

namespace Coexist.Lab.Tests.Fixture;

public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public string Describe(string command) => $"{command} exited with {ExitCode}:\n{Output}\n{Error}".TrimEnd();
}

/// <summary>Runs a command with a deadline; the command never outlives it.</summary>
public static class LabProcess
{
    /// <summary>sbin directories first: under <c>sudo -E</c> the caller's PATH may lack them.</summary>
    public static readonly string SearchPath = string.Join(':',
        new[] { "/usr/local/sbin", "/usr/sbin", "/sbin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')).Distinct());

    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["PATH"] = SearchPath;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return new ProcessResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s");
        }
    }

    public static Task<ProcessResult> RunAsync(string fileName, params string[] arguments) =>
        RunAsync(fileName, arguments, TimeSpan.FromSeconds(30));

    /// <summary>Runs a command inside a lab namespace (<c>ip netns exec</c>, which also applies its resolv.conf).</summary>
    public static Task<ProcessResult> InNamespaceAsync(string @namespace, params string[] command) =>
        RunAsync("ip", ["netns", "exec", @namespace, .. command], TimeSpan.FromSeconds(30));
}
