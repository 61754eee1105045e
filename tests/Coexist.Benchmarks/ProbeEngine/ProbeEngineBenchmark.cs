using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;
using Coexist.Probes.Tcp;
using Coexist.Probes.Tests.Support;

namespace Coexist.Benchmarks.ProbeEngine;

/// <summary>
/// N targets × 3 paths (v4, v6, nat64) against targets that never answer, through the whole probe session (vantage
/// point, planning, path resolution, TCP connect probe, engine): the wall time must be about T × ⌈checks / C⌉, not
/// checks × T. Every target address is sent to a loopback listener whose accept queue is full, so each connect
/// hangs until its deadline, as toward a black-holed server; nothing leaves the machine.
/// </summary>
public static class ProbeEngineBenchmark
{
    private static readonly IReadOnlyList<ProbePath> Paths = [ProbePath.V4, ProbePath.V6, ProbePath.Nat64];
    private static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");
    private static readonly IPEndPoint Resolver = new(IPAddress.Parse("192.0.2.53"), 53);

    /// <summary>Runs each (timeout, concurrency) pair once and prints one row each; returns 0, or 1 when a run strays from the bound.</summary>
    public static async Task<int> RunAsync(int targets, IReadOnlyList<(TimeSpan Timeout, int Concurrency)> runs)
    {
        using var silent4 = await SilentListener.StartAsync(IPAddress.Loopback);
        using var silent6 = await SilentListener.StartAsync(IPAddress.IPv6Loopback);
        using var resolver4 = EchoResolver.Start(IPAddress.Loopback);
        using var resolver6 = EchoResolver.Start(IPAddress.IPv6Loopback);
        var network = new RedirectingNetwork(
                address => address.AddressFamily == AddressFamily.InterNetworkV6 ? silent6.EndPoint : silent4.EndPoint,
                [AddressFamily.InterNetwork, AddressFamily.InterNetworkV6])
            .Redirect(Resolver.Address, resolver4.EndPoint)
            // The NAT64 vantage check sends one query to the resolver through the prefix: it must answer.
            .Redirect(Prefix.Embed(Resolver.Address), resolver6.EndPoint);
        var services = Enumerable.Range(0, targets).Select(Service).ToList();

        Console.WriteLine($"{targets} targets x {Paths.Count} paths = {targets * Paths.Count} checks; {Environment.ProcessorCount} cores, load {LoadAverage()}");
        Console.WriteLine("| timeout T | concurrency C | checks N | T x ceil(N/C) | N x T (serial) | wall time | wall / bound | outcomes |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---|");
        var exit = 0;
        foreach (var (timeout, concurrency) in runs)
        {
            var settings = new ProbeSettings
            {
                Resolvers = [Resolver],
                Nat64Prefix = Prefix,
                Network = network,
                Engine = new EngineOptions { CheckTimeout = timeout, Concurrency = concurrency },
            };
            var session = await ProbeSession.StartAsync(settings, Paths.ToHashSet());
            var checks = session.Plan(services.Select(s => (s, Paths)), [new TcpConnectProbe()]);
            var clock = Stopwatch.StartNew();
            var outcomes = new Dictionary<Outcome, int>();
            await foreach (var result in session.RunAsync(checks))
                outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
            clock.Stop();

            var rounds = (checks.Count + concurrency - 1) / concurrency;
            var bound = timeout * rounds;
            var ratio = clock.Elapsed / bound;
            // "About" the bound: connects give up at 90 % of T, scheduling and planning add a little.
            if (ratio is < 0.8 or > 1.3) exit = 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {timeout.TotalSeconds:0.0#} s | {concurrency} | {checks.Count} | {bound.TotalSeconds:0.0} s | {(timeout * checks.Count).TotalSeconds:0} s | {clock.Elapsed.TotalSeconds:0.00} s | {ratio:0.00} | {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {WireNames.Of(o.Key)}"))} |"));
        }
        return exit;
    }

    // Addresses in the benchmarking blocks (RFC 2544, RFC 5180); every one of them is redirected to loopback.
    private static ServiceSpec Service(int i) => new()
    {
        Name = $"target-{i:0000}",
        Kind = ServiceKind.Web,
        Hosts = [$"198.18.{i / 250}.{i % 250 + 1}", $"2001:2::{i + 1:x}"],
        Ports = [80],
    };

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>
    /// The least a resolver can be for the vantage check: it answers every query with the query itself, QR set and
    /// no records, which is a well-formed empty answer.
    /// </summary>
    private sealed class EchoResolver : IDisposable
    {
        private readonly Socket _socket;
        private readonly CancellationTokenSource _stop = new();

        private EchoResolver(Socket socket)
        {
            _socket = socket;
            _ = Task.Run(ServeAsync);
        }

        public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

        public static EchoResolver Start(IPAddress loopback)
        {
            var socket = new Socket(loopback.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(loopback, 0));
            return new EchoResolver(socket);
        }

        private async Task ServeAsync()
        {
            var buffer = new byte[4096];
            var any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            try
            {
                while (true)
                {
                    var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                    if (received.ReceivedBytes < 12) continue;
                    buffer[2] |= 0x80;
                    await _socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
