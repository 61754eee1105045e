using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Sip.Probe;

/// <summary>
/// How one client transaction ended (RFC 3261 §17.1): its final response, or why there was none; the provisional
/// responses; and what else arrived that was not ours (unreadable datagrams, other transactions' responses).
/// </summary>
public sealed record SipTransactionResult
{
    public required SipRequest Request { get; init; }

    public SipResponse? Final { get; init; }

    /// <summary>The octets of the final response.</summary>
    public int FinalOctets { get; init; }

    public ImmutableArray<SipResponse> Provisionals { get; init; } = [];

    /// <summary>Times the request went out (1 over TCP and TLS; with the retransmissions over UDP).</summary>
    public int Sends { get; init; }

    /// <summary>From the first send to the final response.</summary>
    public TimeSpan? ResponseTime { get; init; }

    /// <summary>Why no final response came, when none did.</summary>
    public string? Error { get; init; }

    public bool TimedOut { get; init; }

    /// <summary>The flow ended because nothing listens (ICMP port unreachable).</summary>
    public bool Refused { get; init; }

    public SipNoise Noise { get; init; } = new();

    public bool Answered => Final is not null;

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["request"] = $"{Request.Method} {SipEvidence.Cut(Request.RequestUri.ToString())}",
            ["sends"] = Sends,
            ["status"] = Final?.StatusCode,
            ["reason"] = Final is null ? null : SipEvidence.Cut(Final.ReasonPhrase, 64),
            ["responseMs"] = ResponseTime is { } t ? Math.Round(t.TotalMilliseconds, 1) : null,
            ["provisional"] = new JsonArray([.. Provisionals.Select(p => (JsonNode)JsonValue.Create(p.StatusCode))]),
        };
        if (Error is not null) json["error"] = SipEvidence.Cut(Error);
        Noise.AddTo(json);
        return json;
    }
}

/// <summary>What arrived that was not a response of the exchange; counted, the first reason kept.</summary>
public sealed class SipNoise
{
    public int Unreadable { get; private set; }

    public string? FirstUnreadable { get; private set; }

    /// <summary>Readable messages of no transaction of ours (a wrong branch, Call-ID or method; a request).</summary>
    public int Unmatched { get; private set; }

    public void AddUnreadable(string error)
    {
        Unreadable++;
        FirstUnreadable ??= error;
    }

    public void AddUnmatched() => Unmatched++;

    public void AddTo(JsonObject json)
    {
        if (Unreadable > 0)
        {
            json["unreadable"] = Unreadable;
            json["firstUnreadable"] = SipEvidence.Cut(FirstUnreadable!);
        }
        if (Unmatched > 0) json["unmatched"] = Unmatched;
    }
}

/// <summary>
/// A non-INVITE client transaction (RFC 3261 §17.1.2) as the probe runs it, for OPTIONS, CANCEL and BYE: send;
/// over UDP resend at Timer E (T1, doubling up to T2, at T2 once a provisional response came) until a final
/// response or the end of the budget; over TCP and TLS send once and wait. A response is ours when its top Via
/// branch and CSeq method are the request's (§17.1.3), and its Call-ID too.
/// </summary>
public static class SipTransaction
{
    public static Task<SipTransactionResult> RunAsync(SipFlow flow, SipRequest request, TimeSpan budget, SipTranscript transcript, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(transcript);
        return new Transaction(flow, request, transcript).RunAsync(budget, cancellationToken);
    }

    /// <summary>The state of one transaction while it runs.</summary>
    private sealed class Transaction(SipFlow flow, SipRequest request, SipTranscript transcript)
    {
        private readonly SipNoise _noise = new();
        private readonly ImmutableArray<SipResponse>.Builder _provisionals = ImmutableArray.CreateBuilder<SipResponse>();
        private long _started;
        private int _sends;

