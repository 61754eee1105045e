using System.Diagnostics;
using System.Net.Sockets;

namespace Coexist.Probes.Dns;

/// <summary>What one transport did with one query: the part of a <see cref="DnsQueryResult"/> a transport knows.</summary>
internal sealed record DnsExchange(
    DnsQueryOutcome Outcome,
    DnsTransport Transport,
    int Attempts,
    int MismatchedResponses,
    DnsMessage? Response = null,
    int ResponseSize = 0,
    TimeSpan RoundTrip = default,
    DnsFormatException? FormatError = null,
    string? Error = null)
{
    public static DnsExchange NetworkError(DnsTransport transport, int attempts, int mismatched, SocketException e) =>
        new(DnsQueryOutcome.NetworkError, transport, attempts, mismatched, Error: $"{transport.ToString().ToUpperInvariant()}: {Describe(e)}");

    public static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens on that port, or ICMP port unreachable)",
        SocketError.NetworkUnreachable => "network unreachable (no route for that address family?)",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.ConnectionReset => "connection reset by the server",
        SocketError.AddressFamilyNotSupported => "address family not supported on this host",
        _ => $"{e.SocketErrorCode}: {e.Message}",
    };

    public static TimeSpan Since(long timestamp) => Stopwatch.GetElapsedTime(timestamp);
}
