using System.Net;
using Coexist.Model;
using Coexist.Probes.Mtu;
using Coexist.Probes.Paths;

namespace Coexist.Probes.PathBench;

/// <summary>Progress of a bench: what was just measured, and how many of all the measurements are done.</summary>
public sealed record BenchProgress(string Step, int Done, int Total);

/// <summary>
/// Measures each path to an echo server: the MTU check once per path, then per repeat TCP connect times and UDP
/// echo round trips (many samples, reduced to their median) and one TCP throughput run. Repeats go round the
/// paths in turn rather than one path after another, so a burst of load on a shared machine falls on every path
/// alike instead of skewing one. A path's figures are the median of its repeats, with their min and max.
/// </summary>
public static class PathBenchRunner
{
    /// <summary>
    /// What <c>latencyMs</c> is: the TCP handshake, timed by this host's kernel. The server's kernel answers it, as
    /// ICMP echo is answered for ping, so no server program's wake-up is in it; UDP echo (<c>udpEchoMs</c>) has the
    /// echo server's and comes out about 0.1 ms slower on a virtual machine (measured in the lab).
    /// </summary>
    public const string TcpConnect = "tcp-connect";

    /// <summary>Decimals kept: microseconds for times, a tenth of a megabit for rates.</summary>
    public const int LatencyDecimals = 3;
    public const int ThroughputDecimals = 1;

    /// <summary>A path that leads to <paramref name="address"/>, for callers that know the addresses (the lab, tests).</summary>
    public static PathTarget Target(ProbePath path, IPAddress address, IPAddress? serverAddress = null) => new()
    {
        Path = path,
        Target = address.ToString(),
        Status = PathStatus.Ready,
        Addresses = [new PathAddress(address, serverAddress)],
        Source = "given",
    };

    public static async Task<IReadOnlyList<PathBenchResult>> RunAsync(IReadOnlyList<PathTarget> targets, PathBenchOptions options,
        IProgress<BenchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var states = targets.Select(t => new PathState(t, options)).ToList();
        var measured = states.Where(s => s.Failure is null).ToList();
        var total = measured.Count * (options.Repeat + (options.CheckMtu ? 1 : 0));
        var done = 0;

        // The MTU check first: an upload run would send large packets from this host, teach it the path MTU and so
        // hide a black hole in the other direction (see EchoProtocol).
        if (options.CheckMtu)
        {
            foreach (var state in measured)
            {
                state.Mtu = await PathMtuCheck.RunAsync(state.Target.Path, state.EndPoint!, options.Mtu with { ConnectTimeout = options.Timeout }, cancellationToken).ConfigureAwait(false);
                progress?.Report(new BenchProgress($"{WireNames.Of(state.Target.Path)} MTU", ++done, total));
            }
        }
        for (var repeat = 1; repeat <= options.Repeat; repeat++)
        {
            foreach (var state in measured.Where(s => s.Failure is null))
            {
                await state.MeasureAsync(options, cancellationToken).ConfigureAwait(false);
                progress?.Report(new BenchProgress($"{WireNames.Of(state.Target.Path)} repeat {repeat}/{options.Repeat}", ++done, total));
            }
        }
        return TranslationOverhead.Apply([.. states.Select(s => s.ToResult())]);
    }

    /// <summary>The uncounted transfer before a path's first throughput run.</summary>
    public static readonly TimeSpan ThroughputWarmUp = TimeSpan.FromMilliseconds(250);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>What one path has gathered so far.</summary>
    private sealed class PathState
    {
        private readonly List<IReadOnlyCollection<double>> _tcp = [];
        private readonly List<IReadOnlyCollection<double>> _udp = [];
        private readonly List<double> _mbps = [];
        private bool? _udpEchoes;
        private int _udpSent;
        private int _udpAnswered;
        private string? _udpFailure;
        private string? _throughputFailure;
        private bool _warmedUp;

