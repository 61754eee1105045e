using System.Diagnostics;
using System.Globalization;
using Coexist.Lab.Tests.Fixture;

namespace Coexist.Lab.Tests.Clients;

/// <summary>
/// The real <c>coexist echo-server</c>, started inside a lab namespace (<c>ip netns exec</c>) from the build next to
/// the tests, bound dual-stack on <c>[::]:port</c>. It stops itself after its lifetime even if a test run dies, and
/// is killed by its own process id when disposed.
/// </summary>
public sealed class EchoServerProcess : IAsyncDisposable
{
    /// <summary>dotnet starting on a loaded 2-core machine takes seconds; this leaves room.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private EchoServerProcess(Process process, string @namespace, int port)
    {
        _process = process;
        Namespace = @namespace;
        Port = port;
    }

    public string Namespace { get; }

    public int Port { get; }

    public static async Task<EchoServerProcess> StartAsync(string @namespace, int port, TimeSpan lifetime)
    {
        var coexist = Path.Combine(AppContext.BaseDirectory, "coexist.dll");
        if (!File.Exists(coexist)) throw new FileNotFoundException("coexist.dll is not beside the tests (the Coexist.Cli reference builds it)", coexist);
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "netns", "exec", @namespace, dotnet, coexist, "echo-server", "--listen", $"[::]:{port}",
                     "--stop-after", lifetime.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        start.Environment["PATH"] = LabProcess.SearchPath;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start coexist echo-server");
        var server = new EchoServerProcess(process, @namespace, port);
        using var wait = new CancellationTokenSource(StartTimeout);
        try
        {
            // The server says where it listens once every socket is bound.
            while (await process.StandardError.ReadLineAsync(wait.Token) is { } line)
            {
                if (line.Contains("echo server on", StringComparison.Ordinal)) return server;
            }
            throw new InvalidOperationException($"coexist echo-server in {@namespace} ended before listening (exit {(process.HasExited ? process.ExitCode : -1)})");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
