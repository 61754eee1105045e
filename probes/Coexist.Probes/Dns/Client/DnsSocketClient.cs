using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace Coexist.Probes.Dns;

/// <summary>
/// Coexist's DNS client on plain sockets: UDP with TCP fallback on truncation, or TCP only; a fresh socket
/// of the server's address family per query, so an IPv6 server is asked over IPv6. Stateless and thread-safe.
/// </summary>
public sealed class DnsSocketClient : IDnsClient
{
    public async Task<DnsQueryResult> QueryAsync(IPEndPoint server, DnsQuestion question, DnsQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(question);
        options ??= DnsQueryOptions.Default;
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var edns = options.EdnsUdpPayloadSize is { } size ? new DnsEdns { UdpPayloadSize = size, DnssecOk = options.DnssecOk } : null;
        // RFC 5452 §9.2: an unpredictable ID is half of what keeps forged answers out (the random source port is the other).
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var query = DnsMessage.CreateQuery(id, question, options.RecursionDesired, edns, options.CheckingDisabled);
        var wire = query.Encode();
        var started = Stopwatch.GetTimestamp();

        if (options.Transport == DnsTransportMode.TcpOnly)
        {
            var tcpOnly = await TcpExchange.RunAsync(server, query, wire, options.TcpTimeout, cancellationToken).ConfigureAwait(false);
            return Result(tcpOnly, fellBack: false, earlier: null);
        }

        var udp = await UdpExchange.RunAsync(server, query, wire, options, cancellationToken).ConfigureAwait(false);
        if (options.Transport == DnsTransportMode.UdpOnly || udp.Response is not { Header.IsTruncated: true })
            return Result(udp, fellBack: false, earlier: null);

        // RFC 7766 §5: a truncated UDP answer means asking again over TCP.
        var tcp = await TcpExchange.RunAsync(server, query, wire, options.TcpTimeout, cancellationToken).ConfigureAwait(false);
        return Result(tcp, fellBack: true, earlier: udp);

        DnsQueryResult Result(DnsExchange last, bool fellBack, DnsExchange? earlier) => new()
        {
            Outcome = last.Outcome,
            Server = server,
            Question = question,
            Transport = last.Transport,
            FellBackToTcp = fellBack,
            Response = last.Response,
            ResponseSize = last.ResponseSize,
            RoundTrip = last.RoundTrip,
            Elapsed = DnsExchange.Since(started),
            Attempts = last.Attempts + (earlier?.Attempts ?? 0),
            MismatchedResponses = last.MismatchedResponses + (earlier?.MismatchedResponses ?? 0),
            FormatError = last.FormatError,
            Error = fellBack && last.Error is not null ? $"UDP answer truncated; {last.Error}" : last.Error,
        };
    }
}
