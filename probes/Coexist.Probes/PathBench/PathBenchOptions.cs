using Coexist.Probes.Mtu;
using Coexist.Probes.Paths;

namespace Coexist.Probes.PathBench;

/// <summary>How <c>coexist path-bench</c> measures.</summary>
public sealed record PathBenchOptions
{
    /// <summary>The source measured every figure 5 times (CONTEXT.md, "ping, iperf over TCP, 5 runs each").</summary>
    public const int DefaultRepeat = 5;

    /// <summary>Round trips per repeat and kind: enough for a median that one scheduling delay does not move.</summary>
    public const int DefaultLatencySamples = 20;

    /// <summary>Limits a user can give; beyond them a run takes hours or says nothing more.</summary>
    public const int MaxRepeat = 100;
    public const int MaxLatencySamples = 10_000;
    public static readonly TimeSpan MaxThroughputDuration = TimeSpan.FromMinutes(1);

    public static PathBenchOptions Default { get; } = new();

    /// <summary>The echo server's port, TCP and UDP.</summary>
    public int Port { get; init; } = EchoProtocol.DefaultPort;

    public int Repeat { get; init; } = DefaultRepeat;

    public int LatencySamples { get; init; } = DefaultLatencySamples;

    /// <summary>The pause between round trips (<see cref="LatencyMeter.DefaultInterval"/>, as ping -i 0.01).</summary>
    public TimeSpan LatencyInterval { get; init; } = LatencyMeter.DefaultInterval;

    /// <summary>How long each throughput run writes (iperf3's -t; 1 s as the lab's iperf3 comparison runs).</summary>
    public TimeSpan ThroughputDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Download (server to client, the default) or upload; see <see cref="ThroughputMeter"/> for why.</summary>
    public ThroughputDirection Direction { get; init; } = ThroughputDirection.Download;

    public bool MeasureThroughput { get; init; } = true;

    public bool CheckMtu { get; init; } = true;

    public MtuCheckOptions Mtu { get; init; } = MtuCheckOptions.Default;

    /// <summary>The longest any one wait may take (a connect, an echo, a stalled transfer).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Where sockets really go (tests redirect the paths' addresses to loopback).</summary>
    public IProbeNetwork Network { get; init; } = SystemNetwork.Instance;

    /// <exception cref="ArgumentOutOfRangeException">A value outside what a bench can use.</exception>
    public void Validate()
    {
        if (Port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "a port is 1 to 65535");
        if (Repeat is < 1 or > MaxRepeat) throw new ArgumentOutOfRangeException(nameof(Repeat), Repeat, $"repeat 1 to {MaxRepeat} times");
        if (LatencySamples is < 1 or > MaxLatencySamples) throw new ArgumentOutOfRangeException(nameof(LatencySamples), LatencySamples, $"take 1 to {MaxLatencySamples} samples");
        if (ThroughputDuration <= TimeSpan.Zero || ThroughputDuration > MaxThroughputDuration)
            throw new ArgumentOutOfRangeException(nameof(ThroughputDuration), ThroughputDuration, $"above 0 and at most {MaxThroughputDuration.TotalSeconds:0} s");
        if (LatencyInterval < TimeSpan.Zero || LatencyInterval > TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(LatencyInterval), LatencyInterval, "0 to 60 s");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "must be positive");
    }
}