        public async Task<SipTransactionResult> RunAsync(TimeSpan budget, CancellationToken cancellationToken)
        {
            _started = Stopwatch.GetTimestamp();
            try
            {
                return await LoopAsync(budget, cancellationToken).ConfigureAwait(false);
            }
            catch (SipFlowException e)
            {
                // The network closed the flow on a send (an ICMP error on UDP, a reset connection).
                return Result(e.Message, refused: e.Refused);
            }
        }

        private async Task<SipTransactionResult> LoopAsync(TimeSpan budget, CancellationToken cancellationToken)
        {
            var deadline = _started + Ticks(budget);
            var udp = flow.Transport == SipTransport.Udp;
            var interval = SipTiming.T1;
            var resendAt = _started + Ticks(interval);
            await SendAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= deadline)
                {
                    var heard = _provisionals.Count > 0 ? $" (only provisional {string.Join(", ", _provisionals.Select(p => p.StatusCode))})" : "";
                    return Result($"no final response to {request.Method} within {budget.TotalSeconds:0.###} s after {_sends} send{(_sends == 1 ? "" : "s")}{heard}", timedOut: true);
                }
                if (udp && now >= resendAt)
                {
                    await SendAsync(cancellationToken).ConfigureAwait(false);
                    interval = SipTiming.NextInterval(interval, invite: false, _provisionals.Count > 0);
                    resendAt = now + Ticks(interval);
                    continue;
                }
                var wait = TimeSpan.FromTicks((udp ? Math.Min(deadline, resendAt) - now : deadline - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
                var inbound = await flow.ReceiveAsync(wait, cancellationToken).ConfigureAwait(false);
                if (inbound is null) continue;
                if (inbound.Message is null)
                {
                    if (inbound.Terminal) return Result(inbound.Error, refused: inbound.Error?.StartsWith("ICMP port unreachable", StringComparison.Ordinal) == true);
                    _noise.AddUnreadable(inbound.Error ?? "unreadable");
                    transcript.Noise($"unreadable ({SipEvidence.Cut(inbound.Error ?? "", 80)})", inbound.Octets);
                    continue;
                }
                if (!Matches(inbound.Message, request, request.Method, out var response))
                {
                    _noise.AddUnmatched();
                    transcript.Noise($"unmatched {SipTranscript.Describe(inbound.Message)}", inbound.Octets);
                    continue;
                }
                transcript.Received(response, inbound.Octets);
                if (response.IsProvisional)
                {
                    _provisionals.Add(response);
                    // RFC 3261 §17.1.2.2: in Proceeding, retransmissions go at T2.
                    if (udp) resendAt = Math.Min(resendAt, Stopwatch.GetTimestamp() + Ticks(SipTiming.T2));
                    continue;
                }
                return Result(null, final: response, finalOctets: inbound.Octets);
            }
        }

        private async Task SendAsync(CancellationToken cancellationToken)
        {
            var octets = await flow.SendAsync(request, cancellationToken).ConfigureAwait(false);
            transcript.Sent(request, octets);
            _sends++;
        }

        private SipTransactionResult Result(string? error, bool timedOut = false, bool refused = false, SipResponse? final = null, int finalOctets = 0) => new()
        {
            Request = request,
            Final = final,
            FinalOctets = finalOctets,
            Provisionals = _provisionals.ToImmutable(),
            Sends = _sends,
            ResponseTime = final is null ? null : Stopwatch.GetElapsedTime(_started),
            Error = error,
            TimedOut = timedOut,
            Refused = refused,
            Noise = _noise,
        };
    }

    /// <summary>Whether <paramref name="message"/> is a response to <paramref name="request"/>'s transaction for <paramref name="method"/>.</summary>
    public static bool Matches(SipMessage message, SipRequest request, string method, out SipResponse response)
    {
        response = (message as SipResponse)!;
        return message is SipResponse r
            && string.Equals(r.TopVia.Branch, request.TopVia.Branch, StringComparison.Ordinal)
            && string.Equals(r.CSeq.Method, method, StringComparison.Ordinal)
            && string.Equals(r.CallId, request.CallId, StringComparison.Ordinal);
    }

    internal static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
