using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Sip.Probe;

/// <summary>A response as it arrived, with its size on the wire.</summary>
public sealed record SipReceived(SipResponse Response, int Octets);

/// <summary>How a probe call went: the answer it got, and how it was ended so that no call stays up.</summary>
public sealed record SipCallResult
{
    public required SipRequest Invite { get; init; }

    public required SipTranscript Transcript { get; init; }

    /// <summary>Every response to the INVITE, provisional and final, in order (retransmissions once).</summary>
    public ImmutableArray<SipReceived> Responses { get; init; } = [];

    /// <summary>The final response to the INVITE.</summary>
    public SipResponse? Final { get; init; }

    /// <summary>The response whose body is the SDP answer: the 2xx, or a provisional (183) that carried one first.</summary>
    public SipResponse? Answer { get; init; }

    public SdpSession? AnswerSdp { get; init; }

    /// <summary>Why the answer's SDP could not be read, when it could not.</summary>
    public string? AnswerSdpError { get; init; }

    /// <summary>The CANCEL sent after a provisional response, and its final response.</summary>
    public SipRequest? Cancel { get; init; }

    public SipResponse? CancelFinal { get; init; }

    /// <summary>"non-2xx" (ACK of the INVITE transaction) or "2xx" (ACK of the dialog), or null when no ACK was due.</summary>
    public string? Ack { get; init; }

    public SipRequest? Bye { get; init; }

    public SipResponse? ByeFinal { get; init; }

    /// <summary>From the first send of the INVITE to its first response.</summary>
    public TimeSpan? FirstResponseTime { get; init; }

    /// <summary>Why there is no final response, or why the clean-up did not finish.</summary>
    public string? Error { get; init; }

    public bool TimedOut { get; init; }

    public bool Refused { get; init; }

    public SipNoise Noise { get; init; } = new();

    /// <summary>A 2xx came and its BYE got no final response: the server may still hold the call until its own timers end it.</summary>
    public bool MayBeLeftUp => Final is { IsSuccess: true } && ByeFinal is null;

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["status"] = Final?.StatusCode,
            ["reason"] = Final is null ? null : SipEvidence.Cut(Final.ReasonPhrase, 64),
            ["firstResponseMs"] = FirstResponseTime is { } t ? Math.Round(t.TotalMilliseconds, 1) : null,
            ["cancelled"] = Cancel is not null,
            ["cancelStatus"] = CancelFinal?.StatusCode,
            ["ack"] = Ack,
            ["bye"] = Bye is not null,
            ["byeStatus"] = ByeFinal?.StatusCode,
            ["mayBeLeftUp"] = MayBeLeftUp,
            ["transcript"] = Transcript.ToJson(),
        };
        if (Error is not null) json["error"] = SipEvidence.Cut(Error);
        if (AnswerSdpError is not null) json["answerSdpError"] = SipEvidence.Cut(AnswerSdpError);
        Noise.AddTo(json);
        return json;
    }
}

