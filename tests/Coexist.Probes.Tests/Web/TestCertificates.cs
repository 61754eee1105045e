using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coexist.Probes.Tests.Web;

/// <summary>A private CA made for the test run and server certificates it issues, as the lab's lib/tls.sh makes them.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Authority { get; } = MakeAuthority();

    private static X509Certificate2 MakeAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Coexist web test CA, O=Coexist tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A server certificate for <paramref name="names"/>, issued by <see cref="Authority"/> (or self-signed), with its key.</summary>
    public static X509Certificate2 Server(string[] names, bool selfSigned = false, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names) san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var from = DateTimeOffset.UtcNow.AddDays(-1);
        var until = notAfter ?? DateTimeOffset.UtcNow.AddDays(29);
        X509Certificate2 made;
        if (selfSigned)
        {
            made = request.CreateSelfSigned(from, until);
        }
        else
        {
            using var authorityKey = Authority.GetECDsaPrivateKey()!;
            var serial = RandomNumberGenerator.GetBytes(12);
            using var signed = request.Create(Authority.SubjectName, X509SignatureGenerator.CreateForECDsa(authorityKey), from, until, serial);
            made = signed.CopyWithPrivateKey(key);
        }
        using (made)
        {
            // Through PKCS#12, so that SslStream on Linux gets a key it can use.
            return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
        }
    }
}
