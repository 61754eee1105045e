using System.Text.Json.Nodes;
using Coexist.Model;
using Coexist.Probes.Engine;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4001: every address on every path accepts TCP connections on the service's web ports (80 and 443 by
/// default) within 4 s, as internet.nl's web_reach tries them. On dual, one Happy Eyeballs race a port.
/// </summary>
public sealed class PortsAcceptConnections : WebCheck
{
    public override WebRule Rule => WebRules.Reach;

    public override IReadOnlyCollection<ProbePath> Paths => AllPaths;

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        run.ForEachTargetAsync(async (host, target, web) =>
        {
            var outcomes = await Task.WhenAll(run.Ports.Select(port => run.Web.ConnectAsync(run.Service, web, port, cancellationToken))).ConfigureAwait(false);
            return run.Ports.Zip(outcomes, (port, connect) =>
            {
                var evidence = WebCheckRun.Evidence(target, more: new JsonObject { ["elapsedMs"] = Math.Round(connect.Elapsed.TotalMilliseconds, 1) });
                if (connect.Connected)
                    return run.Result(Outcome.Pass, $"{connect.Address} port {port} accepted a connection in {connect.Elapsed.TotalMilliseconds:0.#} ms", host, connect.Address, port, evidence);
                evidence["error"] = connect.Error!.TimedOut ? "timeout" : connect.Error.SocketError?.ToString() ?? "failed";
                return run.Result(Outcome.Fail, connect.Error.Message, host, web.Address, port, evidence);
            });
        }, absenceFails: true, cancellationToken);
}
