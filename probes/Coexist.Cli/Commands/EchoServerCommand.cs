using System.Globalization;
using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.PathBench;

namespace Coexist.Cli.Commands;

/// <summary>
/// <c>coexist echo-server [--listen ADDR:PORT]...</c>: TCP echo and discard plus UDP echo on each endpoint, for
/// <c>coexist path-bench</c> to measure against on hosts the user controls. Runs until Ctrl+C (or
/// <c>--stop-after</c>), then exits 0.
/// </summary>
internal static class EchoServerCommand
{
    public static Command Create()
    {
        var listen = new Option<string[]>("--listen")
        {
            Description = $"Address and port to serve on, TCP and UDP; repeatable (default [::]:{EchoProtocol.DefaultPort}, both families)",
            HelpName = "ADDR:PORT",
        };
        var stopAfter = new Option<double?>("--stop-after")
        {
            Description = "Stop by itself after this many seconds (for scripts that must not leave a server behind)",
            HelpName = "SECONDS",
        };
        var command = new Command("echo-server", "Serve TCP echo/discard and UDP echo for coexist path-bench") { listen, stopAfter };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var endpoints = Endpoints(parse.GetValue(listen) ?? []);
            var lifetime = StopAfter(parse.GetValue(stopAfter));
            var stderr = parse.InvocationConfiguration.Error;
            EchoServer server;
            try
            {
                server = EchoServer.Start(endpoints);
            }
            catch (SocketException e)
            {
                throw new UsageException($"cannot listen on {string.Join(", ", endpoints.Select(Describe))}: {e.Message}");
            }
            using (server)
            {
                stderr.WriteLine($"coexist: echo server on {string.Join(", ", server.EndPoints.Select(Describe))} (TCP echo and discard, UDP echo); Ctrl+C stops it");
                await stderr.FlushAsync(CancellationToken.None);
                try
                {
                    await Task.Delay(lifetime ?? Timeout.InfiniteTimeSpan, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C is how a server is meant to stop: not an error.
                }
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"coexist: echo server stopped after {server.TcpConnections} TCP connections, {server.Datagrams} datagrams, {server.DiscardedBytes:N0} bytes discarded"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    internal static IReadOnlyList<IPEndPoint> Endpoints(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0) return [new IPEndPoint(IPAddress.IPv6Any, EchoProtocol.DefaultPort)];
        return [.. texts.Select(text => ProbeOptionsEndPoint(text).WithDefaultPort(EchoProtocol.DefaultPort)).Distinct()];

        static EndPointText ProbeOptionsEndPoint(string text) => Probe.ProbeOptions.EndPoint(text, "--listen")!;
    }

    private static TimeSpan? StopAfter(double? seconds) => seconds switch
    {
        null => null,
        > 0 and <= 7 * 24 * 3600 when double.IsFinite(seconds.Value) => TimeSpan.FromSeconds(seconds.Value),
        _ => throw new UsageException($"--stop-after must be a number of seconds above 0 and at most a week, not {seconds.Value.ToString(CultureInfo.InvariantCulture)}"),
    };

    /// <summary>The wildcard says what it means: both families.</summary>
    private static string Describe(IPEndPoint endpoint) =>
        endpoint.Address.Equals(IPAddress.IPv6Any) ? $"{endpoint} (IPv6 and IPv4)" : endpoint.ToString();
}
