using System.Globalization;
using Coexist.Model;
using Coexist.Probes.Engine;
using Coexist.Probes.Web.Http;

namespace Coexist.Probes.Web.Checks;

/// <summary>
/// COEX4006: over HTTPS, every address on every path presents a certificate that names the host, is in date and
/// chains to a trusted authority: the system's, or one given with <c>--ca-file</c> / <c>ca-file:</c>.
/// </summary>
public sealed class CertificateValidForName : WebCheck
{
    public override WebRule Rule => WebRules.Certificate;

    public override IReadOnlyCollection<ProbePath> Paths => AllPaths;

    public override string? NotFor(ServiceSpec service) => NoHttpsPort(service);

    public override Task<CheckReport> RunAsync(WebCheckRun run, CancellationToken cancellationToken) =>
        run.ForEachTargetAsync(async (host, target, web) =>
        {
            var ports = run.Ports.Where(WebProbeContext.IsHttps).ToList();
            var fetches = await Task.WhenAll(ports.Select(port => run.Web.FetchAsync(run.Service, host, web, port, cancellationToken))).ConfigureAwait(false);
            return ports.Zip(fetches, (port, fetch) =>
            {
                var address = WebCheckRun.AddressOf(web, fetch);
                var evidence = WebCheckRun.Evidence(target, fetch);
                if (fetch.Tls is not { } tls)
                {
                    return fetch.Failure?.Kind == FetchFailureKind.Tls
                        ? run.Result(Outcome.Fail, fetch.Failure.Text, host, address, port, evidence)
                        : run.Result(Outcome.Skipped, $"no TLS handshake to judge: {fetch.StatusLine} ({WebRules.Http.Id})", host, address, port, evidence);
                }
                if (tls.Problem(host) is { } problem)
                    return run.Result(Outcome.Fail, $"the certificate of {address} port {port} is not valid for {host}: {problem}", host, address, port, evidence);
                var through = tls.TrustedBy == "ca-file" ? ", trusted through --ca-file" : "";
                return run.Result(Outcome.Pass,
                    $"certificate for {host} from {address} port {port}, issued by {tls.Issuer}, valid until {tls.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{through}",
                    host, address, port, evidence);
            });
        }, absenceFails: false, cancellationToken);
}
