using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Coexist.Model;
using Coexist.Probes.Sip.Probe;
using Coexist.Probes.Tests.Support;

namespace Coexist.Probes.Tests.Sip.Probe;

/// <summary>
/// OPTIONS over TLS (port 5061, RFC 5922 certificate checks) against a loopback server with a test CA, given to the
/// run as <c>--ca-file</c> gives it (<see cref="Coexist.Probes.Engine.ProbeSettings.CertificateAuthorities"/>).
/// </summary>
public sealed class SipTlsTests : IAsyncLifetime
{
    private const string Name = "sips.shop.test";
    private const string Address = "2001:db8:5061::61";
    private readonly SipWorld _world = new();
    private X509Certificate2 _ca = null!;

    public Task InitializeAsync()
    {
        _world.Data.Addresses(Name, Address);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        _ca?.Dispose();
    }

    private async Task<ProbeResult> OptionsOverTlsAsync(string certificateName, bool trustTheCa)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Coexist SIP test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        _ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={certificateName}", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(certificateName);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = leafRequest.Create(_ca, now.AddDays(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(leafKey);
        var serverCertificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        var peer = _world.Start(PeerBehaviours.FollowsFamily("198.51.100.61", Address), serverCertificate);
        Assert.NotNull(peer.EndPoint6);
        _world.World.Network.Redirect(IPAddress.Parse(Address), peer.TlsEndPoint!);
        var service = new ServiceSpec { Name = "tls", Kind = ServiceKind.Sip, Hosts = [Name], Transports = [Model.SipTransport.Tls] };
        // --ca-file: the run's private authorities, trusted beside the system's roots.
        var authorities = trustTheCa ? new[] { X509CertificateLoader.LoadCertificate(_ca.RawData) } : null;
        var results = await _world.ProbeAsync([service], [ProbePath.V6], SipProbeOptions.Default, TimeSpan.FromSeconds(6), authorities);
        Assert.All(results.Where(r => r.Check == "sip-options"), r => Assert.True(r.Outcome == Outcome.Skipped || r.Evidence?["target"]?["transport"]?.GetValue<string>() == "tls", r.Detail));
        return Assert.Single(results, r => r.Check == "sip-options" && r.Outcome != Outcome.Skipped);
    }

    [LoopbackFact]
    public async Task A_certificate_from_the_given_CA_for_the_host_passes_and_is_described()
    {
        var result = await OptionsOverTlsAsync(Name, trustTheCa: true);

        Assert.Equal(Outcome.Pass, result.Outcome);
        Assert.Matches($@"^tls \[{Address}\]:5061 answered 200 OK in [0-9.]+ ms over Tls1[23], certificate for {Name}$", result.Detail);
        Assert.Equal(5061, result.Port);
        Assert.Equal($"CN={Name}", result.Evidence!["tls"]!["subject"]!.GetValue<string>());
        Assert.Equal("sips:sips.shop.test:5061", result.Evidence["options"]!["request"]!.GetValue<string>()["OPTIONS ".Length..]);
    }

    [LoopbackFact]
    public async Task A_certificate_neither_the_system_nor_a_given_CA_vouches_for_fails_the_handshake()
    {
        var result = await OptionsOverTlsAsync(Name, trustTheCa: false);

        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Contains($"TLS handshake failed: the certificate (CN={Name}) is not trusted", result.Detail);
    }

    [LoopbackFact]
    public async Task A_certificate_for_another_name_fails_the_handshake()
    {
        var result = await OptionsOverTlsAsync("other.shop.test", trustTheCa: true);

        Assert.Equal(Outcome.Fail, result.Outcome);
        Assert.Contains($"TLS handshake failed: the certificate (CN=other.shop.test) names none of {Name}", result.Detail);
    }
}