        public PathState(PathTarget target, PathBenchOptions options)
        {
            Target = target;
            if (!target.IsReady)
            {
                Failure = (target.OutcomeWhenNotReady, target.Reason ?? target.Status.ToString());
                return;
            }
            EndPoint = options.Network.EndPointFor(target.Addresses[0].Address, options.Port);
        }

        public PathTarget Target { get; }

        public IPEndPoint? EndPoint { get; }

        public (Outcome Outcome, string Detail)? Failure { get; private set; }

        public PathMtu? Mtu { get; set; }

        private PathAddress Address => Target.Addresses[0];

        public async Task MeasureAsync(PathBenchOptions options, CancellationToken cancellationToken)
        {
            var tcp = await LatencyMeter.TcpConnectAsync(EndPoint!, options.LatencySamples, options.LatencyInterval, options.Timeout, cancellationToken).ConfigureAwait(false);
            if (!tcp.Answered)
            {
                Failure = (Outcome.Fail, $"{Address.Address} port {options.Port} did not accept TCP: {tcp.Failure}");
                return;
            }
            _tcp.Add(tcp.Milliseconds);

            if (_udpEchoes != false)
            {
                var udp = await LatencyMeter.UdpEchoAsync(EndPoint!, options.LatencySamples, options.LatencyInterval, Min(options.Timeout, LatencyMeter.EchoTimeout), cancellationToken).ConfigureAwait(false);
                _udpEchoes ??= udp.Answered;
                _udpSent += udp.Attempts;
                _udpAnswered += udp.Milliseconds.Count;
                _udpFailure ??= udp.Failure;
                if (udp.Answered) _udp.Add(udp.Milliseconds);
            }

            if (options.MeasureThroughput)
            {
                if (!_warmedUp)
                {
                    // Not counted: the first transfer to a destination starts from a cold TCP metrics cache and runs
                    // while both programs' runtimes still compile their loops.
                    _warmedUp = true;
                    await ThroughputMeter.RunAsync(EndPoint!, options.Direction, ThroughputWarmUp, options.Timeout, cancellationToken).ConfigureAwait(false);
                }
                var run = await ThroughputMeter.RunAsync(EndPoint!, options.Direction, options.ThroughputDuration, options.Timeout, cancellationToken).ConfigureAwait(false);
                if (run.Measured) _mbps.Add(run.Mbps);
                else _throughputFailure ??= run.Failure;
            }
        }

        public PathBenchResult ToResult()
        {
            var result = new PathBenchResult
            {
                Path = Target.Path,
                Address = Target.IsReady ? Address.Address.ToString() : null,
                ServerAddress = Target.IsReady && Address.Original is { } server ? server.ToString() : null,
                Configuration = TranslationOverhead.ConfigurationOf(Target.Path),
            };
            if (Failure is { } failure) return result with { Outcome = failure.Outcome, Detail = failure.Detail };

            var tcp = BenchStatistics.MedianOfMedians(_tcp, LatencyDecimals);
            var udp = BenchStatistics.MedianOfMedians(_udp, LatencyDecimals);
            var notes = new List<string>();
            if (udp is null) notes.Add($"no UDP echo: {_udpFailure ?? "not answered"}");
            else if (_udpAnswered < _udpSent) notes.Add($"{_udpSent - _udpAnswered} of {_udpSent} UDP echo datagrams were lost");
            if (_mbps.Count == 0 && _throughputFailure is not null) notes.Add($"throughput not measured: {_throughputFailure}");
            else if (_throughputFailure is not null) notes.Add($"some throughput runs failed: {_throughputFailure}");
            return result with
            {
                LatencyMs = tcp,
                LatencySource = TcpConnect,
                ThroughputMbps = _mbps.Count > 0 ? BenchStatistics.Summarize(_mbps, ThroughputDecimals) : null,
                TcpConnectMs = tcp,
                UdpEchoMs = udp,
                UdpEchoAnswered = _udpSent > 0 ? $"{_udpAnswered}/{_udpSent}" : null,
                Detail = notes.Count > 0 ? string.Join("; ", notes) : null,
                Mtu = Mtu,
            };
        }
    }
}
