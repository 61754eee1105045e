using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns;
using Coexist.Probes.Dns.Checks;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Tcp;

/// <summary>
/// Whether each port of a service accepts a TCP connection on each path: the least a client needs, and the
/// smallest example of a protocol probe plugged into the engine. One check per port and path; one result per
/// host and address (dual: one Happy Eyeballs race per host, as a real client connects).
/// </summary>
public sealed class TcpConnectProbe : IServiceProbe
{
    public const string CheckName = "tcp-connect";

    /// <summary>Of the check's deadline, the share a connection attempt may use, so that a silent port still gets its own verdict.</summary>
    public const double ConnectShareOfDeadline = 0.9;

    public string Name => "tcp";

    public IEnumerable<ProbeCheck> Plan(ServiceSpec service, IReadOnlyList<ProbePath> paths, ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(paths);
        var dns = new DnsProbeContext(context);
        foreach (var port in service.Ports)
        {
            foreach (var path in paths)
            {
                var planned = new ProbeCheck
                {
                    Service = service.Name,
                    Kind = service.Kind,
                    Check = CheckName,
                    Path = path,
                    Target = DnsProbe.TargetOf(service),
                };
                yield return planned with { RunAsync = ct => RunAsync(planned, service, port, dns, ct) };
            }
        }
    }

    private static async Task<CheckReport> RunAsync(ProbeCheck check, ServiceSpec service, int port, DnsProbeContext dns, CancellationToken cancellationToken)
    {
        // Connections must end before the check's deadline, counted from now: name lookups come out of the same budget.
        var connectBy = Stopwatch.GetTimestamp() + (long)(dns.Context.CheckTimeout.TotalSeconds * ConnectShareOfDeadline * Stopwatch.Frequency);
        var names = await dns.NamesAsync(service, cancellationToken).ConfigureAwait(false);
        var hosts = names.Names.Select(n => n.ToString()).Concat(names.Literals.Select(a => a.ToString())).ToList();
        if (hosts.Count == 0)
            return new CheckReport([check.Result(names.Status.Outcome(), names.Reason ?? "no hosts", port: port, evidence: names.Evidence())], names.Status == DiscoveryStatus.CannotTest);

        var results = await Task.WhenAll(hosts.Select(host => HostAsync(check, host, port, dns.Context, connectBy, cancellationToken))).ConfigureAwait(false);
        return CheckReport.Of(results.SelectMany(r => r.Results), results.Any(r => r.Transient));
    }

    private static async Task<CheckReport> HostAsync(ProbeCheck check, string host, int port, ProbeContext context, long connectBy, CancellationToken cancellationToken)
    {
        var target = await context.Paths.ResolveAsync(host, check.Path, cancellationToken).ConfigureAwait(false);
        var timeout = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), connectBy);
        if (timeout <= TimeSpan.Zero) timeout = TimeSpan.FromMilliseconds(1);
        if (!target.IsReady)
            return new CheckReport([check.Result(target.OutcomeWhenNotReady, target.Reason ?? target.Status.ToString(), host, port: port, evidence: target.Evidence())], target.Status == PathStatus.CannotTest);

        if (check.Path == ProbePath.Dual)
        {
            using var race = await HappyEyeballs.ConnectAsync([.. target.Addresses.Select(a => a.Address)], port, context.Network, timeout, cancellationToken).ConfigureAwait(false);
            var evidence = target.Evidence();
            evidence["happyEyeballs"] = race.ToJson();
            return CheckReport.Of(race.Connected
                ? check.Result(Outcome.Pass, $"connected to {race.Winner} port {port} after {race.Elapsed.TotalMilliseconds:0} ms, as a dual-stack client would", host, race.Winner, port, evidence, race.Elapsed)
                : check.Result(Outcome.Fail, $"no address of {host} accepted a connection on port {port}: {race.Error}", host, null, port, evidence, race.Elapsed));
        }

        var attempts = await Task.WhenAll(target.Addresses.Select(address => ConnectAsync(check, host, target, address, port, context, timeout, cancellationToken))).ConfigureAwait(false);
        return CheckReport.Of(attempts.Select(a => a.Result), attempts.Any(a => a.Transient));
    }

    private static async Task<(ProbeResult Result, bool Transient)> ConnectAsync(ProbeCheck check, string host, PathTarget target, PathAddress address, int port,
        ProbeContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var evidence = target.Evidence();
        var started = Stopwatch.GetTimestamp();
        using var socket = new Socket(address.Family, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(context.Network.EndPointFor(address.Address, port), deadline.Token).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            return (check.Result(Outcome.Pass, $"{address} port {port} accepted a connection in {elapsed.TotalMilliseconds:0.#} ms", host, address.Address, port, evidence, elapsed), false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            evidence["error"] = "timed out";
            return (check.Result(Outcome.Fail, $"{address} port {port} did not answer within {timeout.TotalSeconds:0.###} s", host, address.Address, port, evidence, Stopwatch.GetElapsedTime(started)), true);
        }
        catch (SocketException e)
        {
            evidence["error"] = e.SocketErrorCode.ToString();
            var transient = e.SocketErrorCode is SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TimedOut;
            return (check.Result(Outcome.Fail, $"{address} port {port}: {Describe(e.SocketErrorCode)}", host, address.Address, port, evidence, Stopwatch.GetElapsedTime(started)), transient);
        }
    }

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens there)",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.TimedOut => "timed out",
        _ => error.ToString(),
    };
}
