using System.Collections.Immutable;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Coexist.Probes.Mail.Smtp;

/// <summary>What a server's certificate says, in report-safe text: names, issuer, validity, fingerprint.</summary>
public sealed record CertificateSummary(string Subject, string Issuer, ImmutableArray<string> DnsNames, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Sha256)
{
    /// <summary>Names from the subject alternative name extension: at most this many go into a report.</summary>
    public const int MaxDnsNames = 20;

    public static CertificateSummary Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        // The callback's certificate belongs to the TLS stream: read it, never dispose it.
        using var loaded = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var full = loaded ?? (X509Certificate2)certificate;
        var names = full.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames())
            .Take(MaxDnsNames)
            .Select(n => ReportText.Printable(n, 100));
        return new CertificateSummary(
            ReportText.Printable(full.Subject), ReportText.Printable(full.Issuer), [.. names],
            new DateTimeOffset(full.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(full.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            Convert.ToHexStringLower(SHA256.HashData(full.RawData)));
    }

    public JsonObject ToJson() => new()
    {
        ["subject"] = Subject,
        ["issuer"] = Issuer,
        ["dnsNames"] = Evidence.Strings(DnsNames),
        ["notBefore"] = NotBefore.ToString("O", CultureInfo.InvariantCulture),
        ["notAfter"] = NotAfter.ToString("O", CultureInfo.InvariantCulture),
        ["sha256"] = Sha256,
    };
}

/// <summary>
/// A TLS session the probe negotiated: protocol, cipher suite, the server's certificate and what validating it
/// against the system's trust store found. SMTP between MTAs is opportunistic (RFC 7435; RFC 3207 §4.1): the
/// probe completes the handshake whatever the certificate, and reports what a validating client (MTA-STS,
/// DANE) would have said.
/// </summary>
public sealed record TlsDetails(string Protocol, string CipherSuite, CertificateSummary? Certificate, SslPolicyErrors PolicyErrors, TimeSpan Handshake)
{
    public bool CertificateValid => PolicyErrors == SslPolicyErrors.None;

    public string Describe() =>
        $"{Protocol}, {CipherSuite}" + (Certificate is null ? ", no certificate" : CertificateValid ? ", certificate valid" : $", certificate not valid here ({PolicyErrors})");

    public JsonObject ToJson() => new()
    {
        ["protocol"] = Protocol,
        ["cipherSuite"] = CipherSuite,
        ["handshakeMs"] = Math.Round(Handshake.TotalMilliseconds, 1),
        ["certificate"] = Certificate?.ToJson(),
        ["certificateErrors"] = PolicyErrors.ToString(),
    };
}