/// <summary>
/// The probe's call: an INVITE with an offer, ended at once, so that the answer's SDP can be judged and no call is
/// completed. The wire sequence (RFC 3261 §9, §13, §15, §17.1.1):
/// <list type="bullet">
/// <item>INVITE; over UDP resent at Timer A (T1, doubling) until the first response.</item>
/// <item>A provisional response (100, 180, 183): CANCEL at once (§9.1 allows it only now), resent over UDP at
/// Timer E until its final response; the INVITE then ends with 487, which gets an ACK.</item>
/// <item>A non-2xx final response (487, 486, 488, ...): ACK in the INVITE's transaction (same branch), again for
/// every retransmission of that response.</item>
/// <item>A 2xx (the server answered at once, or despite the CANCEL): ACK in the dialog (new branch, To tag,
/// Contact as Request-URI, Record-Route as Route), then BYE (CSeq + 1) until its final response; the ACK again
/// for every retransmitted 2xx.</item>
/// <item>No response at all: nothing to CANCEL (§9.1 forbids it before a provisional response); the INVITE is
/// given up at the end of its budget.</item>
/// </list>
/// ACK, CANCEL and BYE go over the INVITE's own flow (the same socket or connection), since the probe judges this
/// flow and a Contact of the other family could not be reached from it anyway. Once clean-up has begun, it runs to
/// its own budget even when the caller's token is cancelled, so that Ctrl+C does not leave a call up.
/// </summary>
public static class SipCall
{
    public static async Task<SipCallResult> RunAsync(SipFlow flow, SipRequest invite, TimeSpan inviteBudget, TimeSpan cleanupBudget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(invite);
        if (invite.Method != "INVITE") throw new ArgumentException($"a call starts with an INVITE, not {invite.Method}", nameof(invite));
        var call = new Call(flow, invite, cleanupBudget);
        return await call.RunAsync(inviteBudget, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The state of one call; one loop reads every response and decides the next request.</summary>
    private sealed class Call(SipFlow flow, SipRequest invite, TimeSpan cleanupBudget)
    {
        private readonly SipTranscript _transcript = new();
        private readonly SipNoise _noise = new();
        private readonly List<SipReceived> _responses = [];
        private readonly bool _udp = flow.Transport == SipTransport.Udp;
        private long _started;
        private TimeSpan? _firstResponse;
        private SipResponse? _final;
        private SipResponse? _answer;
        private SipRequest? _ack;
        private string? _ackKind;
        private Retransmitted? _cancel;
        private Retransmitted? _bye;
        private long? _cleanupDeadline;
        private CancellationTokenSource? _cleanup;

        public async Task<SipCallResult> RunAsync(TimeSpan inviteBudget, CancellationToken cancellationToken)
        {
            _started = Stopwatch.GetTimestamp();
            var inviteDeadline = _started + SipTransaction.Ticks(inviteBudget);
            var inviteInterval = SipTiming.T1;
            var resendInviteAt = _started + SipTransaction.Ticks(inviteInterval);
            string? error = null;
            var timedOut = false;
            var refused = false;
            try
            {
                await SendAsync(invite, cancellationToken).ConfigureAwait(false);
                while (!Done)
                {
                    var token = _cleanup?.Token ?? cancellationToken;
                    var now = Stopwatch.GetTimestamp();
                    var deadline = _cleanupDeadline ?? inviteDeadline;
                    if (now >= deadline)
                    {
                        timedOut = true;
                        error = _firstResponse is null
                            ? $"no response to INVITE within {inviteBudget.TotalSeconds:0.###} s; nothing to CANCEL (RFC 3261 §9.1)"
                            : $"the call was not ended within {cleanupBudget.TotalSeconds:0.###} s: {Pending}";
                        break;
                    }

                    var next = deadline;
                    if (_udp && _firstResponse is null)
                    {
                        if (now >= resendInviteAt)
                        {
                            await SendAsync(invite, token).ConfigureAwait(false);
                            inviteInterval = SipTiming.NextInterval(inviteInterval, invite: true, provisionalSeen: false);
                            resendInviteAt = now + SipTransaction.Ticks(inviteInterval);
                        }
                        next = Math.Min(next, resendInviteAt);
                    }
                    foreach (var pending in new[] { _cancel, _bye })
                    {
                        if (pending is null || pending.Final is not null || !_udp) continue;
                        if (now >= pending.ResendAt) await pending.ResendAsync(this, now, token).ConfigureAwait(false);
                        next = Math.Min(next, pending.ResendAt);
                    }

                    var wait = TimeSpan.FromTicks(Math.Max(0, next - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
                    var inbound = await flow.ReceiveAsync(wait, token).ConfigureAwait(false);
                    if (inbound is null) continue;
                    if (inbound.Message is null)
                    {
                        if (inbound.Terminal)
                        {
                            error = inbound.Error;
                            refused = inbound.Error?.StartsWith("ICMP port unreachable", StringComparison.Ordinal) == true;
                            break;
                        }
                        _noise.AddUnreadable(inbound.Error ?? "unreadable");
                        _transcript.Noise($"unreadable ({SipEvidence.Cut(inbound.Error ?? "", 80)})", inbound.Octets);
                        continue;
                    }
                    await OnMessageAsync(inbound, token).ConfigureAwait(false);
                }
            }
            catch (SipFlowException e)
            {
                // The network closed the flow (ICMP unreachable on a send, a reset): nothing more can be sent or heard.
                error = e.Message;
                refused = e.Refused;
            }
            catch (OperationCanceledException) when (_cleanup is { IsCancellationRequested: true })
            {
                // A send that would not finish (a stream whose peer stopped reading) ran into the clean-up's limit.
                timedOut = true;
                error = $"the call was not ended within {cleanupBudget.TotalSeconds:0.###} s: {Pending}";
            }
            finally
            {
                _cleanup?.Dispose();
            }

            return new SipCallResult
            {
                Invite = invite,
                Transcript = _transcript,
                Responses = [.. _responses],
                Final = _final,
                Answer = _answer,
                AnswerSdp = ReadAnswer(out var sdpError),
                AnswerSdpError = sdpError,
                Cancel = _cancel?.Request,
                CancelFinal = _cancel?.Final,
                Ack = _ackKind,
                Bye = _bye?.Request,
                ByeFinal = _bye?.Final,
                FirstResponseTime = _firstResponse,
                Error = error,
                TimedOut = timedOut,
                Refused = refused,
                Noise = _noise,
            };
        }

        /// <summary>Finished: a non-2xx final response was acknowledged, or a 2xx was acknowledged and its BYE answered.</summary>
        private bool Done => _final is { } final && (!final.IsSuccess || _bye?.Final is not null);

        private string Pending =>
            _final is null ? (_cancel is null ? "no final response to the INVITE" : "no final response to the INVITE after CANCEL")
            : _bye?.Final is null ? "no final response to BYE" : "nothing";

        private async Task OnMessageAsync(SipInbound inbound, CancellationToken token)
        {
            var message = inbound.Message!;
            if (SipTransaction.Matches(message, invite, "INVITE", out var response))
            {
                _transcript.Received(response, inbound.Octets);
                _firstResponse ??= Stopwatch.GetElapsedTime(_started);
                if (response.IsProvisional)
                {
                    if (_final is not null) return;
                    _responses.Add(new SipReceived(response, inbound.Octets));
                    if (_answer is null && response.HasSdpBody) _answer = response;
                    if (_cancel is null)
                    {
                        BeginCleanup();
                        _cancel = new Retransmitted(SipRequests.Cancel(invite), "CANCEL");
                        await _cancel.SendAsync(this, _cleanup!.Token).ConfigureAwait(false);
                    }
                    return;
                }
                if (_final is null)
                {
                    _final = response;
                    _responses.Add(new SipReceived(response, inbound.Octets));
                    if (response.IsSuccess)
                    {
                        if (response.HasSdpBody) _answer = response;
                        BeginCleanup(restart: true);
                        _ack = SipRequests.AckForSuccess(invite, response);
                        _ackKind = "2xx";
                        await SendAsync(_ack, _cleanup!.Token).ConfigureAwait(false);
                        _bye = new Retransmitted(SipRequests.Bye(invite, response), "BYE");
                        await _bye.SendAsync(this, _cleanup.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        _ack = SipRequests.AckForFailure(invite, response);
                        _ackKind = "non-2xx";
                        await SendAsync(_ack, _cleanup?.Token ?? token).ConfigureAwait(false);
                    }
                    return;
                }
                // A retransmitted final response: its ACK was lost (RFC 3261 §13.2.2.4, §17.1.1.2); send it again.
                if (_ack is not null && response.StatusCode == _final.StatusCode) await SendAsync(_ack, _cleanup?.Token ?? token).ConfigureAwait(false);
                return;
            }
            foreach (var pending in new[] { _cancel, _bye })
            {
                if (pending is not null && SipTransaction.Matches(message, pending.Request, pending.Method, out var own))
                {
                    _transcript.Received(own, inbound.Octets);
                    if (!own.IsProvisional) pending.Final ??= own;
                    return;
                }
            }
            _noise.AddUnmatched();
            _transcript.Noise($"unmatched {SipTranscript.Describe(message)}", inbound.Octets);
        }

        /// <summary>From here on the call is ended on a budget of its own, whatever the caller's token does.</summary>
        private void BeginCleanup(bool restart = false)
        {
            if (_cleanup is not null && !restart) return;
            var now = Stopwatch.GetTimestamp();
            _cleanupDeadline = now + SipTransaction.Ticks(cleanupBudget);
            _cleanup?.Dispose();
            // One T1 of slack beyond the deadline: the loop ends at the deadline, the token only stops a stuck send.
            _cleanup = new CancellationTokenSource(cleanupBudget + SipTiming.T1);
        }

        private async Task SendAsync(SipRequest request, CancellationToken token)
        {
            var octets = await flow.SendAsync(request, token).ConfigureAwait(false);
            _transcript.Sent(request, octets);
        }

        private SdpSession? ReadAnswer(out string? error)
        {
            error = null;
            if (_answer is null) return null;
            try
            {
                return _answer.ReadSdp();
            }
            catch (SipFormatException e)
            {
                error = e.Message;
                return null;
            }
        }

        /// <summary>A CANCEL or BYE: its own non-INVITE transaction, resent over UDP at Timer E until its final response.</summary>
        private sealed class Retransmitted(SipRequest request, string method)
        {
            private TimeSpan _interval = SipTiming.T1;

            public SipRequest Request { get; } = request;

            public string Method { get; } = method;

            public SipResponse? Final { get; set; }

            public long ResendAt { get; private set; }

            public async Task SendAsync(Call call, CancellationToken token)
            {
                await call.SendAsync(Request, token).ConfigureAwait(false);
                ResendAt = Stopwatch.GetTimestamp() + SipTransaction.Ticks(_interval);
            }

            public async Task ResendAsync(Call call, long now, CancellationToken token)
            {
                await call.SendAsync(Request, token).ConfigureAwait(false);
                _interval = SipTiming.NextInterval(_interval, invite: false, provisionalSeen: false);
                ResendAt = now + SipTransaction.Ticks(_interval);
            }
        }
    }
}
