using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Dns.Discovery;
using Coexist.Probes.Engine;
using Coexist.Probes.Paths;

namespace Coexist.Probes.Sip.Probe;

/// <summary>
/// The run's <see cref="ProbeContext"/> with what the SIP checks share, each done once per run: the discovery of a
/// service's targets, the OPTIONS exchanges of a service per path and transport, and its calls per path. Several
/// checks judge one exchange (answers, address syntax, families, sizes), so each request goes out once. Shared work
/// runs on the run's lifetime, not on one check's deadline: a call that has begun is always ended.
/// </summary>
public sealed class SipProbeContext
{
    public SipProbeContext(ProbeContext context, SipProbeOptions? options = null)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Options = options ?? SipProbeOptions.Default;
    }

    public ProbeContext Context { get; }

    public SipProbeOptions Options { get; }

    public Task<SipDiscovery> DiscoveryAsync(ServiceSpec service, CancellationToken cancellationToken) =>
        SharedAsync($"sip:discovery:{service.Name}", ct => SipDiscovery.DiscoverAsync(service, Context.Resolver, ct),
            d => d.Status == DiscoveryStatus.CannotTest, cancellationToken);

    /// <summary>OPTIONS to every target of <paramref name="transport"/> on <paramref name="path"/>: one exchange per address (dual: per target).</summary>
    public Task<SipPathExchanges> OptionsAsync(ServiceSpec service, ProbePath path, SipTransport transport, CancellationToken cancellationToken) =>
        SharedAsync($"sip:options:{service.Name}:{WireNames.Of(path)}:{SipTransports.Name(transport)}", async ct =>
        {
            var discovery = await DiscoveryAsync(service, ct).ConfigureAwait(false);
            if (discovery.Status != DiscoveryStatus.Found) return new SipPathExchanges(discovery, transport, []);
            var perTarget = await Task.WhenAll(discovery.TargetsFor(transport).Select(target => OptionsAsync(target, path, ct))).ConfigureAwait(false);
            return new SipPathExchanges(discovery, transport, [.. perTarget.SelectMany(e => e)]);
        }, _ => false, cancellationToken);

    /// <summary>
    /// The probe calls of a service on a path: one INVITE to every address of every SIP server (never a media
    /// gateway, which could dial out) over the transport calls prefer (UDP, else TCP, else TLS). Only with
    /// <see cref="SipProbeOptions.AllowInvite"/>. Never repeated in a run: a retry must not place another call.
    /// </summary>
    public Task<SipPathCalls> CallsAsync(ServiceSpec service, ProbePath path, CancellationToken cancellationToken)
    {
        if (!Options.AllowInvite) throw new InvalidOperationException("calls need --allow-invite");
        return SharedAsync($"sip:invite:{service.Name}:{WireNames.Of(path)}", async ct =>
        {
            var discovery = await DiscoveryAsync(service, ct).ConfigureAwait(false);
            if (discovery.Status != DiscoveryStatus.Found) return new SipPathCalls(discovery, null, [], discovery.Reason);
            var transport = SipTransports.All.Cast<SipTransport?>().FirstOrDefault(t => discovery.TargetsFor(t!.Value).Any(x => x.Role == SipRole.SipServer));
            if (transport is not { } chosen) return new SipPathCalls(discovery, null, [], "the service lists no SIP server to call, only media gateways");
            var targets = discovery.TargetsFor(chosen).Where(t => t.Role == SipRole.SipServer).ToList();
            IReadOnlyList<SipExchange>? dual = path == ProbePath.Dual ? (await OptionsAsync(service, path, chosen, ct).ConfigureAwait(false)).Exchanges : null;
            var calls = await Task.WhenAll(targets.Select(target => CallsAsync(target, path, dual, ct))).ConfigureAwait(false);
            return new SipPathCalls(discovery, chosen, [.. calls.SelectMany(c => c)]);
        }, _ => false, cancellationToken);
    }

    private SipTlsSettings? TlsFor(SipTarget target) =>
        target.Transport == SipTransport.Tls ? new SipTlsSettings(target.TlsNames, Context.CertificateAuthorities) : null;

    private async Task<IReadOnlyList<SipExchange>> OptionsAsync(SipTarget target, ProbePath path, CancellationToken cancellationToken)
    {
        var resolved = await Context.Paths.ResolveAsync(target.Host, path, cancellationToken).ConfigureAwait(false);
        if (!resolved.IsReady) return [new SipExchange { Target = target, Resolved = resolved, Error = resolved.Reason ?? resolved.Status.ToString() }];
        var budget = SipTiming.OptionsBudget(Context.CheckTimeout);
        if (path == ProbePath.Dual) return [await DualOptionsAsync(target, resolved, budget, cancellationToken).ConfigureAwait(false)];
        return await Task.WhenAll(resolved.Addresses.Select(address => OptionsAsync(target, resolved, address, budget, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<SipExchange> OptionsAsync(SipTarget target, PathTarget resolved, PathAddress address, TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        SipFlow flow;
        try
        {
            flow = await SipFlow.OpenAsync(target.Transport, address.Address, target.Port, Context.Network, TlsFor(target), budget, cancellationToken).ConfigureAwait(false);
        }
        catch (SipFlowException e)
        {
            return new SipExchange { Target = target, Resolved = resolved, Address = address, Error = e.Message, Transient = e.Transient, Refused = e.Refused, Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        await using (flow.ConfigureAwait(false))
        {
            return await OptionsOverAsync(flow, target, resolved, address, budget - Stopwatch.GetElapsedTime(started), started, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SipExchange> OptionsOverAsync(SipFlow flow, SipTarget target, PathTarget resolved, PathAddress address, TimeSpan budget, long started,
        CancellationToken cancellationToken, JsonArray? attempts = null)
    {
        var transcript = new SipTranscript();
        var request = SipRequests.Options(Parameters(flow, target));
        var transaction = await SipTransaction.RunAsync(flow, request, budget, transcript, cancellationToken).ConfigureAwait(false);
        return new SipExchange
        {
            Target = target,
            Resolved = resolved,
            Address = address,
            Local = flow.Local,
            Tls = flow.Tls,
            LargestDatagram = flow.LargestDatagram,
            Transaction = transaction,
            Transcript = transcript,
            Error = transaction.Error,
            Transient = transaction.TimedOut,
            Refused = transaction.Refused,
            Elapsed = Stopwatch.GetElapsedTime(started),
            Attempts = attempts,
        };
    }

    /// <summary>
    /// The dual path, as a dual-stack client reaches the target: over TCP and TLS the winner of a Happy Eyeballs
    /// race (RFC 8305); over UDP, which has no connection to race, the addresses in that same order, each given
    /// its share of the budget before the next is tried (RFC 3263 §4.3: on a timeout, the next address).
    /// </summary>
    private async Task<SipExchange> DualOptionsAsync(SipTarget target, PathTarget resolved, TimeSpan budget, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var addresses = resolved.Addresses;
        if (target.Transport != SipTransport.Udp)
        {
            var race = await HappyEyeballs.ConnectAsync([.. addresses.Select(a => a.Address)], target.Port, Context.Network, budget / 2, cancellationToken).ConfigureAwait(false);
            var raced = new JsonArray([.. race.Attempts.Select(a => (JsonNode)a.ToJson())]);
            if (race.Socket is not { } socket)
                return new SipExchange { Target = target, Resolved = resolved, Error = $"no address accepted a connection: {race.Error}", Transient = true, Elapsed = race.Elapsed, Attempts = raced };
            var winner = addresses.First(a => a.Address.Equals(race.Winner));
            SipFlow flow;
            try
            {
                flow = await SipFlow.OverAsync(socket, target.Transport, winner.Address, target.Port, TlsFor(target), budget - Stopwatch.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
            }
            catch (SipFlowException e)
            {
                socket.Dispose();
                return new SipExchange { Target = target, Resolved = resolved, Address = winner, Error = e.Message, Transient = e.Transient, Elapsed = Stopwatch.GetElapsedTime(started), Attempts = raced };
            }
            await using (flow.ConfigureAwait(false))
            {
                return await OptionsOverAsync(flow, target, resolved, winner, budget - Stopwatch.GetElapsedTime(started), started, cancellationToken, raced).ConfigureAwait(false);
            }
        }

        var tries = new JsonArray();
        SipExchange? last = null;
        for (var i = 0; i < addresses.Length; i++)
        {
            var left = budget - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) break;
            var share = i == addresses.Length - 1 ? left : TimeSpan.FromTicks(Math.Max(SipTiming.LeastDualAttempt.Ticks, left.Ticks / (addresses.Length - i)));
            last = await OptionsAsync(target, resolved, addresses[i], share < left ? share : left, cancellationToken).ConfigureAwait(false);
            tries.Add(new JsonObject
            {
                ["address"] = addresses[i].Address.ToString(),
                ["status"] = last.Response?.StatusCode,
                ["error"] = last.Error is null ? null : SipEvidence.Cut(last.Error),
            });
            if (last.Response is not null) break;
        }
        return (last ?? new SipExchange { Target = target, Resolved = resolved, Error = "no time was left to try any address", Transient = true })
            with { Attempts = tries, Elapsed = Stopwatch.GetElapsedTime(started) };
    }

    private async Task<IReadOnlyList<SipCallExchange>> CallsAsync(SipTarget target, ProbePath path, IReadOnlyList<SipExchange>? dual, CancellationToken cancellationToken)
    {
        if (dual is not null)
        {
            // A dual-stack client calls the address that answered it.
            var answered = dual.FirstOrDefault(e => e.Target == target);
            if (answered?.Address is not { } address || answered.Response is null)
                return [new SipCallExchange { Target = target, Resolved = answered?.Resolved ?? Unresolved(target, path), Error = $"no address answered OPTIONS: {answered?.Error ?? "not tried"}" }];
            return [await CallAsync(target, answered.Resolved, address, cancellationToken).ConfigureAwait(false)];
        }
        var resolved = await Context.Paths.ResolveAsync(target.Host, path, cancellationToken).ConfigureAwait(false);
        if (!resolved.IsReady) return [new SipCallExchange { Target = target, Resolved = resolved, Error = resolved.Reason ?? resolved.Status.ToString() }];
        return await Task.WhenAll(resolved.Addresses.Select(address => CallAsync(target, resolved, address, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<SipCallExchange> CallAsync(SipTarget target, PathTarget resolved, PathAddress address, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var inviteBudget = SipTiming.InviteBudget(Context.CheckTimeout);
        SipFlow flow;
        try
        {
            flow = await SipFlow.OpenAsync(target.Transport, address.Address, target.Port, Context.Network, TlsFor(target), inviteBudget, cancellationToken).ConfigureAwait(false);
        }
        catch (SipFlowException e)
        {
            return new SipCallExchange { Target = target, Resolved = resolved, Address = address, Error = e.Message, Transient = e.Transient, Refused = e.Refused, Elapsed = Stopwatch.GetElapsedTime(started) };
        }
        await using (flow.ConfigureAwait(false))
        {
            var invite = SipRequests.Invite(Parameters(flow, target), SipOffer.For(flow.Local.Address));
            var call = await SipCall.RunAsync(flow, invite, inviteBudget - Stopwatch.GetElapsedTime(started), SipTiming.CleanupBudget(Context.CheckTimeout), cancellationToken).ConfigureAwait(false);
            return new SipCallExchange
            {
                Target = target,
                Resolved = resolved,
                Address = address,
                Local = flow.Local,
                Tls = flow.Tls,
                LargestDatagram = flow.LargestDatagram,
                Call = call,
                Error = call.Final is null ? call.Error : null,
                Transient = call.TimedOut,
                Refused = call.Refused,
                Elapsed = Stopwatch.GetElapsedTime(started),
            };
        }
    }

    private SipRequestParameters Parameters(SipFlow flow, SipTarget target) => new()
    {
        Transport = target.Transport,
        Local = flow.Local,
        Target = target.RequestUri(),
        UserAgent = Options.UserAgent,
    };

    private static PathTarget Unresolved(SipTarget target, ProbePath path) =>
        new() { Path = path, Target = target.Host, Status = PathStatus.CannotTest, Reason = "not resolved" };

    private async Task<T> SharedAsync<T>(string key, Func<CancellationToken, Task<T>> compute, Func<T, bool> forget, CancellationToken cancellationToken)
        where T : class
    {
        var result = await Context.SharedAsync(key, compute, cancellationToken).ConfigureAwait(false);
        if (forget(result)) Context.Forget(key);
        return result;
    }
}
