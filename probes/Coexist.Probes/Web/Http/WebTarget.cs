using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Web.Http;

/// <summary>
/// Where a web request goes: one address of a path (every path but dual), or a Happy Eyeballs race over a dual
/// path's addresses (RFC 8305), as a dual-stack browser connects.
/// </summary>
public sealed record WebTarget
{
    private WebTarget(IPAddress? address, ImmutableArray<IPAddress> race)
    {
        Address = address;
        Race = race;
    }

    /// <summary>The one address, when the target is one.</summary>
    public IPAddress? Address { get; }

    /// <summary>The addresses raced, in Happy Eyeballs order, when the target is a race.</summary>
    public ImmutableArray<IPAddress> Race { get; }

    public static WebTarget To(IPAddress address) => new(address ?? throw new ArgumentNullException(nameof(address)), []);

    public static WebTarget Racing(IEnumerable<IPAddress> addresses) => new(null, [.. addresses]);

    /// <summary>A key for caches and a word for results: the address, or "dual (a, b, ...)".</summary>
    public string Key => Address?.ToString() ?? $"dual ({string.Join(", ", Race)})";

    public override string ToString() => Key;

    /// <summary>A connected socket to <paramref name="port"/>, and the address it went to; <see cref="WebConnectException"/> when none connects within <paramref name="timeout"/>.</summary>
    public async Task<(Socket Socket, IPAddress Address)> ConnectAsync(int port, IProbeNetwork network, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (Address is null)
        {
            var race = await HappyEyeballs.ConnectAsync(Race, port, network, timeout, cancellationToken).ConfigureAwait(false);
            if (race.Socket is { } raced && race.Winner is { } winner) return (raced, winner);
            race.Dispose();
            throw new WebConnectException($"no address of {string.Join(", ", Race)} accepted a connection on port {port}: {race.Error}", timedOut: false);
        }

        var socket = new Socket(Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(network.EndPointFor(Address, port), limit.Token).ConfigureAwait(false);
            return (socket, Address);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new WebConnectException($"{Address} port {port} did not answer within {Seconds(timeout)} s", timedOut: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new WebConnectException($"{Address} port {port}: {Describe(e.SocketErrorCode)}", timedOut: false, e.SocketErrorCode);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects and closes at once: whether the port accepts connections, and how long that took.</summary>
    public async Task<ConnectOutcome> ProbeAsync(int port, IProbeNetwork network, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (socket, address) = await ConnectAsync(port, network, timeout, cancellationToken).ConfigureAwait(false);
            socket.Dispose();
            return new ConnectOutcome(true, address, null, Stopwatch.GetElapsedTime(started));
        }
        catch (WebConnectException e)
        {
            return new ConnectOutcome(false, Address, e, Stopwatch.GetElapsedTime(started));
        }
    }

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens there)",
        SocketError.ConnectionReset => "connection reset",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.TimedOut => "timed out",
        _ => error.ToString(),
    };
}

/// <summary>A TCP connect that failed, in the probe's own words.</summary>
public sealed class WebConnectException(string message, bool timedOut, SocketError? error = null) : IOException(message)
{
    public bool TimedOut { get; } = timedOut;

    public SocketError? SocketError { get; } = error;
}

/// <summary>What a connect found: whether it connected, where, or why not, and how long it took.</summary>
public sealed record ConnectOutcome(bool Connected, IPAddress? Address, WebConnectException? Error, TimeSpan Elapsed);
